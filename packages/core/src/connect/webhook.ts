import { z } from "zod";
import { assertScope, useActor, useTenant } from "../actor";
import { WebhookEntity, type WebhookItem } from "../db/webhook";
import { ConflictError, NotFoundError, ValidationError } from "../errors";
import { newId, newSecret } from "../id";
import { now } from "../ports";
import { Tx } from "../tx";
import { parse } from "../validation";
import { WebhookEvents } from "./webhook-events";
import { WebhookGuard } from "./webhook-guard";

export * as Webhook from "./webhook";

/** A tenant has at most this many webhooks: each event is offered to all of them. */
export const MAX_PER_TENANT = 25;

const Url = z.string().trim().min(1).max(2000);
const Events = z.array(WebhookEvents.Pattern).min(1).max(WebhookEvents.EVENT_TYPES.length);

export const CreateInput = z.strictObject({
  url: Url,
  events: Events,
  description: z.string().trim().max(500).optional(),
  active: z.boolean().default(true),
});

export const PatchInput = z.strictObject({
  version: z.number().int().positive(),
  url: Url.optional(),
  events: Events.optional(),
  description: z.string().trim().max(500).optional(),
  /** Switching a disabled webhook back on clears its failure streak. */
  active: z.boolean().optional(),
});

/** A webhook as the API shows it: never its secret, only the secret's first characters. */
export function present(w: WebhookItem) {
  return {
    webhookId: w.webhookId, url: w.url, description: w.description ?? "", events: w.events, active: w.active,
    secretHint: w.secretHint, consecutiveFailures: w.consecutiveFailures ?? 0, failingSince: w.failingSince ?? null,
    disabledAt: w.disabledAt ?? null, disabledReason: w.disabledReason ?? null,
    createdBy: w.createdBy, version: w.version, createdAt: w.createdAt, updatedAt: w.updatedAt,
  };
}

function newWebhookSecret() {
  const secret = `whsec_${newSecret(24)}`;
  return { secret, secretHint: `${secret.slice(0, 10)}…` };
}

/** The event types and area patterns a webhook can subscribe to. */
export function eventTypes() {
  return { items: WebhookEvents.catalogue() };
}

/** Every webhook of the tenant (the secret never leaves). */
export async function list() {
  assertScope("settings:read");
  const { data } = await WebhookEntity.query.primary({ tenantId: useTenant() }).go({ pages: "all" });
  return data.map(present);
}

/** Reads a webhook of this tenant or answers 404 (another tenant's id included). */
export async function load(webhookId: string): Promise<WebhookItem> {
  const { data } = await WebhookEntity.get({ tenantId: useTenant(), webhookId }).go();
  if (!data) throw new NotFoundError("webhook");
  return data;
}

export async function get(webhookId: string) {
  assertScope("settings:read");
  return present(await load(webhookId));
}

/**
 * Subscribes a URL to events. The URL must reach the public internet (see WebhookGuard). Returns the
 * signing secret, this once.
 */
export async function create(raw: unknown) {
  assertScope("settings:write");
  const input = parse(CreateInput, raw);
  await WebhookGuard.check(input.url);
  const tenantId = useTenant();
  const { data: existing } = await WebhookEntity.query.primary({ tenantId }).go({ pages: "all", attributes: ["webhookId"] });
  if (existing.length >= MAX_PER_TENANT) throw new ValidationError(`A workspace has at most ${MAX_PER_TENANT} webhooks.`, { url: "Too many webhooks." }, "webhook.limit_reached");
  const actor = useActor();
  const at = now().toISOString();
  const item: WebhookItem = {
    tenantId, webhookId: newId(), url: input.url, description: input.description, events: [...new Set(input.events)], active: input.active,
    ...newWebhookSecret(), consecutiveFailures: 0, createdBy: actor.type === "user" ? actor.userId : actor.type === "key" ? `key:${actor.keyId}` : "system",
    version: 1, createdAt: at, updatedAt: at,
  };
  const shown = present(item);
  await new Tx(tenantId)
    .add(() => WebhookEntity.create(item))
    .audit({ action: "webhook.created", recordType: "webhook", recordId: item.webhookId, after: shown })
    .event("webhook.created", { webhookId: item.webhookId, url: item.url, events: item.events })
    .run();
  return { ...shown, secret: item.secret };
}

/** Changes the URL, events, description or the active switch, with the version read. */
export async function update(webhookId: string, raw: unknown) {
  assertScope("settings:write");
  const input = parse(PatchInput, raw);
  const before = await load(webhookId);
  if (input.url !== undefined && input.url !== before.url) await WebhookGuard.check(input.url);
  const { version, ...changes } = input;
  const reEnabled = changes.active === true && !before.active;
  const after: WebhookItem = {
    ...before, ...changes, events: changes.events ? [...new Set(changes.events)] : before.events,
    ...(reEnabled ? { consecutiveFailures: 0, failingSince: undefined, disabledAt: undefined, disabledReason: undefined } : {}),
    version: before.version + 1, updatedAt: now().toISOString(),
  };
  const action = reEnabled ? "webhook.enabled" : changes.active === false && before.active ? "webhook.deactivated" : "webhook.updated";
  await new Tx(before.tenantId)
    .add(() => WebhookEntity.put(after).where((a, op) => op.eq(a.version, version)), () => new ConflictError())
    .audit({ action, recordType: "webhook", recordId: webhookId, before: present(before), after: present(after) })
    .event(action, { webhookId, url: after.url, events: after.events, active: after.active })
    .run();
  return present(after);
}

/** Removes a webhook; deliveries still queued for it are dropped by the next sweep. */
export async function remove(webhookId: string) {
  assertScope("settings:write");
  const before = await load(webhookId);
  await new Tx(before.tenantId)
    .add(() => WebhookEntity.delete({ tenantId: before.tenantId, webhookId }).where((a, op) => op.eq(a.version, before.version)), () => new ConflictError())
    .audit({ action: "webhook.deleted", recordType: "webhook", recordId: webhookId, before: present(before) })
    .event("webhook.deleted", { webhookId })
    .run();
}

/** Replaces the signing secret and returns the new one, this once. Deliveries from now on use it. */
export async function rotateSecret(webhookId: string) {
  assertScope("settings:write");
  const before = await load(webhookId);
  const after: WebhookItem = { ...before, ...newWebhookSecret(), version: before.version + 1, updatedAt: now().toISOString() };
  await new Tx(before.tenantId)
    .add(() => WebhookEntity.put(after).where((a, op) => op.eq(a.version, before.version)), () => new ConflictError())
    .audit({ action: "webhook.secret_rotated", recordType: "webhook", recordId: webhookId, before: { secretHint: before.secretHint }, after: { secretHint: after.secretHint } })
    .event("webhook.secret_rotated", { webhookId })
    .run();
  return { ...present(after), secret: after.secret };
}
