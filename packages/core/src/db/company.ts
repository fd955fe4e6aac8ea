import { Entity, type EntityItem } from "electrodb";
import { entityConfig, SERVICE } from "./config";

/** An organisation; contacts link to it by companyId. */
export const CompanyEntity = new Entity(
  {
    model: { entity: "company", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true, readOnly: true },
      companyId: { type: "string", required: true, readOnly: true },
      name: { type: "string", required: true },
      nameKey: { type: "string", required: true },
      domain: { type: "string" },
      phone: { type: "string" },
      industry: { type: "string" },
      /** The company's id in another system (an ERP, a shop); unique per tenant (a unique item). */
      externalId: { type: "string" },
      /** 统一社会信用代码 (normalized); unique per tenant (a unique item, rule `company.creditCode`). */
      creditCode: { type: "string" },
      tags: { type: "list", items: { type: "string" } },
      ownerId: { type: "string", required: true },
      shared: { type: "boolean", required: true, default: false },
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
      primary: { pk: { field: "pk", composite: ["tenantId", "companyId"] }, sk: { field: "sk", composite: [] } },
      byName: { index: "gsi1", pk: { field: "gsi1pk", composite: ["tenantId"] }, sk: { field: "gsi1sk", composite: ["nameKey", "companyId"] } },
      byUpdated: { index: "gsi2", pk: { field: "gsi2pk", composite: ["tenantId"] }, sk: { field: "gsi2sk", composite: ["updatedAt", "companyId"] } },
    },
  },
  entityConfig(),
);
export type CompanyItem = EntityItem<typeof CompanyEntity>;
