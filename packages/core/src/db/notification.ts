import { Entity, type EntityItem } from "electrodb";
import { entityConfig, SERVICE } from "./config";

/** A person's notification, newest last by id; `unread` items count into the person's counter. */
export const NotificationEntity = new Entity(
  {
    model: { entity: "notification", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true, readOnly: true },
      userId: { type: "string", required: true, readOnly: true },
      notificationId: { type: "string", required: true, readOnly: true },
      kind: { type: ["mention", "assigned", "sla", "churn", "task", "pool", "approval"] as const, required: true },
      title: { type: "string", required: true },
      body: { type: "string" },
      link: { type: "string" },
      sourceKey: { type: "string" },
      readAt: { type: "string" },
      createdAt: { type: "string", required: true, readOnly: true },
    },
    indexes: {
      primary: { pk: { field: "pk", composite: ["tenantId", "userId"] }, sk: { field: "sk", composite: ["notificationId"] } },
    },
  },
  entityConfig(),
);
export type NotificationItem = EntityItem<typeof NotificationEntity>;

/** Per person: the unread count and the delivery preference per kind (in app, email, daily digest). */
export const InboxStateEntity = new Entity(
  {
    model: { entity: "inboxstate", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true, readOnly: true },
      userId: { type: "string", required: true, readOnly: true },
      unread: { type: "number", default: 0 },
      prefs: { type: "any" },
    },
    indexes: {
      primary: { pk: { field: "pk", composite: ["tenantId", "userId"] }, sk: { field: "sk", composite: [] } },
    },
  },
  entityConfig(),
);
