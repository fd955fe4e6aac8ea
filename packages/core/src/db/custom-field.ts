import { Entity, type EntityItem } from "electrodb";
import { entityConfig, SERVICE } from "./config";

/**
 * A custom field definition. A tenant's definitions are few (hundreds at most) and every write of a record
 * validates against them, so they share one partition per tenant: one query reads them all into the cache.
 * The key is unique per object through a unique item written in the same transaction; it stays taken while
 * the field is soft-deleted (its values are kept) and is freed when the field is purged.
 */
export const CustomFieldEntity = new Entity(
  {
    model: { entity: "customfield", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true, readOnly: true },
      fieldId: { type: "string", required: true, readOnly: true },
      /** contact, company, deal, ticket (a string, so custom objects can reuse it). */
      objectType: { type: "string", required: true, readOnly: true },
      key: { type: "string", required: true, readOnly: true },
      type: { type: "string", required: true, readOnly: true },
      labels: { type: "any", required: true },
      help: { type: "any" },
      required: { type: "boolean", required: true, default: false },
      default: { type: "any" },
      /** min/max (numbers, money amounts, text lengths, multi-select counts), pattern, options, link targets. */
      validation: { type: "any" },
      searchable: { type: "boolean", required: true, default: false },
      position: { type: "number", required: true },
      deletedAt: { type: "string" },
      /** Set when a purge started: the values are being removed from records, then the definition goes. */
      purgingAt: { type: "string" },
      purgeCursor: { type: "string" },
      version: { type: "number", required: true },
      createdAt: { type: "string", required: true, readOnly: true },
      updatedAt: { type: "string", required: true },
    },
    indexes: {
      primary: { pk: { field: "pk", composite: ["tenantId"] }, sk: { field: "sk", composite: ["fieldId"] } },
    },
  },
  entityConfig(),
);
export type CustomFieldItem = EntityItem<typeof CustomFieldEntity>;

/**
 * How many active custom fields an object has, so the plan's limit is a conditional add in the same
 * transaction as the definition (two admins adding the last field at once cannot both win).
 */
export const CustomFieldCountEntity = new Entity(
  {
    model: { entity: "customfieldcount", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true, readOnly: true },
      objectType: { type: "string", required: true, readOnly: true },
      active: { type: "number", required: true, default: 0 },
    },
    indexes: {
      primary: { pk: { field: "pk", composite: ["tenantId"] }, sk: { field: "sk", composite: ["objectType"] } },
    },
  },
  entityConfig(),
);
