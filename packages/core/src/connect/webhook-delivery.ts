import { z } from "zod";
import { assertScope, useTenant } from "../actor";
import { Config } from "../config";
import { DueEntity } from "../db/due";
import { UserEntity } from "../db/user";
import { WebhookEntity, type WebhookItem } from "../db/webhook";
import { WebhookDeliveryEntity, type WebhookDeliveryItem } from "../db/webhook-delivery";
import { ConflictError, NotFoundError } from "../errors";
import { newId } from "../id";
import { type DomainEvent, now, usePorts } from "../ports";
import { Records } from "../records";
import { epochSeconds } from "../table";
import { DueSweep } from "../due-sweep";
import { Tx } from "../tx";
import { parse } from "../validation";
import { Webhook } from "./webhook";
import { WebhookEvents } from "./webhook-events";
import { WebhookHttp, type AttemptResult } from "./webhook-http";
import { WebhookRetry } from "./webhook-retry";
import { WebhookSignature } from "./webhook-signature";

export * as WebhookDelivery from "./webhook-delivery";

/** The due-time queue of deliveries waiting for their next attempt. */
export const QUEUE = "webhook";
/**
 * A claimed attempt holds the delivery this long: longer than the request timeout, so a runner that dies
 * mid-attempt leaves a delivery the sweep picks up again after the lease, and no two runners send at once.
 */
const LEASE_MS = 2 * 60_000;
const RETENTION_DAYS = 30;
const MAX_LOG = 30;
/** A sweep stops claiming new attempts after this much wall time, so it ends within its Lambda timeout. */
const SWEEP_BUDGET_MS = 15_000;
const SWEEP_BATCH = 100;
const SWEEP_CONCURRENCY = 16;

type LogEntry = { attempt: number; at: string; status: number | null; latencyMs: number; response: string; error: string | null };

/** The body every webhook POST carries. */
export function payload(event: DomainEvent) {
  return { id: event.id, type: event.type, occurredAt: event.at, tenantId: event.tenantId, data: event.data };
}

function dueKey(d: { tenantId: string; webhookId: string; deliveryId: string }, dueAt: string) {
  return DueSweep.key(QUEUE, d.tenantId, d.webhookId, d.deliveryId, dueAt);
}

/** The writes that move a delivery's due item from one time to another (none, one or both ends). */
function moveDue(tx: Tx, d: { tenantId: string; webhookId: string; deliveryId: string }, from: string | undefined, to: string | undefined) {
  if (from === to) return tx;
  if (from) tx.add(() => DueEntity.delete(dueKey(d, from)));
  if (to) tx.add(() => DueEntity.put(dueKey(d, to)));
  return tx;
}

export function present(d: WebhookDeliveryItem) {
  let body: unknown = d.body;
  try {
    body = JSON.parse(d.body);
  } catch {
    // Stored as sent; shown as text if it ever is not JSON.
  }
  return {
    deliveryId: d.deliveryId, webhookId: d.webhookId, eventType: d.eventType, status: d.status, attempts: d.attempts,
    nextAttemptAt: d.status === "pending" ? d.nextAttemptAt ?? null : null, lastStatus: d.lastStatus ?? null, lastError: d.lastError ?? null,
    log: ((d.log as LogEntry[] | undefined) ?? []).slice().reverse(), payload: body, createdAt: d.createdAt, updatedAt: d.updatedAt,
  };
}

/**
 * The registry's subscriber: every domain event, offered to each active webhook of its tenant whose
 * patterns match. Each gets a queued delivery (with its due item) and a first attempt right away; the
 * retry sweep takes it from there.
 */
export async function onEvent(event: DomainEvent): Promise<void> {
  if (!WebhookEvents.matches(["*"], event.type) || !event.tenantId) return;
  const { data: hooks } = await WebhookEntity.query.primary({ tenantId: event.tenantId }).go({ pages: "all" });
  const targets = hooks.filter((h) => h.active && WebhookEvents.matches(h.events, event.type));
  if (!targets.length) return;
  const body = JSON.stringify(payload(event));
  await Promise.all(targets.map(async (hook) => {
    const queued = await enqueue(hook, event, body);
    if (queued) await attempt(queued.tenantId, queued.webhookId, queued.deliveryId, queued.nextAttemptAt!);
  }));
}

async function enqueue(hook: WebhookItem, event: DomainEvent, body: string) {
  const at = now();
  const item: WebhookDeliveryItem = {
    tenantId: hook.tenantId, webhookId: hook.webhookId, deliveryId: event.id, eventType: event.type, body, status: "pending", attempts: 0,
    nextAttemptAt: at.toISOString(), createdAt: at.toISOString(), updatedAt: at.toISOString(), expiresAt: epochSeconds(at) + RETENTION_DAYS * 86400,
  };
  try {
    await moveDue(new Tx(hook.tenantId).add(() => WebhookDeliveryEntity.create(item)), item, undefined, item.nextAttemptAt).run();
    return item;
  } catch (err) {
    // The same event handled twice: the delivery exists already.
    if (err instanceof ConflictError) return null;
    throw err;
  }
}

async function loadDelivery(tenantId: string, webhookId: string, deliveryId: string) {
  const { data } = await WebhookDeliveryEntity.get({ tenantId, webhookId, deliveryId }).go();
  return data;
}

/**
 * One attempt of a delivery that is due at `dueAt`. A conditional write claims it first: of two runners
 * (overlapping sweeps, a sweep and the event handler) exactly one sends. Returns the result, or null
 * when this runner did not send.
 */
export async function attempt(tenantId: string, webhookId: string, deliveryId: string, dueAt: string): Promise<AttemptResult | null> {
  const d = await loadDelivery(tenantId, webhookId, deliveryId);
  if (!d || d.status !== "pending" || d.nextAttemptAt !== dueAt) {
    // A stale due item (the delivery moved on or is gone): drop it.
    await DueSweep.drop(dueKey({ tenantId, webhookId, deliveryId }, dueAt));
    return null;
  }
  const { data: hook } = await WebhookEntity.get({ tenantId, webhookId }).go();
  const at = now();
  const lease = new Date(at.getTime() + LEASE_MS).toISOString();
  const claim = newId();
  const n = d.attempts + 1;
  try {
    await moveDue(new Tx(tenantId).add(
      () => WebhookDeliveryEntity.patch({ tenantId, webhookId, deliveryId }).set({ nextAttemptAt: lease, claim, attempts: n, updatedAt: at.toISOString() })
        .where((a, op) => `${op.eq(a.status, "pending")} AND ${op.eq(a.nextAttemptAt, dueAt)}`),
    ), d, dueAt, lease).run();
  } catch (err) {
    if (err instanceof ConflictError) return null;
    throw err;
  }
  let result: AttemptResult;
  if (!hook || !hook.active) {
    result = { ok: false, status: null, latencyMs: 0, response: "", error: hook ? "The webhook is disabled; not sent." : "The webhook was deleted; not sent." };
  } else {
    const timestamp = String(epochSeconds(now()));
    result = await WebhookHttp.post(hook.url, d.body, {
      "x-webhook-id": d.deliveryId,
      "x-webhook-timestamp": timestamp,
      "x-webhook-signature": WebhookSignature.sign(hook.secret, timestamp, d.body),
      "x-webhook-event": d.eventType,
    });
  }
  await record(d, n, claim, lease, at, result, !hook || !hook.active);
  if (hook?.active) await trackHealth(hook, result.ok);
  return result;
}

/** Writes the attempt's outcome: done, due again after the backoff, or given up. */
async function record(d: WebhookDeliveryItem, n: number, claim: string, lease: string, at: Date, result: AttemptResult, final: boolean) {
  const entry: LogEntry = { attempt: n, at: at.toISOString(), status: result.status, latencyMs: result.latencyMs, response: result.response, error: result.error };
  const log = [...((d.log as LogEntry[] | undefined) ?? []), entry].slice(-MAX_LOG);
  const next = result.ok || final ? null : WebhookRetry.nextAttemptAt(new Date(d.retryFrom ?? d.createdAt), n, now());
  const status = result.ok ? "succeeded" : next ? "pending" : "failed";
  const nextAt = next?.toISOString();
  const tx = new Tx(d.tenantId).add(() => {
    const patch = WebhookDeliveryEntity.patch({ tenantId: d.tenantId, webhookId: d.webhookId, deliveryId: d.deliveryId })
      .set({ status, log, updatedAt: now().toISOString(), ...(nextAt ? { nextAttemptAt: nextAt } : {}), ...(result.status !== null ? { lastStatus: result.status } : {}) });
    const cleared = result.error ? patch.set({ lastError: result.error }) : patch.remove(["lastError"]);
    return (nextAt ? cleared.remove(["claim"]) : cleared.remove(["claim", "nextAttemptAt"])).where((a, op) => op.eq(a.claim, claim));
  });
  try {
    await moveDue(tx, d, lease, nextAt).run();
  } catch (err) {
    // The lease ran out and another runner took the delivery over: its outcome stands.
    if (!(err instanceof ConflictError)) throw err;
  }
}

/** Keeps the webhook's failure streak, and switches it off when the streak is too long. */
async function trackHealth(hook: WebhookItem, ok: boolean) {
  const key = { tenantId: hook.tenantId, webhookId: hook.webhookId };
  const exists = (a: any, op: any) => op.exists(a.webhookId);
  if (ok) {
    if (!hook.consecutiveFailures && !hook.failingSince) return;
    await WebhookEntity.patch(key).set({ consecutiveFailures: 0 }).remove(["failingSince"]).where(exists).go().catch(() => {});
    return;
  }
  const at = now();
  const updated = await WebhookEntity.patch(key).add({ consecutiveFailures: 1 }).where(exists).go({ response: "all_new" }).catch(() => null);
  if (!updated) return;
  let failingSince = updated.data.failingSince;
  if (!failingSince) {
    failingSince = at.toISOString();
    await WebhookEntity.patch(key).set({ failingSince }).where((a, op) => op.notExists(a.failingSince)).go().catch(() => {});
  }
  const failures = updated.data.consecutiveFailures ?? 0;
  if (WebhookRetry.shouldDisable(failures, new Date(failingSince), at)) await disable(hook, failures, failingSince);
}

/** Switches a failing webhook off (once: the conditional write decides) and emails the person who made it. */
async function disable(hook: WebhookItem, failures: number, failingSince: string) {
  const at = now().toISOString();
  const reason = `${failures} failed attempts in a row since ${failingSince}.`;
  try {
    await new Tx(hook.tenantId)
      .add(() => WebhookEntity.patch({ tenantId: hook.tenantId, webhookId: hook.webhookId }).set({ active: false, disabledAt: at, disabledReason: reason, updatedAt: at })
        .add({ version: 1 }).where((a, op) => op.eq(a.active, true)))
      .audit({ action: "webhook.disabled", recordType: "webhook", recordId: hook.webhookId, before: { active: true }, after: { active: false, disabledReason: reason } })
      .event("webhook.disabled", { webhookId: hook.webhookId, url: hook.url, reason })
      .run();
  } catch (err) {
    if (err instanceof ConflictError) return;
    throw err;
  }
  const { data: user } = hook.createdBy.startsWith("key:") || hook.createdBy === "system" ? { data: null } : await UserEntity.get({ userId: hook.createdBy }).go();
  if (!user) return;
  const link = `${Config.appUrl()}/settings/webhooks`;
  await usePorts().mailer.send({
    to: [user.email], from: Config.mailFrom(), tag: "webhook.disabled",
    subject: "Webhook 已停用 / Webhook disabled",
    text: `您的 webhook ${hook.url} 连续投递失败，已被停用（${reason}）。修复接收端后，请在此重新启用：\n${link}\n\n` +
      `Your webhook ${hook.url} kept failing and was switched off (${reason}). Fix the receiver, then switch it back on here:\n${link}\n`,
  });
}

/**
 * The `webhook-retries` schedule: attempts every delivery whose time has come, reading only the due
 * entries of the due-time index. Overlapping sweeps are safe: each attempt is claimed by a conditional write.
 */
export function sweep(at: Date = now()) {
  return DueSweep.run(QUEUE, at, { batch: SWEEP_BATCH, concurrency: SWEEP_CONCURRENCY, reason: "webhook-retries", budgetMs: SWEEP_BUDGET_MS }, (item) => {
    const [webhookId, deliveryId] = DueSweep.split(item.recordId);
    return attempt(item.tenantId, webhookId, deliveryId, item.dueAt);
  });
}

export const ListQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().max(2000).optional(),
});

/** A webhook's deliveries, newest first, each with its attempts. */
export async function list(webhookId: string, raw: unknown) {
  assertScope("settings:read");
  const q = parse(ListQuery, raw ?? {});
  await Webhook.load(webhookId);
  const page = await Records.page(WebhookDeliveryEntity.query.primary({ tenantId: useTenant(), webhookId }), [], { cursor: q.cursor, limit: q.limit, order: "desc" });
  return { items: (page.items as WebhookDeliveryItem[]).map(present), cursor: page.cursor };
}

/**
 * Sends a delivery again now, with the same body (and id, so a receiver can tell it is the same event),
 * whatever its state. If this attempt fails it is retried on the usual schedule, for 24 hours from now.
 */
export async function redeliver(webhookId: string, deliveryId: string) {
  assertScope("settings:write");
  const hook = await Webhook.load(webhookId);
  const d = await loadDelivery(hook.tenantId, webhookId, deliveryId);
  if (!d) throw new NotFoundError("delivery");
  if (!hook.active) throw new ConflictError("Switch the webhook on before redelivering.", "webhook.inactive");
  if (d.status === "pending" && d.claim) throw new ConflictError("This delivery is being sent right now.", "webhook.delivery_busy");
  const at = now().toISOString();
  await moveDue(new Tx(hook.tenantId).add(() =>
    WebhookDeliveryEntity.patch({ tenantId: d.tenantId, webhookId, deliveryId }).set({ status: "pending", nextAttemptAt: at, retryFrom: at, updatedAt: at })
      .where((a, op) => `${op.eq(a.status, d.status)} AND ${op.eq(a.updatedAt, d.updatedAt)}`),
    () => new ConflictError("The delivery changed meanwhile; try again.")), d, d.status === "pending" ? d.nextAttemptAt : undefined, at).run();
  await attempt(hook.tenantId, webhookId, deliveryId, at);
  return present((await loadDelivery(hook.tenantId, webhookId, deliveryId))!);
}
