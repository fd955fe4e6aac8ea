import { Entity, type EntityItem } from "electrodb";
import { entityConfig, SERVICE } from "./config";

/**
 * A custom object's definition (合同, 项目, 门店, ...). A tenant has a few dozen at most and the nav reads them
 * all, so they share one partition per tenant. `records` counts the object's records: every record write
 * adds to it in the same transaction, so a definition is never deleted under a record being created.
 */
export const ObjectDefEntity = new Entity(
  {
    model: { entity: "objectdef", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true, readOnly: true },
      objectKey: { type: "string", required: true, readOnly: true },
      /** { singular: { en, zh-CN }, plural: { en, zh-CN } } */
      labels: { type: "any", required: true },
      description: { type: "string" },
      /** The label of the name field, { en, zh-CN }. */
      nameLabel: { type: "any", required: true },
      /** [{ key, labels, target: contact|company|deal, many }] */
      relations: { type: "any", required: true },
      records: { type: "number", required: true, default: 0 },
      version: { type: "number", required: true },
      createdAt: { type: "string", required: true, readOnly: true },
      updatedAt: { type: "string", required: true },
    },
    indexes: {
      primary: { pk: { field: "pk", composite: ["tenantId"] }, sk: { field: "sk", composite: ["objectKey"] } },
    },
  },
  entityConfig(),
);
export type ObjectDefItem = EntityItem<typeof ObjectDefEntity>;

/** How many objects a tenant has defined: a conditional add in the definition's transaction enforces the plan. */
export const ObjectCountEntity = new Entity(
  {
    model: { entity: "objectcount", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true, readOnly: true },
      defined: { type: "number", required: true, default: 0 },
    },
    indexes: {
      primary: { pk: { field: "pk", composite: ["tenantId"] }, sk: { field: "sk", composite: [] } },
    },
  },
  entityConfig(),
);

/** One record of a custom object: its name, custom values and relations (the links are items of their own). */
export const ObjectRecordEntity = new Entity(
  {
    model: { entity: "objectrecord", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true, readOnly: true },
      recordId: { type: "string", required: true, readOnly: true },
      objectKey: { type: "string", required: true, readOnly: true },
      name: { type: "string", required: true },
      /** The name normalized for sorting and prefix search. */
      nameKey: { type: "string", required: true },
      custom: { type: "any" },
      /** { <relationKey>: [id, ...] } */
      relations: { type: "any" },
      /** The search terms indexed for the record (kept so an edit removes the old ones). */
      searchTerms: { type: "list", items: { type: "string" } },
      ownerId: { type: "string", required: true },
      version: { type: "number", required: true },
      createdAt: { type: "string", required: true, readOnly: true },
      updatedAt: { type: "string", required: true },
    },
    indexes: {
      primary: { pk: { field: "pk", composite: ["tenantId", "recordId"] }, sk: { field: "sk", composite: [] } },
      byName: { index: "gsi1", pk: { field: "gsi1pk", composite: ["tenantId", "objectKey"] }, sk: { field: "gsi1sk", composite: ["nameKey", "recordId"] } },
    },
  },
  entityConfig(),
);
export type ObjectRecordItem = EntityItem<typeof ObjectRecordEntity>;

/**
 * A record's link to a related contact, company or deal, one item per relation target, so the related
 * record's page finds the records pointing at it with one query (`rel#<type>#<id>` on gsi1).
 */
export const ObjectLinkEntity = new Entity(
  {
    model: { entity: "objectlink", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true, readOnly: true },
      recordId: { type: "string", required: true, readOnly: true },
      objectKey: { type: "string", required: true, readOnly: true },
      relationKey: { type: "string", required: true, readOnly: true },
      relatedType: { type: "string", required: true, readOnly: true },
      relatedId: { type: "string", required: true, readOnly: true },
    },
    indexes: {
      primary: { pk: { field: "pk", composite: ["tenantId", "recordId"] }, sk: { field: "sk", composite: ["relationKey", "relatedType", "relatedId"] } },
      byRelated: { index: "gsi1", pk: { field: "gsi1pk", composite: ["tenantId", "relatedType", "relatedId"] }, sk: { field: "gsi1sk", composite: ["objectKey", "recordId", "relationKey"] } },
    },
  },
  entityConfig(),
);
export type ObjectLinkItem = EntityItem<typeof ObjectLinkEntity>;
