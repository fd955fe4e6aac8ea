import { call } from "../../api";

/** The webhooks resource of the API client (the shared `call` does the HTTP and errors). */
export interface Webhook {
  webhookId: string; url: string; description: string; events: string[]; active: boolean; secretHint: string;
  consecutiveFailures: number; failingSince: string | null; disabledAt: string | null; disabledReason: string | null;
  version: number; createdAt: string; updatedAt: string;
}
export type WebhookWithSecret = Webhook & { secret: string };
export interface WebhookAttempt { attempt: number; at: string; status: number | null; latencyMs: number; response: string; error: string | null }
export interface WebhookDelivery {
  deliveryId: string; webhookId: string; eventType: string; status: "pending" | "succeeded" | "failed"; attempts: number;
  nextAttemptAt: string | null; lastStatus: number | null; lastError: string | null; log: WebhookAttempt[]; payload: unknown; createdAt: string;
}
export interface EventArea { area: string; pattern: string; types: string[] }
export interface WebhookInput { url: string; events: string[]; description?: string; active?: boolean }

export const webhooksApi = {
  eventTypes: () => call<{ items: EventArea[] }>("GET", "/webhook-event-types").then((r) => r.items),
  list: () => call<{ items: Webhook[] }>("GET", "/webhooks").then((r) => r.items),
  create: (input: WebhookInput) => call<WebhookWithSecret>("POST", "/webhooks", input),
  update: (id: string, patch: Partial<WebhookInput> & { version: number }) => call<Webhook>("PATCH", `/webhooks/${id}`, patch),
  remove: (id: string) => call<void>("DELETE", `/webhooks/${id}`),
  rotateSecret: (id: string) => call<WebhookWithSecret>("POST", `/webhooks/${id}/rotate-secret`),
  deliveries: (id: string, cursor?: string) =>
    call<{ items: WebhookDelivery[]; cursor: string | null }>("GET", `/webhooks/${id}/deliveries${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ""}`),
  redeliver: (id: string, deliveryId: string) => call<WebhookDelivery>("POST", `/webhooks/${id}/deliveries/${deliveryId}/redeliver`),
};
