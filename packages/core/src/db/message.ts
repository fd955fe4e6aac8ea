import { Entity, type EntityItem } from "electrodb";
import { entityConfig, SERVICE } from "./config";

/** One entry of a ticket's conversation: an inbound mail, a public reply or an internal note. */
export const MessageEntity = new Entity(
  {
    model: { entity: "message", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true, readOnly: true },
      ticketId: { type: "string", required: true, readOnly: true },
      messageId: { type: "string", required: true, readOnly: true },
      kind: { type: ["inbound", "reply", "note", "system"] as const, required: true },
      authorType: { type: ["customer", "agent", "system"] as const, required: true },
      authorId: { type: "string" },
      fromEmail: { type: "string" },
      fromName: { type: "string" },
      to: { type: "list", items: { type: "string" } },
      cc: { type: "list", items: { type: "string" } },
      subject: { type: "string" },
      text: { type: "string" },
      /** The new part of the text; `quoted` holds the history the UI collapses. */
      visible: { type: "string" },
      quoted: { type: "string" },
      html: { type: "string" },
      attachments: { type: "any" },
      mailId: { type: "string" },
      rawKey: { type: "string" },
      autoReply: { type: "boolean" },
      bounce: { type: "boolean" },
      problems: { type: "list", items: { type: "string" } },
      createdAt: { type: "string", required: true, readOnly: true },
    },
    indexes: {
      primary: { pk: { field: "pk", composite: ["tenantId", "ticketId"] }, sk: { field: "sk", composite: ["messageId"] } },
    },
  },
  entityConfig(),
);
export type MessageItem = EntityItem<typeof MessageEntity>;
