import { Entity, type EntityItem } from "electrodb";
import { entityConfig, SERVICE } from "./config";

/**
 * A customer-care campaign: a trigger, a template per language, a send hour in the tenant's zone, on/off.
 * A tenant has a handful, so they share the tenant's partition and one query lists them.
 */
export const CareCampaignEntity = new Entity(
  {
    model: { entity: "carecampaign", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true, readOnly: true },
      campaignId: { type: "string", required: true, readOnly: true },
      name: { type: "string", required: true },
      /** `{ kind, field?, days? }` (CareDates.Trigger), validated by the care module. */
      trigger: { type: "any", required: true },
      /** `{ "zh-CN"?: { subject, body }, en?: { subject, body } }`. */
      templates: { type: "any", required: true },
      sendHour: { type: "number", required: true },
      enabled: { type: "boolean", required: true },
      /** Limits the campaign to the contacts of a segment (segments/target.ts); absent: every contact. */
      segmentId: { type: "string" },
      version: { type: "number", required: true },
      createdAt: { type: "string", required: true, readOnly: true },
      updatedAt: { type: "string", required: true },
    },
    indexes: {
      primary: { pk: { field: "pk", composite: ["tenantId"] }, sk: { field: "sk", composite: ["campaignId"] } },
    },
  },
  entityConfig(),
);
export type CareCampaignItem = EntityItem<typeof CareCampaignEntity>;
