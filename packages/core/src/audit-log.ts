import { z } from "zod";
import { assertScope, useTenant } from "./actor";
import { AuditEntity } from "./db/audit";
import { Records } from "./records";
import { parse } from "./validation";

export * as AuditLog from "./audit-log";

export const AuditQuery = z.strictObject({
  recordId: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(2000).optional(),
});

/** Audit entries, newest first: the whole tenant's or one record's. Admins only. */
export async function list(raw: unknown) {
  assertScope("audit:read");
  const query = parse(AuditQuery, raw ?? {});
  const tenantId = useTenant();
  const q = query.recordId ? AuditEntity.query.byRecord({ tenantId, recordId: query.recordId }) : AuditEntity.query.primary({ tenantId });
  return Records.page(q, [], { cursor: query.cursor, limit: query.limit, order: "desc" });
}
