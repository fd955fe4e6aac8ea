import { Entity, type EntityItem } from "electrodb";
import { entityConfig, SERVICE } from "./config";

/**
 * A customer's health (one per contact or company): the signal aggregates kept up to date from events,
 * the last computed score and band, and a bounded history of scores. `byBand` serves the at-risk list
 * (partition tenant + band, sorted by the customer's value); `byTenant` reads a tenant's health items.
 */
export const HealthEntity = new Entity(
  {
    model: { entity: "health", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true, readOnly: true },
      /** `contact#id` or `company#id`. */
      recordKey: { type: "string", required: true, readOnly: true },
      recordType: { type: ["contact", "company"] as const, required: true, readOnly: true },
      recordId: { type: "string", required: true, readOnly: true },
      name: { type: "string", required: true },
      ownerId: { type: "string", required: true },
      shared: { type: "boolean", required: true, default: false },
      /** See retention/health-signals.ts `Aggregates`. */
      aggregates: { type: "any", required: true },
      score: { type: "number", required: true },
      band: { type: ["healthy", "watch", "at_risk"] as const, required: true },
      /** Open and won deal amounts, minor units. */
      value: { type: "number", required: true },
      /** Zero-padded `value`, so the band index sorts by it. */
      valueKey: { type: "string", required: true },
      /** When the customer last entered the at-risk band (the alert's idempotency key). */
      atRiskSince: { type: "string" },
      /** The `atRiskSince` the alert was raised for: the claim that makes the alert once per entry. */
      alertedFor: { type: "string" },
      /** One point per day the score changed: `{ day: "YYYY-MM-DD", score }`, oldest first, bounded. */
      history: { type: "any", required: true },
      computedAt: { type: "string", required: true },
      version: { type: "number", required: true },
    },
    indexes: {
      primary: { pk: { field: "pk", composite: ["tenantId", "recordKey"] }, sk: { field: "sk", composite: [] } },
      byBand: { index: "gsi1", pk: { field: "gsi1pk", composite: ["tenantId", "band"] }, sk: { field: "gsi1sk", composite: ["valueKey", "recordKey"] } },
      byTenant: { index: "gsi2", pk: { field: "gsi2pk", composite: ["tenantId"] }, sk: { field: "gsi2sk", composite: ["recordKey"] } },
    },
  },
  entityConfig(),
);
export type HealthItem = EntityItem<typeof HealthEntity>;
