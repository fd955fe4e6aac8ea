import { Entity, type EntityItem } from "electrodb";
import { entityConfig, SERVICE } from "./config";

/** A group robot of 企业微信, 钉钉 or 飞书 and the events it posts to that group. */
export const RobotEntity = new Entity(
  {
    model: { entity: "robot", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true, readOnly: true },
      robotId: { type: "string", required: true, readOnly: true },
      platform: { type: ["wecom", "dingtalk", "feishu"] as const, required: true },
      name: { type: "string", required: true },
      url: { type: "string", required: true },
      /** 钉钉 and 飞书 signing secret, when the robot has signing on. */
      secret: { type: "string" },
      events: { type: "list", items: { type: "string" }, required: true },
      active: { type: "boolean", required: true },
      version: { type: "number", required: true },
      createdAt: { type: "string", required: true, readOnly: true },
      updatedAt: { type: "string", required: true },
    },
    indexes: {
      primary: { pk: { field: "pk", composite: ["tenantId"] }, sk: { field: "sk", composite: ["robotId"] } },
    },
  },
  entityConfig(),
);
export type RobotItem = EntityItem<typeof RobotEntity>;

/** One message posted to a robot: what, when, and how the platform answered (kept 30 days). */
export const RobotDeliveryEntity = new Entity(
  {
    model: { entity: "robotdelivery", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true, readOnly: true },
      robotId: { type: "string", required: true, readOnly: true },
      deliveryId: { type: "string", required: true, readOnly: true },
      eventId: { type: "string", required: true },
      eventType: { type: "string", required: true },
      ok: { type: "boolean", required: true },
      status: { type: "number" },
      latencyMs: { type: "number", required: true },
      response: { type: "string" },
      error: { type: "string" },
      at: { type: "string", required: true },
      expiresAt: { type: "number" },
      /** Retries (robot-delivery.ts): attempts made, the state, the next try, the runner holding it. */
      attempts: { type: "number" },
      state: { type: ["sending", "pending", "succeeded", "failed"] as const },
      nextAttemptAt: { type: "string" },
      claim: { type: "string" },
      /** The message as first formatted (a retry posts the same alert, signed afresh). */
      alert: { type: "any" },
      /** Each attempt: { attempt, at, status, latencyMs, response, error }. */
      log: { type: "any" },
    },
    indexes: {
      primary: { pk: { field: "pk", composite: ["tenantId", "robotId"] }, sk: { field: "sk", composite: ["deliveryId"] } },
    },
  },
  entityConfig(),
);
