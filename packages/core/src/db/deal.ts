import { Entity, type EntityItem } from "electrodb";
import { entityConfig, SERVICE } from "./config";

/**
 * A deal. Its partition (tenant + deal) also holds its stage history. A board column is the `byColumn`
 * index: partition pipeline + stage, sorted by the card's position key (then the deal id, so equal keys
 * still sort one way). Position keys are mixed-case base-62 and compare byte-wise, so that key keeps its
 * case.
 */
export const DealEntity = new Entity(
  {
    model: { entity: "deal", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true, readOnly: true },
      dealId: { type: "string", required: true, readOnly: true },
      pipelineId: { type: "string", required: true, readOnly: true },
      stageId: { type: "string", required: true },
      /** The kind of the stage the deal is in, as of the write that put it there. */
      status: { type: ["open", "won", "lost"] as const, required: true },
      position: { type: "string", required: true },
      title: { type: "string", required: true },
      /** Normalized title, matched by the board's search. */
      titleKey: { type: "string", required: true },
      /** In the currency's minor unit (fen, cents): an integer, so sums stay exact. */
      amount: { type: "number" },
      currency: { type: "string", required: true },
      contactId: { type: "string" },
      companyId: { type: "string" },
      ownerId: { type: "string", required: true },
      shared: { type: "boolean", required: true, default: false },
      /** YYYY-MM-DD. */
      closeDate: { type: "string" },
      source: { type: "string" },
      /** The marketing campaign that brought the deal (marketing/campaign.ts). */
      campaignId: { type: "string" },
      /** The deal's id in another system (an ERP, a shop's order); unique per tenant (a unique item). */
      externalId: { type: "string" },
      tags: { type: "list", items: { type: "string" } },
      custom: { type: "any" },
      wonReason: { type: "string" },
      lostReason: { type: "string" },
      /** When the deal entered its won or lost stage, and that month in the tenant's time zone. */
      closedAt: { type: "string" },
      closedMonth: { type: "string" },
      stageEnteredAt: { type: "string", required: true },
      /** Stages already counted as reached in the funnel, so a deal counts once per stage. */
      reached: { type: "list", items: { type: "string" } },
      /** Discount in percent (0–100); raising it above a flow's threshold needs approval. */
      discount: { type: "number" },
      /** The pending approval request that locks the deal (edits, moves and deletes answer 409 `approval.pending`). */
      approvalId: { type: "string" },
      /** Index keys derived from contactId and companyId ("-" when absent), so the indexes below stay complete. */
      contactKey: { type: "string", hidden: true, default: "-", watch: ["contactId"], set: (_: unknown, item: { contactId?: string }) => item.contactId || "-" },
      companyKey: { type: "string", hidden: true, default: "-", watch: ["companyId"], set: (_: unknown, item: { companyId?: string }) => item.companyId || "-" },
      version: { type: "number", required: true },
      createdAt: { type: "string", required: true, readOnly: true },
      updatedAt: { type: "string", required: true },
    },
    indexes: {
      primary: { pk: { field: "pk", composite: ["tenantId", "dealId"] }, sk: { field: "sk", composite: [] } },
      byColumn: {
        index: "gsi1",
        pk: { field: "gsi1pk", composite: ["tenantId", "pipelineId", "stageId"] },
        sk: { field: "gsi1sk", composite: ["position", "dealId"], casing: "none" },
      },
      /** Sync pulls (`updatedAfter`): by last change, then id, so a cursor is stable. */
      byUpdated: { index: "gsi2", pk: { field: "gsi2pk", composite: ["tenantId"] }, sk: { field: "gsi2sk", composite: ["updatedAt", "dealId"] } },
      /** A contact's and a company's deals (a merge repoints them with one query). */
      byContact: { index: "gsi3", pk: { field: "gsi3pk", composite: ["tenantId", "contactKey"] }, sk: { field: "gsi3sk", composite: ["dealId"] } },
      byCompany: { index: "gsi4", pk: { field: "gsi4pk", composite: ["tenantId", "companyKey"] }, sk: { field: "gsi4sk", composite: ["dealId"] } },
    },
  },
  entityConfig(),
);
export type DealItem = EntityItem<typeof DealEntity>;
