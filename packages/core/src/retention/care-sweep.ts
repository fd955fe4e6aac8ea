import { useTenant, withActor } from "../actor";
import { CareCampaignEntity, type CareCampaignItem } from "../db/care-campaign";
import { CareScheduleEntity } from "../db/care-schedule";
import { CareSendEntity, type CareSendItem } from "../db/care-send";
import { ContactEntity } from "../db/contact";
import { DueEntity, dueBy } from "../db/due";
import { now, usePorts } from "../ports";
import { Tenant } from "../tenant";
import { Tx } from "../tx";
import { Care } from "./care";
import { CareMessage } from "./care-message";
import { CarePlan, DUE_QUEUE } from "./care-plan";
import { Suppression } from "./suppression";
import { SegmentTarget } from "../segments/target";
import { CareContract } from "./care-contract";
import { CareDates, type Trigger } from "./care-dates";

export * as CareSweep from "./care-sweep";

const PAGE = 200;
const CONCURRENCY = 8;

/** What `care.sent` carries; the timeline shows it on the contact as a care message. */
export interface SentEvent {
  campaignId: string;
  contactId: string;
  occurrence: string;
  email: string;
  title: string;
}

type Due = { dueAt: string; tenantId: string; recordId: string };

/**
 * One sweep: reads the due-time index up to `at` (only what is due, however many contacts there are) and
 * sends each occurrence. Creating the send-log item keyed by the occurrence is the claim, so two
 * overlapping sweeps send each occurrence once: the loser's create fails and it moves on.
 */
export async function sweep(at: Date = now()): Promise<{ due: number; sent: number; suppressed: number; failed: number }> {
  const totals = { due: 0, sent: 0, suppressed: 0, failed: 0 };
  let cursor: string | null = null;
  do {
    const page: { data: Due[]; cursor: string | null } = await dueBy(DUE_QUEUE, at).go({ cursor, count: PAGE });
    totals.due += page.data.length;
    for (let i = 0; i < page.data.length; i += CONCURRENCY) {
      const results = await Promise.all(page.data.slice(i, i + CONCURRENCY).map((d) =>
        withActor({ type: "system", tenantId: d.tenantId, reason: "care-sweep" }, () => actOn(d)).catch((err) => {
          console.error("[care-sweep]", d.recordId, err);
          return "failed" as const;
        })));
      for (const r of results) if (r !== "skipped") totals[r]++;
    }
    cursor = page.cursor;
  } while (cursor);
  return totals;
}

function dropDue(d: Due) {
  return DueEntity.delete({ queue: DUE_QUEUE, dueAt: d.dueAt, tenantId: d.tenantId, recordId: d.recordId }).go();
}

async function actOn(d: Due): Promise<"sent" | "suppressed" | "failed" | "skipped"> {
  const tenantId = useTenant();
  const [campaignId, contactId] = d.recordId.split(".");
  const [{ data: schedule }, { data: campaign }, { data: contact }] = await Promise.all([
    CareScheduleEntity.get({ tenantId, contactId, campaignId }).go(),
    CareCampaignEntity.get({ tenantId, campaignId }).go(),
    ContactEntity.get({ tenantId, contactId }).go(),
  ]);
  // A stale entry (the plan moved on) or one whose campaign, contact or feature is gone: drop it.
  if (!schedule || schedule.dueAt !== d.dueAt || !schedule.occurrence) return dropDue(d).then(() => "skipped");
  if (!campaign || !contact || !campaign.enabled || !(await Tenant.features()).includes("care")) {
    await new Tx(tenantId).add(() => DueEntity.delete({ queue: DUE_QUEUE, dueAt: d.dueAt, tenantId, recordId: d.recordId }))
      .add(() => CareScheduleEntity.patch({ tenantId, contactId, campaignId }).remove(["dueAt", "occurrence"])).run().catch(() => dropDue(d));
    return "skipped";
  }
  const occurrence = schedule.occurrence;
  const trigger = campaign.trigger as Trigger;
  if (trigger.kind === "contract_end") {
    // The contract may have been cancelled, moved or given another contact since the plan: check it now.
    const ends = await CareContract.endsFor(contactId);
    if (!ends.some((e) => CareDates.addDays(e, -trigger.days) === occurrence)) {
      await replanAfter(campaign, contactId, null);
      return "skipped";
    }
  }
  // A campaign limited to a segment skips a contact outside it (evaluated now): no mail, no log line; the plan moves on.
  if (campaign.segmentId && !(await SegmentTarget.contains(campaign.segmentId, contact))) {
    await replanAfter(campaign, contactId, occurrence);
    return "skipped";
  }
  const at = now().toISOString();
  const claim: CareSendItem = { tenantId, campaignId, contactId, occurrence, email: contact.email, status: "sending", at };
  const won = await CareSendEntity.create(claim).go().then(() => true, (err) => {
    if (/conditional/i.test(String(err?.message ?? err))) return false;
    throw err;
  });
  // Lost: another sweep has (or had) this occurrence; its replan moves the due item on.
  if (!won) return dropDue(d).then(() => "skipped");
  let result: Pick<CareSendItem, "status" | "error" | "messageId" | "language" | "subject">;
  if (!contact.email) result = { status: "failed", error: "no_email" };
  else if (await Suppression.has(contact.email)) result = { status: "suppressed" };
  else {
    const { language, mail } = await CareMessage.compose(campaign, contact, await Care.tenantContext());
    try {
      const { messageId } = await usePorts().mailer.send(mail);
      result = { status: "sent", messageId, language, subject: mail.subject };
    } catch (err) {
      result = { status: "failed", error: String((err as Error)?.message ?? err).slice(0, 300), language, subject: mail.subject };
    }
  }
  const tx = new Tx(tenantId).add(() => CareSendEntity.patch({ tenantId, campaignId, contactId, occurrence }).set(result));
  if (result.status === "sent") {
    const data: SentEvent = { campaignId, contactId, occurrence, email: contact.email!, title: result.subject ?? campaign.name };
    tx.event("care.sent", data);
  }
  await tx.run();
  await replanAfter(campaign, contactId, occurrence);
  return result.status as "sent" | "suppressed" | "failed";
}

/** Marks the occurrence as done and plans the next one (next year's birthday; none for one-offs). */
async function replanAfter(campaign: CareCampaignItem, contactId: string, occurrence: string | null) {
  const tenantId = useTenant();
  const key = { tenantId, contactId, campaignId: campaign.campaignId };
  const [{ data: schedule }, { data: contact }] = await Promise.all([CareScheduleEntity.get(key).go(), ContactEntity.get({ tenantId, contactId }).go()]);
  if (!schedule) return;
  const done = { ...schedule, lastSent: occurrence && (!schedule.lastSent || occurrence > schedule.lastSent) ? occurrence : schedule.lastSent };
  const kind = (campaign.trigger as Trigger).kind;
  const ctx = { timeZone: (await Care.tenantContext()).timeZone, now: now(), contractEnds: kind === "contract_end" ? await CareContract.endsFor(contactId) : undefined };
  const ops = CarePlan.ops(campaign, contact ?? undefined, done, ctx);
  const tx = new Tx(tenantId);
  for (const op of ops) tx.add(op);
  // The schedule is put with lastSent even when the next due time happens to be unchanged.
  if (!ops.length) tx.add(() => CareScheduleEntity.put({ ...done, updatedAt: ctx.now.toISOString() }));
  await tx.run();
}
