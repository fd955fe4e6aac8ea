import { z } from "zod";
import { Webhook } from "@crm/core/connect/webhook";
import { WebhookDelivery } from "@crm/core/connect/webhook-delivery";
import { route, type RouteSpec } from "../route";
import * as R from "../responses";

const tags = ["webhooks"];
const gate = { auth: "tenant", feature: "webhooks", tags } as const;

export const webhooksRoutes: RouteSpec[] = [
  route({ ...gate, method: "get", path: "/api/webhook-event-types", summary: "The event types and area.* patterns a webhook can subscribe to", scope: "settings:read", response: R.Items(z.strictObject({ area: z.string(), pattern: z.string(), types: z.array(z.string()) })),
    handler: async () => Webhook.eventTypes() }),
  route({ ...gate, method: "get", path: "/api/webhooks", summary: "Webhooks with their events, state and failure streak (never the secret)", scope: "settings:read", response: R.Items(R.Webhook),
    handler: async () => ({ items: await Webhook.list() }) }),
  route({ ...gate, method: "post", path: "/api/webhooks", summary: "Subscribe an https URL to events; the signing secret is in this answer only", scope: "settings:write", body: Webhook.CreateInput, status: 201, response: R.Webhook.extend({ secret: z.string() }),
    handler: ({ body }) => Webhook.create(body) }),
  route({ ...gate, method: "get", path: "/api/webhooks/:webhookId", summary: "One webhook", scope: "settings:read", response: R.Webhook,
    handler: ({ params }) => Webhook.get(params.webhookId) }),
  route({ ...gate, method: "patch", path: "/api/webhooks/:webhookId", summary: "Change a webhook or switch it on or off (with its version)", scope: "settings:write", body: Webhook.PatchInput, response: R.Webhook,
    handler: ({ params, body }) => Webhook.update(params.webhookId, body) }),
  route({ ...gate, method: "delete", path: "/api/webhooks/:webhookId", summary: "Delete a webhook", scope: "settings:write",
    handler: ({ params }) => Webhook.remove(params.webhookId) }),
  route({ ...gate, method: "post", path: "/api/webhooks/:webhookId/rotate-secret", summary: "Replace the signing secret; the new one is in this answer only", scope: "settings:write", response: R.Webhook.extend({ secret: z.string() }),
    handler: ({ params }) => Webhook.rotateSecret(params.webhookId) }),
  route({ ...gate, method: "get", path: "/api/webhooks/:webhookId/deliveries", summary: "The webhook's deliveries, newest first, with every attempt", scope: "settings:read", query: WebhookDelivery.ListQuery, response: R.Page(R.WebhookDelivery),
    handler: ({ params, query }) => WebhookDelivery.list(params.webhookId, query) }),
  route({ ...gate, method: "post", path: "/api/webhooks/:webhookId/deliveries/:deliveryId/redeliver", summary: "Send a delivery again now", scope: "settings:write", response: R.WebhookDelivery,
    handler: ({ params }) => WebhookDelivery.redeliver(params.webhookId, params.deliveryId) }),
];
