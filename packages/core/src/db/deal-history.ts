import { Entity, type EntityItem } from "electrodb";
import { entityConfig, SERVICE } from "./config";

/**
 * One stage change of a deal: who, when, from, to, and the amount at that time. It lives in the deal's
 * partition (same partition key as the deal), so the deal and its history are read together.
 */
export const DealHistoryEntity = new Entity(
  {
    model: { entity: "dealhistory", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true, readOnly: true },
      dealId: { type: "string", required: true, readOnly: true },
      /** Time-ordered id: the partition reads in the order the changes happened. */
      historyId: { type: "string", required: true, readOnly: true },
      at: { type: "string", required: true, readOnly: true },
      actorType: { type: "string", required: true },
      actorId: { type: "string", required: true },
      /** Absent for the deal's creation. */
      fromStageId: { type: "string" },
      fromStageName: { type: "string" },
      toStageId: { type: "string", required: true },
      toStageName: { type: "string", required: true },
      amount: { type: "number" },
      currency: { type: "string", required: true },
      reason: { type: "string" },
    },
    indexes: {
      primary: { pk: { field: "pk", composite: ["tenantId", "dealId"] }, sk: { field: "sk", composite: ["historyId"] } },
    },
  },
  entityConfig(),
);
export type DealHistoryItem = EntityItem<typeof DealHistoryEntity>;
