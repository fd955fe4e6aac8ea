import { DueEntity } from "../db/due";
import { RobotDeliveryEntity, RobotEntity, type RobotItem } from "../db/robot";
import { ConflictError } from "../errors";
import { newId } from "../id";
import { now } from "../ports";
import { epochSeconds } from "../table";
import { DueSweep } from "../due-sweep";
import { Tx } from "../tx";
import { RobotFormat } from "./robot-format";
import { RobotRetry } from "./robot-retry";
import { WebhookHttp } from "./webhook-http";

export * as RobotDelivery from "./robot-delivery";

/**
 * Posting an alert to a chat robot, with retries. A delivery item per (robot, event) is the claim: a
 * redelivered event posts nothing. A failed post that may succeed later (no answer, 5xx, a rate-limit code)
 * is due again after a backoff, through an item in the due-time index that the `robot-retries` sweep reads.
 * Each attempt is claimed by a conditional write on the delivery and recorded under the same claim, so two
 * runners never post the same attempt, and a delivered alert is never posted again.
 */
export const QUEUE = "robot";
/** An attempt holds the delivery this long (longer than the HTTP timeout); a runner that dies leaves it to the sweep. */
const LEASE_MS = 2 * 60_000;
const KEEP_DAYS = 30;
const MAX_LOG = 20;
const SWEEP_BATCH = 100;
const SWEEP_CONCURRENCY = 8;

type LogEntry = { attempt: number; at: string; status: number | null; latencyMs: number; response: string; error: string | null };
export interface Outcome { ok: boolean; status: number | null; response: string; error: string | null }

const dueKey = (tenantId: string, robotId: string, deliveryId: string, dueAt: string) => DueSweep.key(QUEUE, tenantId, robotId, deliveryId, dueAt);

/** One post of the alert, signed for this moment. */
async function send(robot: RobotItem, alert: RobotFormat.Alert, at: Date) {
  let url = robot.url;
  let signed: { timestamp: number; sign: string } | undefined;
  if (robot.platform === "dingtalk") url = RobotFormat.dingtalkUrl(robot.url, robot.secret, at.getTime());
  if (robot.platform === "feishu" && robot.secret) {
    const seconds = Math.floor(at.getTime() / 1000);
    signed = { timestamp: seconds, sign: RobotFormat.feishuSign(robot.secret, seconds) };
  }
  const result = await WebhookHttp.post(url, JSON.stringify(RobotFormat.body(robot.platform, alert, signed)), { "content-type": "application/json; charset=utf-8" });
  let parsed: unknown = null;
  try {
    parsed = JSON.parse(result.response);
  } catch {
    parsed = null;
  }
  return { result, parsed, ok: RobotFormat.accepted(robot.platform, result.status ?? 0, parsed) };
}

/**
 * Posts an event's alert to one robot: at most once per event, retried when `retry` (alerts from events;
 * the interactive test message answers at once and is not retried).
 */
export async function deliver(robot: RobotItem, event: { id: string; type: string }, alert: RobotFormat.Alert, retry: boolean): Promise<Outcome | null> {
  const at = now();
  const claim = newId();
  const lease = new Date(at.getTime() + LEASE_MS).toISOString();
  const item = {
    tenantId: robot.tenantId, robotId: robot.robotId, deliveryId: event.id, eventId: event.id, eventType: event.type, at: at.toISOString(),
    expiresAt: epochSeconds(at) + KEEP_DAYS * 86400, ok: false, latencyMs: 0, error: "sending", attempts: 0, alert, log: [] as LogEntry[], claim,
    ...(retry ? { state: "pending" as const, nextAttemptAt: lease } : { state: "sending" as const }),
  };
  const tx = new Tx(robot.tenantId).add(() => RobotDeliveryEntity.create(item));
  // The due item is written with the delivery: a runner that dies before recording leaves it to the sweep.
  if (retry) tx.add(() => DueEntity.put(dueKey(robot.tenantId, robot.robotId, event.id, lease)));
  try {
    await tx.run();
  } catch (err) {
    if (err instanceof ConflictError) return null;
    throw err;
  }
  const sent = await send(robot, alert, at);
  return record(robot.platform, item, 1, claim, retry ? lease : undefined, at, sent, retry);
}

/** Writes an attempt's outcome under its claim: delivered, due again after the backoff, or given up. */
async function record(
  platform: RobotFormat.Platform,
  d: { tenantId: string; robotId: string; deliveryId: string; at: string; log?: unknown },
  n: number, claim: string, lease: string | undefined, at: Date,
  sent: { result: WebhookHttp.AttemptResult; parsed: unknown; ok: boolean }, retry: boolean,
): Promise<Outcome> {
  const { result, parsed, ok } = sent;
  const error = ok ? null : (result.error ?? `status ${result.status}${parsed && typeof parsed === "object" ? ` ${JSON.stringify(parsed).slice(0, 200)}` : ""}`);
  const response = result.response.slice(0, 1024);
  const entry: LogEntry = { attempt: n, at: at.toISOString(), status: result.status, latencyMs: result.latencyMs, response, error };
  const log = [...((d.log as LogEntry[] | undefined) ?? []), entry].slice(-MAX_LOG);
  const next = !ok && retry && RobotRetry.retryable(platform, result.status, parsed) ? RobotRetry.nextAttemptAt(new Date(d.at), n, now()) : null;
  const nextAt = next?.toISOString();
  const key = { tenantId: d.tenantId, robotId: d.robotId, deliveryId: d.deliveryId };
  const tx = new Tx(d.tenantId).add(() => {
    let patch = RobotDeliveryEntity.patch(key).set({ ok, state: ok ? "succeeded" : nextAt ? "pending" : "failed", attempts: n, latencyMs: result.latencyMs, response, log });
    patch = result.status !== null ? patch.set({ status: result.status }) : patch.remove(["status"]);
    patch = error ? patch.set({ error }) : patch.remove(["error"]);
    patch = nextAt ? patch.set({ nextAttemptAt: nextAt }).remove(["claim"]) : patch.remove(["claim", "nextAttemptAt"]);
    return patch.where((a, op) => op.eq(a.claim, claim));
  });
  if (lease !== nextAt) {
    if (lease) tx.add(() => DueEntity.delete(dueKey(d.tenantId, d.robotId, d.deliveryId, lease)));
    if (nextAt) tx.add(() => DueEntity.put(dueKey(d.tenantId, d.robotId, d.deliveryId, nextAt)));
  }
  try {
    await tx.run();
  } catch (err) {
    // The lease ran out and another runner took the delivery over: its outcome stands.
    if (!(err instanceof ConflictError)) throw err;
  }
  return { ok, status: result.status, response, error };
}

/** One retry of a delivery due at `dueAt`; null when another runner has it or it moved on. */
export async function attempt(tenantId: string, robotId: string, deliveryId: string, dueAt: string): Promise<Outcome | null> {
  const key = { tenantId, robotId, deliveryId };
  const { data: d } = await RobotDeliveryEntity.get(key).go();
  if (!d || d.state !== "pending" || d.nextAttemptAt !== dueAt) {
    await DueSweep.drop(dueKey(tenantId, robotId, deliveryId, dueAt));
    return null;
  }
  const at = now();
  const lease = new Date(at.getTime() + LEASE_MS).toISOString();
  const claim = newId();
  try {
    await new Tx(tenantId)
      .add(() => RobotDeliveryEntity.patch(key).set({ nextAttemptAt: lease, claim }).where((a, op) => `${op.eq(a.state, "pending")} AND ${op.eq(a.nextAttemptAt, dueAt)}`))
      .add(() => DueEntity.delete(dueKey(tenantId, robotId, deliveryId, dueAt)))
      .add(() => DueEntity.put(dueKey(tenantId, robotId, deliveryId, lease)))
      .run();
  } catch (err) {
    if (err instanceof ConflictError) return null;
    throw err;
  }
  const n = (d.attempts ?? 0) + 1;
  const { data: robot } = await RobotEntity.get({ tenantId, robotId }).go();
  if (!robot || !robot.active) {
    const gone = { result: { ok: false, status: null, latencyMs: 0, response: "", error: robot ? "The robot is switched off; not sent." : "The robot was deleted; not sent." }, parsed: null, ok: false };
    return record(robot?.platform ?? "wecom", d, n, claim, lease, at, gone, false);
  }
  return record(robot.platform, d, n, claim, lease, at, await send(robot, d.alert as RobotFormat.Alert, at), true);
}

/** The `robot-retries` schedule: retries the deliveries whose time has come (reads only the due index). */
export function sweep(at: Date = now()): Promise<{ due: number; attempted: number }> {
  return DueSweep.run(QUEUE, at, { batch: SWEEP_BATCH, concurrency: SWEEP_CONCURRENCY, reason: "robot-retries" }, (item) => {
    const [robotId, deliveryId] = DueSweep.split(item.recordId);
    return attempt(item.tenantId, robotId, deliveryId, item.dueAt);
  });
}
