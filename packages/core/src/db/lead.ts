import { Entity, type EntityItem } from "electrodb";
import { entityConfig, SERVICE } from "./config";

export const LEAD_STATUSES = ["new", "working", "converted", "disqualified"] as const;
export type LeadStatus = (typeof LEAD_STATUSES)[number];

/**
 * A lead: someone who may buy, before they become a contact, company and deal. Lists are GSI queries:
 * newest first for the tenant, per status, per owner (each newest first); search uses index items.
 */
export const LeadEntity = new Entity(
  {
    model: { entity: "lead", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true, readOnly: true },
      leadId: { type: "string", required: true, readOnly: true },
      name: { type: "string", required: true },
      companyName: { type: "string" },
      email: { type: "string" },
      /** E.164. */
      phone: { type: "string" },
      source: { type: "string" },
      /** The marketing campaign that brought the lead (marketing/campaign.ts). */
      campaignId: { type: "string" },
      /** Region or province, as the form or the API gave it. */
      region: { type: "string" },
      tags: { type: "list", items: { type: "string" } },
      /** In the currency's minor unit (fen, cents). */
      amount: { type: "number" },
      currency: { type: "string" },
      message: { type: "string" },
      status: { type: LEAD_STATUSES, required: true },
      ownerId: { type: "string", required: true },
      shared: { type: "boolean", required: true, default: false },
      /** How the owner was chosen: a rule id, "default", "manual" or "form". */
      routedBy: { type: "string" },
      /** Set when converted: what the conversion created or attached to. */
      contactId: { type: "string" },
      companyId: { type: "string" },
      dealId: { type: "string" },
      convertedAt: { type: "string" },
      searchTerms: { type: "list", items: { type: "string" } },
      version: { type: "number", required: true },
      createdAt: { type: "string", required: true, readOnly: true },
      updatedAt: { type: "string", required: true },
    },
    indexes: {
      primary: { pk: { field: "pk", composite: ["tenantId", "leadId"] }, sk: { field: "sk", composite: [] } },
      byCreated: { index: "gsi1", pk: { field: "gsi1pk", composite: ["tenantId"] }, sk: { field: "gsi1sk", composite: ["createdAt", "leadId"] } },
      byStatus: { index: "gsi2", pk: { field: "gsi2pk", composite: ["tenantId", "status"] }, sk: { field: "gsi2sk", composite: ["createdAt", "leadId"] } },
      byOwner: { index: "gsi3", pk: { field: "gsi3pk", composite: ["tenantId", "ownerId"] }, sk: { field: "gsi3sk", composite: ["createdAt", "leadId"] } },
      /** Sync pulls (`updatedAfter`): by last change, then id, so a cursor is stable. */
      byUpdated: { index: "gsi4", pk: { field: "gsi4pk", composite: ["tenantId"] }, sk: { field: "gsi4sk", composite: ["updatedAt", "leadId"] } },
    },
  },
  entityConfig(),
);
export type LeadItem = EntityItem<typeof LeadEntity>;
