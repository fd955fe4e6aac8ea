import { z } from "zod";
import { Robot } from "@crm/core/connect/robot";
import { route } from "../route";

const tags = ["robots"];
const feature = "webhooks" as const;

const RobotOut = z.object({
  robotId: z.string(), platform: z.enum(["wecom", "dingtalk", "feishu"]), name: z.string(), url: z.string(), signed: z.boolean(),
  events: z.array(z.string()), active: z.boolean(), version: z.number(), createdAt: z.string(), updatedAt: z.string(),
});
const Attempt = z.object({ ok: z.boolean(), status: z.number().nullable(), response: z.string(), error: z.string().nullable() });

/** Alerts to 企业微信, 钉钉 and 飞书 group robots. */
export const robotRoutes = [
  route({ method: "get", path: "/api/robots", summary: "The chat robots and the events they can carry", auth: "tenant", scope: "settings:read", feature, tags,
    response: z.object({ items: z.array(RobotOut), events: z.array(z.string()) }), handler: () => Robot.list() }),
  route({ method: "post", path: "/api/robots", summary: "Connect a group robot (企业微信, 钉钉 with its signing secret, 飞书)", auth: "tenant", scope: "settings:write", feature, body: Robot.RobotInput, status: 201, tags,
    response: RobotOut, handler: ({ body }) => Robot.create(body) }),
  route({ method: "patch", path: "/api/robots/:robotId", summary: "Change a robot (needs its current version)", auth: "tenant", scope: "settings:write", feature, body: Robot.RobotPatch, tags,
    response: RobotOut, handler: ({ params, body }) => Robot.update(params.robotId, body) }),
  route({ method: "delete", path: "/api/robots/:robotId", summary: "Disconnect a robot", auth: "tenant", scope: "settings:write", feature, tags,
    handler: ({ params }) => Robot.remove(params.robotId) }),
  route({ method: "post", path: "/api/robots/:robotId/test", summary: "Post a sample message to the group", auth: "tenant", scope: "settings:write", feature, tags,
    response: Attempt.nullable(), handler: ({ params }) => Robot.test(params.robotId) }),
  route({ method: "get", path: "/api/robots/:robotId/deliveries", summary: "The robot's last 50 posts and the platform's answers", auth: "tenant", scope: "settings:read", feature, tags,
    response: z.object({ items: z.array(z.object({ deliveryId: z.string(), eventType: z.string(), ok: z.boolean(), status: z.number().nullable(), latencyMs: z.number(), response: z.string(), error: z.string().nullable(), at: z.string(),
      state: z.enum(["sending", "pending", "succeeded", "failed"]), attempts: z.number(), nextAttemptAt: z.string().nullable(),
      log: z.array(z.object({ attempt: z.number(), at: z.string(), status: z.number().nullable(), latencyMs: z.number(), error: z.string().nullable() })) })) }),
    handler: ({ params }) => Robot.deliveries(params.robotId) }),
];
