import { Entity, type EntityItem } from "electrodb";
import { entityConfig, SERVICE } from "./config";

/**
 * A person. The record's own partition (tenant + contact) will also hold what hangs off it (notes,
 * activities), so one query reads a timeline. Lists are GSI queries: by name, by last update, by company.
 */
export const ContactEntity = new Entity(
  {
    model: { entity: "contact", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true, readOnly: true },
      contactId: { type: "string", required: true, readOnly: true },
      name: { type: "string", required: true },
      /** Normalized name used for sorting (lower case, trimmed). */
      nameKey: { type: "string", required: true },
      email: { type: "string" },
      phone: { type: "string" },
      title: { type: "string" },
      /** `MM-DD` or `YYYY-MM-DD` (care campaigns). */
      birthday: { type: "string" },
      /** zh-CN or en: which template a care message uses. */
      language: { type: "string" },
      /** The record's id in another system; unique per tenant (a unique item). */
      externalId: { type: "string" },
      companyId: { type: "string" },
      /** Where the contact came from (free text) and the marketing campaign that brought them. */
      source: { type: "string" },
      campaignId: { type: "string" },
      /** companyId or "-" so the by-company index is always complete. */
      companyKey: { type: "string", required: true },
      tags: { type: "list", items: { type: "string" } },
      ownerId: { type: "string", required: true },
      shared: { type: "boolean", required: true, default: false },
      /** Custom field values by field key, validated against the tenant's definitions. */
      custom: { type: "any" },
      /** Lifecycle stage (data/lifecycle-rules.ts); absent means subscriber. Moved only by Lifecycle, with its history. */
      lifecycleStage: { type: "string" },
      /** When the record entered its lifecycle stage. */
      lifecycleSince: { type: "string" },
      searchTerms: { type: "list", items: { type: "string" } },
      version: { type: "number", required: true },
      createdAt: { type: "string", required: true, readOnly: true },
      updatedAt: { type: "string", required: true },
    },
    indexes: {
      primary: { pk: { field: "pk", composite: ["tenantId", "contactId"] }, sk: { field: "sk", composite: [] } },
      byName: { index: "gsi1", pk: { field: "gsi1pk", composite: ["tenantId"] }, sk: { field: "gsi1sk", composite: ["nameKey", "contactId"] } },
      byUpdated: { index: "gsi2", pk: { field: "gsi2pk", composite: ["tenantId"] }, sk: { field: "gsi2sk", composite: ["updatedAt", "contactId"] } },
      byCompany: { index: "gsi3", pk: { field: "gsi3pk", composite: ["tenantId", "companyKey"] }, sk: { field: "gsi3sk", composite: ["nameKey", "contactId"] } },
    },
  },
  entityConfig(),
);
export type ContactItem = EntityItem<typeof ContactEntity>;
