import { Entity, type EntityItem } from "electrodb";
import { entityConfig, SERVICE } from "./config";

/**
 * An ownership-conflict key (撞单): one item per normalized key of a lead, contact or company (`n:` company
 * name, `p:` E.164 phone, `e:` email), written in the record's transaction. A check reads the partition of
 * each key it is given, so it costs the same whatever the tenant's size; it never scans.
 */
export const ConflictKeyEntity = new Entity(
  {
    model: { entity: "conflictkey", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true, readOnly: true },
      key: { type: "string", required: true, readOnly: true },
      recordType: { type: ["lead", "contact", "company"] as const, required: true, readOnly: true },
      recordId: { type: "string", required: true, readOnly: true },
    },
    indexes: {
      primary: { pk: { field: "pk", composite: ["tenantId", "key"] }, sk: { field: "sk", composite: ["recordType", "recordId"] } },
    },
  },
  entityConfig(),
);
export type ConflictKeyItem = EntityItem<typeof ConflictKeyEntity>;

/** A tenant's conflict rules: warn or block, and which keys count; absent means the defaults. */
export const ConflictSettingsEntity = new Entity(
  {
    model: { entity: "conflictsettings", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true, readOnly: true },
      mode: { type: ["warn", "block"] as const, required: true },
      keys: { type: "list", items: { type: "string" }, required: true },
      version: { type: "number", required: true },
      updatedAt: { type: "string", required: true },
    },
    indexes: {
      primary: { pk: { field: "pk", composite: ["tenantId"] }, sk: { field: "sk", composite: [] } },
    },
  },
  entityConfig(),
);
export type ConflictSettingsItem = EntityItem<typeof ConflictSettingsEntity>;
