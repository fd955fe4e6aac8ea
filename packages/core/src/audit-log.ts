import { stringify } from "csv-stringify/sync";
import { z } from "zod";
import { assertScope, useTenant } from "./actor";
import { auditDays } from "./audit-retention";
import { Config } from "./config";
import { AuditEntity, type AuditItem } from "./db/audit";
import { ValidationError } from "./errors";
import { idBounds } from "./id";
import { Records } from "./records";
import { epochSeconds } from "./table";
import { type AuditInput, auditItem } from "./tx";
import { parse } from "./validation";

export * as AuditLog from "./audit-log";

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "A date as YYYY-MM-DD.");

export const AuditQuery = z.strictObject({
  recordId: z.string().max(64).optional(),
  /** A user id, an API key id, or a system job's name. */
  actorId: z.string().max(64).optional(),
  /** Actions starting with this, e.g. `contact.` or `auth.sign_in_failed`. */
  action: z.string().max(64).optional(),
  /** First and last day (UTC) of the period, both included. */
  from: Day.optional(),
  to: Day.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(2000).optional(),
});
export type AuditQuery = z.infer<typeof AuditQuery>;

function query(q: AuditQuery) {
  const tenantId = useTenant();
  const from = q.from ? Date.parse(`${q.from}T00:00:00Z`) : 0;
  const to = q.to ? Date.parse(`${q.to}T23:59:59.999Z`) : Date.parse("9999-12-31T00:00:00Z");
  if (from > to) throw new ValidationError("The period ends before it starts.", { to: "Before `from`." });
  const range = { low: idBounds(from).low, high: idBounds(to).high };
  const base = q.recordId
    ? AuditEntity.query.byRecord({ tenantId, recordId: q.recordId })
    : q.actorId
      ? AuditEntity.query.byActor({ tenantId, actorId: q.actorId })
      : AuditEntity.query.primary({ tenantId });
  const wheres: Array<(a: any, op: any) => string> = [];
  if (q.recordId && q.actorId) wheres.push((a, op) => op.eq(a.actorId, q.actorId));
  if (q.action) wheres.push((a, op) => op.begins(a.action, q.action));
  return { q: (base as any).between({ auditId: range.low }, { auditId: range.high }), wheres };
}

function present(a: AuditItem) {
  const { tenantId: _t, expiresAt: _e, ...rest } = a;
  return rest;
}

/**
 * Audit entries, newest first: the whole workspace's, one record's or one actor's, over a period. Admins
 * only; there is no route that edits or deletes them — they expire after the plan's retention.
 */
export async function list(raw: unknown) {
  assertScope("audit:read");
  const input = parse(AuditQuery, raw ?? {});
  const { q, wheres } = query(input);
  const res = await Records.page<AuditItem>(q, wheres, { cursor: input.cursor, limit: input.limit, order: "desc" });
  return { items: res.items.map(present), cursor: res.cursor };
}

/** At most this many entries go into one export; narrow the period for more. */
export const EXPORT_MAX = 50_000;

/** The filtered log as CSV (UTF-8 with a BOM for Excel), newest first. The export itself is audited. */
export async function exportCsv(raw: unknown): Promise<{ csv: string; rows: number; truncated: boolean }> {
  assertScope("audit:read");
  const input = parse(AuditQuery, raw ?? {});
  const { q, wheres } = query(input);
  const rows: string[][] = [];
  let cursor: string | null = null;
  do {
    const page: { items: AuditItem[]; cursor: string | null } = await Records.page<AuditItem>(q, wheres, { cursor: cursor ?? undefined, limit: 1000, order: "desc" });
    for (const a of page.items) {
      rows.push([a.at, a.actorType, a.actorId, a.ip ?? "", a.action, a.recordType ?? "", a.recordId, JSON.stringify(a.changes ?? {})]);
    }
    cursor = page.cursor;
  } while (cursor && rows.length < EXPORT_MAX);
  const truncated = rows.length >= EXPORT_MAX && cursor !== null;
  const csv = "\ufeff" + stringify([["at", "actor_type", "actor_id", "ip", "action", "record_type", "record_id", "changes"], ...rows.slice(0, EXPORT_MAX)]);
  await record(useTenant(), { action: "audit.exported", recordType: "audit", recordId: useTenant(), after: { rows: Math.min(rows.length, EXPORT_MAX), ...filtersOf(input) } });
  return { csv, rows: Math.min(rows.length, EXPORT_MAX), truncated };
}

function filtersOf(q: AuditQuery) {
  const { limit: _l, cursor: _c, ...filters } = q;
  return filters;
}

/**
 * An entry for something that is not a change to a stored record (a sign-in, a failed sign-in, an export),
 * by the current actor. Changes to records are audited in their own transaction (`Tx.audit`).
 */
export async function record(tenantId: string, input: AuditInput): Promise<void> {
  if (!Config.auditEnabled()) return;
  const item = auditItem(tenantId, input);
  item.expiresAt = epochSeconds(new Date(item.at)) + (await auditDays(tenantId)) * 86400;
  await AuditEntity.create(item).go();
}
