import { Entity, type EntityItem } from "electrodb";
import { entityConfig, SERVICE } from "./config";

/** A tenant's churn scoring rules (weights, full levels, band thresholds); absent means the defaults. */
export const ChurnSettingsEntity = new Entity(
  {
    model: { entity: "churnsettings", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true, readOnly: true },
      settings: { type: "any", required: true },
      version: { type: "number", required: true },
      updatedAt: { type: "string", required: true },
    },
    indexes: {
      primary: { pk: { field: "pk", composite: ["tenantId"] }, sk: { field: "sk", composite: [] } },
    },
  },
  entityConfig(),
);
export type ChurnSettingsItem = EntityItem<typeof ChurnSettingsEntity>;
