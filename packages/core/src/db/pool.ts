import { Entity, type EntityItem } from "electrodb";
import { entityConfig, SERVICE } from "./config";

/** A customer pool (公海): who may see and claim from it, and its recycle and claim rules. */
export const PoolEntity = new Entity(
  {
    model: { entity: "pool", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true, readOnly: true },
      poolId: { type: "string", required: true, readOnly: true },
      name: { type: "string", required: true },
      memberIds: { type: "list", items: { type: "string" }, required: true },
      teamIds: { type: "list", items: { type: "string" }, required: true },
      /** PoolRules.Rules, and overrides per customer level. */
      rules: { type: "any", required: true },
      levels: { type: "any" },
      /** PoolRules.ClaimLimits. */
      limits: { type: "any", required: true },
      isDefault: { type: "boolean", required: true, default: false },
      version: { type: "number", required: true },
      createdAt: { type: "string", required: true, readOnly: true },
      updatedAt: { type: "string", required: true },
    },
    indexes: {
      primary: { pk: { field: "pk", composite: ["tenantId"] }, sk: { field: "sk", composite: ["poolId"] } },
    },
  },
  entityConfig(),
);
export type PoolItem = EntityItem<typeof PoolEntity>;

/**
 * A company under a pool's rules: in the pool (`pooled`, no owner) or owned by someone who claimed or was
 * assigned it. It keeps what the recycle rules read (follow-ups, deals, contracts), the due time computed
 * from them, and when each previous owner let it go (for the cooldown). Listed per pool by when it came in.
 */
export const PoolCustomerEntity = new Entity(
  {
    model: { entity: "poolcustomer", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true, readOnly: true },
      companyId: { type: "string", required: true, readOnly: true },
      poolId: { type: "string", required: true },
      state: { type: ["pooled", "owned"] as const, required: true },
      ownerId: { type: "string" },
      ownedSince: { type: "string" },
      pooledAt: { type: "string" },
      /** Why it last came into the pool: a rule (no_follow_up, ...), `returned` or `added`. */
      pooledReason: { type: "string" },
      level: { type: "string" },
      lastFollowUpAt: { type: "string" },
      openDeals: { type: "number", required: true, default: 0 },
      lastDealClosedAt: { type: "string" },
      lastWonAt: { type: "string" },
      won: { type: "boolean", required: true, default: false },
      contractEndAt: { type: "string" },
      recycleAt: { type: "string" },
      warnAt: { type: "string" },
      warnedFor: { type: "string" },
      /** userId → when that person last stopped owning it. */
      releasedAt: { type: "any" },
      version: { type: "number", required: true },
      updatedAt: { type: "string", required: true },
    },
    indexes: {
      primary: { pk: { field: "pk", composite: ["tenantId", "companyId"] }, sk: { field: "sk", composite: [] } },
      byPool: { index: "gsi1", pk: { field: "gsi1pk", composite: ["tenantId", "poolId", "state"] }, sk: { field: "gsi1sk", composite: ["pooledAt", "companyId"] } },
    },
  },
  entityConfig(),
);
export type PoolCustomerItem = EntityItem<typeof PoolCustomerEntity>;

/**
 * Claim counters in the tenant's partition: `day#<poolId>#<userId>#<yyyy-MM-dd>` claims made that day from a pool, `owned#<userId>`
 * customers owned under pool rules, `open#<userId>` those of them without a won deal. A claim adds to them on
 * the condition that they are still under the limit, so simultaneous claims cannot beat a limit.
 */
export const PoolCounterEntity = new Entity(
  {
    model: { entity: "poolcounter", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true, readOnly: true },
      name: { type: "string", required: true, readOnly: true },
      value: { type: "number", required: true, default: 0 },
      expiresAt: { type: "number" },
    },
    indexes: {
      primary: { pk: { field: "pk", composite: ["tenantId"] }, sk: { field: "sk", composite: ["name"] } },
    },
  },
  entityConfig(),
);
