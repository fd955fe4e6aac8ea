import { Entity, type EntityItem } from "electrodb";
import { entityConfig, SERVICE } from "./config";

/**
 * A ticket. Its conversation (`message` items) shares its partition. Queues are GSI queries: by assignee,
 * by group, all by last update, by the SLA deadline (overdue), by requester.
 */
export const TicketEntity = new Entity(
  {
    model: { entity: "ticket", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true, readOnly: true },
      ticketId: { type: "string", required: true, readOnly: true },
      number: { type: "number", required: true, readOnly: true },
      subject: { type: "string", required: true },
      requesterId: { type: "string" },
      requesterEmail: { type: "string" },
      requesterName: { type: "string" },
      /** The requester's contact id, or "-": keeps the by-requester index complete. */
      requesterKey: { type: "string", required: true },
      cc: { type: "list", items: { type: "string" } },
      status: { type: ["new", "open", "pending", "on-hold", "solved", "closed"] as const, required: true },
      priority: { type: ["low", "normal", "high", "urgent"] as const, required: true },
      assigneeId: { type: "string" },
      assigneeKey: { type: "string", required: true },
      groupId: { type: "string" },
      groupKey: { type: "string", required: true },
      tags: { type: "list", items: { type: "string" } },
      channel: { type: ["email", "web", "api"] as const, required: true },
      companyId: { type: "string" },
      replyToken: { type: "string", required: true, readOnly: true },
      /** Email Message-IDs of the conversation, oldest first (capped), for References on replies. */
      mailIds: { type: "list", items: { type: "string" } },
      statusHistory: { type: "any" },
      firstAgentReplyAt: { type: "string" },
      lastCustomerMessageAt: { type: "string" },
      lastAgentReplyAfterCustomerAt: { type: "string" },
      solvedAt: { type: "string" },
      /** The SLA policy and its clocks as last computed (see service/sla.ts). */
      sla: { type: "any" },
      /** Earliest SLA breach time, or "9999" when none: sorts the overdue queue. */
      breachKey: { type: "string", required: true },
      custom: { type: "any" },
      ownerId: { type: "string", required: true },
      shared: { type: "boolean", required: true, default: true },
      version: { type: "number", required: true },
      createdAt: { type: "string", required: true, readOnly: true },
      updatedAt: { type: "string", required: true },
    },
    indexes: {
      primary: { pk: { field: "pk", composite: ["tenantId", "ticketId"] }, sk: { field: "sk", composite: [] } },
      byAssignee: { index: "gsi1", pk: { field: "gsi1pk", composite: ["tenantId", "assigneeKey"] }, sk: { field: "gsi1sk", composite: ["updatedAt", "ticketId"] } },
      byGroup: { index: "gsi2", pk: { field: "gsi2pk", composite: ["tenantId", "groupKey"] }, sk: { field: "gsi2sk", composite: ["updatedAt", "ticketId"] } },
      byUpdated: { index: "gsi3", pk: { field: "gsi3pk", composite: ["tenantId"] }, sk: { field: "gsi3sk", composite: ["updatedAt", "ticketId"] } },
      byBreach: { index: "gsi4", pk: { field: "gsi4pk", composite: ["tenantId"] }, sk: { field: "gsi4sk", composite: ["breachKey", "ticketId"] } },
      byRequester: { index: "gsi5", pk: { field: "gsi5pk", composite: ["tenantId", "requesterKey"] }, sk: { field: "gsi5sk", composite: ["createdAt", "ticketId"] } },
    },
  },
  entityConfig(),
);
export type TicketItem = EntityItem<typeof TicketEntity>;
