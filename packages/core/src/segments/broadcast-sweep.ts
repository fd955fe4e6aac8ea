import { useTenant, withActor } from "../actor";
import { BroadcastEntity, type BroadcastItem, BroadcastSendEntity, type BroadcastSendItem } from "../db/broadcast";
import type { ContactItem } from "../db/contact";
import { DueEntity, dueBy } from "../db/due";
import { SegmentEntity } from "../db/segment";
import { now, usePorts } from "../ports";
import { Care } from "../retention/care";
import { Suppression } from "../retention/suppression";
import { Tenant } from "../tenant";
import { Tx } from "../tx";
import { Broadcast, DUE_QUEUE } from "./broadcast";
import { FilterScan } from "./scan";

export * as BroadcastSweep from "./broadcast-sweep";

/** Members per chunk: each chunk's sends and then its progress are written before the next is read. */
const CHUNK = 50;
/** Chunks one sweep run sends per broadcast; the due item stays until the end, so the next run goes on. */
const MAX_CHUNKS = 40;
const CONCURRENCY = 8;

type Due = { dueAt: string; tenantId: string; recordId: string };
type Outcome = "sent" | "suppressed" | "failed" | "skipped";

/**
 * One sweep: reads the broadcast due items up to `at` and sends each broadcast a chunk at a time. Each
 * recipient's send item is created with a condition before its mail goes out, so a sweep that runs twice,
 * concurrently or after a restart mid-chunk never mails anyone twice (a crash between the claim and the
 * send leaves that one recipient `sending`: at most once, never twice).
 */
export async function sweep(at: Date = now()): Promise<{ broadcasts: number; sent: number; suppressed: number; failed: number }> {
  const totals = { broadcasts: 0, sent: 0, suppressed: 0, failed: 0 };
  let cursor: string | null = null;
  do {
    const page: { data: Due[]; cursor: string | null } = await dueBy(DUE_QUEUE, at).go({ cursor, count: 50 });
    for (const d of page.data) {
      totals.broadcasts++;
      const r = await withActor({ type: "system", tenantId: d.tenantId, reason: "broadcast-sweep" }, () => run(d)).catch((err) => {
        console.error("[broadcast-sweep]", d.recordId, err);
        return { sent: 0, suppressed: 0, failed: 0 };
      });
      totals.sent += r.sent;
      totals.suppressed += r.suppressed;
      totals.failed += r.failed;
    }
    cursor = page.cursor;
  } while (cursor);
  return totals;
}

function dropDue(d: Due) {
  return DueEntity.delete({ queue: DUE_QUEUE, dueAt: d.dueAt, tenantId: d.tenantId, recordId: d.recordId }).go();
}

async function run(d: Due) {
  const counts = { sent: 0, suppressed: 0, failed: 0 };
  const tenantId = useTenant();
  const key = { tenantId, broadcastId: d.recordId };
  let { data: b } = await BroadcastEntity.get(key).go();
  // Cancelled, rescheduled or deleted meanwhile: the entry is stale.
  if (!b || (b.status !== "scheduled" && b.status !== "sending") || b.scheduledAt !== d.dueAt || !(await Tenant.features()).includes("segments")) {
    await dropDue(d);
    return counts;
  }
  if (b.status === "scheduled") {
    const startedAt = now().toISOString();
    await BroadcastEntity.patch(key).set({ status: "sending", startedAt }).where((a, op) => op.eq(a.status, "scheduled")).go().catch(() => undefined);
    b = { ...b, status: "sending", startedAt };
  }
  const { data: segment } = await SegmentEntity.get({ tenantId, segmentId: b.segmentId }).go();
  if (!segment) {
    await finish(b, d, "cancelled");
    return counts;
  }
  const filter = await FilterScan.compile("contact", segment.filter as never);
  const scope = b.scopeAll ? null : (b.scope ?? []);
  const tenant = await Care.tenantContext();
  let progress = b.progress ?? undefined;
  for (let chunk = 0; chunk < MAX_CHUNKS; chunk++) {
    const res = await FilterScan.scan({ objectType: "contact", filter, scope, limit: CHUNK, cursor: progress, cap: 1000 });
    const part = { sent: 0, suppressed: 0, failed: 0 };
    const items = res.items as ContactItem[];
    for (let i = 0; i < items.length; i += CONCURRENCY) {
      const outcomes = await Promise.all(items.slice(i, i + CONCURRENCY).map((c) => sendTo(b!, c, tenant)));
      for (const o of outcomes) if (o !== "skipped") part[o]++;
    }
    counts.sent += part.sent;
    counts.suppressed += part.suppressed;
    counts.failed += part.failed;
    // Counters record what went out, whatever happened meanwhile (a concurrent sweep may have finished
    // the broadcast while this one mailed its share); a broadcast cancelled or finished meanwhile stops here.
    await new Tx(tenantId).add(() => {
      const u = BroadcastEntity.update(key).add(part);
      // Only onto an existing broadcast: an update would otherwise create a fragment of a deleted one.
      return (res.cursor ? u.set({ progress: res.cursor }) : u.remove(["progress"])).where((a, op) => op.exists(a.status));
    }).run().catch(() => undefined);
    const stillSending = (await BroadcastEntity.get(key).go()).data?.status === "sending";
    if (!stillSending) {
      await dropDue(d);
      return counts;
    }
    progress = res.cursor ?? undefined;
    if (!progress) {
      await finish(b, d, "sent");
      return counts;
    }
  }
  return counts;
}

async function finish(b: BroadcastItem, d: Due, status: "sent" | "cancelled") {
  const tenantId = useTenant();
  const { data } = await BroadcastEntity.get({ tenantId, broadcastId: b.broadcastId }).go();
  if (!data || data.status !== "sending") return dropDue(d);
  const finishedAt = now().toISOString();
  const out = { ...Broadcast.present(data), status, finishedAt };
  await new Tx(tenantId)
    .add(() => BroadcastEntity.patch({ tenantId, broadcastId: b.broadcastId }).set({ status, finishedAt }).where((a, op) => op.eq(a.status, "sending")))
    .add(() => DueEntity.delete({ queue: DUE_QUEUE, dueAt: d.dueAt, tenantId, recordId: d.recordId }))
    .event(status === "sent" ? "broadcast.sent" : "broadcast.cancelled", out)
    .run()
    .catch(() => dropDue(d));
}

/** Claims the recipient, then mails them unless suppressed; the claim's line becomes the log entry. */
async function sendTo(b: BroadcastItem, contact: ContactItem, tenant: { name: string; language: string }): Promise<Outcome> {
  const tenantId = useTenant();
  const claim: BroadcastSendItem = { tenantId, broadcastId: b.broadcastId, contactId: contact.contactId, email: contact.email, status: "sending", at: now().toISOString() };
  const won = await BroadcastSendEntity.create(claim).go().then(() => true, (err) => {
    if (/conditional/i.test(String(err?.message ?? err))) return false;
    throw err;
  });
  if (!won) return "skipped";
  let result: Pick<BroadcastSendItem, "status" | "error" | "messageId" | "language">;
  if (!contact.email) result = { status: "failed", error: "no_email" };
  else if (await Suppression.has(contact.email)) result = { status: "suppressed" };
  else {
    const { language, mail } = await Broadcast.compose(b, contact, tenant);
    try {
      const { messageId } = await usePorts().mailer.send(mail);
      result = { status: "sent", messageId, language };
    } catch (err) {
      result = { status: "failed", error: String((err as Error)?.message ?? err).slice(0, 300), language };
    }
  }
  await new Tx(tenantId).add(() => BroadcastSendEntity.patch({ tenantId, broadcastId: b.broadcastId, contactId: contact.contactId }).set({ ...result, at: now().toISOString() })).run();
  return result.status as Outcome;
}
