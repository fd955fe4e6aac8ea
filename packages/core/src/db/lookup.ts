import { Entity, type EntityItem } from "electrodb";
import { entityConfig, SERVICE } from "./config";

/**
 * Global lookups: the only items whose keys do not start with a tenant. Every kind is listed here:
 * - `slug`: tenant slug → tenantId
 * - `email`: user email → userId
 * - `token`: sha256 of a session, verification, reset or invitation secret → what it grants (with TTL)
 * - `ratelimit`: a counter per key and window, or a log of recent hits (with TTL)
 * - `idem`: an Idempotency-Key per actor → the first answer (with TTL)
 * - `inbound`: an inbound mail address (the tenant's own or a registered support address) → tenantId
 * - the due-time index (`due.ts`: queue → dueAt, tenantId, recordId) read by the sweepers
 * (the membership-by-user index, gsi1 on `membership`, is the other global access path)
 */
export const LookupEntity = new Entity(
  {
    model: { entity: "lookup", version: "1", service: SERVICE },
    attributes: {
      kind: { type: ["slug", "email", "token", "ratelimit", "inbound", "idem"] as const, required: true, readOnly: true },
      key: { type: "string", required: true, readOnly: true },
      /** What the key points to (tenantId, userId, ...). */
      value: { type: "string" },
      /** For tokens: session | verify | reset | invite. */
      purpose: { type: "string" },
      tenantId: { type: "string" },
      data: { type: "any" },
      count: { type: "number" },
      /** For sliding-log rate limits: the moments (epoch ms) of the recent hits. */
      times: { type: "list", items: { type: "number" } },
      expiresAt: { type: "number" },
      createdAt: { type: "string" },
    },
    indexes: {
      primary: { pk: { field: "pk", composite: ["kind", "key"] }, sk: { field: "sk", composite: [] } },
    },
  },
  entityConfig(),
);
export type LookupItem = EntityItem<typeof LookupEntity>;
