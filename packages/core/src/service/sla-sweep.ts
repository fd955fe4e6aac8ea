import { useTenant, withActor } from "../actor";
import { Config } from "../config";
import { DueEntity, dueBy } from "../db/due";
import { MembershipEntity } from "../db/membership";
import type { TicketItem } from "../db/ticket";
import { NotFoundError } from "../errors";
import { now, usePorts } from "../ports";
import { type SlaEvent, DUE_QUEUE, type StoredSla } from "./sla-state";
import { Ticket } from "./ticket";

export * as SlaSweep from "./sla-sweep";

const BATCH = 200;
const CONCURRENCY = 8;

/**
 * One sweep: reads the due-time index up to `at` (only what is due, however many tickets are open) and
 * acts on each ticket's due warnings, breaches and escalations. Acting is a conditional ticket write, so
 * two overlapping sweeps act once: the loser re-reads, finds the moments acted, and does nothing.
 */
export async function sweep(at: Date = now()): Promise<{ tickets: number; fired: number }> {
  const { data } = await dueBy(DUE_QUEUE, at).go({ count: BATCH });
  let fired = 0;
  // A few tickets at a time: each is its own conditional write, so the order does not matter.
  for (let i = 0; i < data.length; i += CONCURRENCY) {
    const counts = await Promise.all(
      data.slice(i, i + CONCURRENCY).map((item) => withActor({ type: "system", tenantId: item.tenantId, reason: "sla-sweep" }, () => actOn(item.recordId, item.dueAt))),
    );
    fired += counts.reduce((a, b) => a + b, 0);
  }
  return { tickets: data.length, fired };
}

async function actOn(ticketId: string, dueAt: string): Promise<number> {
  let ticket: TicketItem;
  try {
    ticket = await Ticket.load(ticketId);
  } catch (err) {
    if (!(err instanceof NotFoundError)) throw err;
    await DueEntity.delete({ queue: DUE_QUEUE, dueAt, tenantId: useTenant(), recordId: ticketId }).go();
    return 0;
  }
  const stored = ticket.sla as StoredSla | undefined;
  if (stored?.nextAt !== dueAt) {
    // A stale entry: the ticket moved on (its current entry has another time), so this one can go.
    await DueEntity.delete({ queue: DUE_QUEUE, dueAt, tenantId: ticket.tenantId, recordId: ticketId }).go();
    if (!stored?.nextAt || stored.nextAt > dueAt) return 0;
  }
  let acted: SlaEvent[] = [];
  let after: TicketItem | undefined;
  await Ticket.mutate(ticketId, (t) => t, (t, tx, fired) => {
    for (const e of fired) {
      tx.event(e.kind === "breach" ? "ticket.sla_breached" : e.kind === "warning" ? "ticket.sla_warning" : "ticket.sla_escalated", {
        ticketId, number: t.number, metric: e.metric, at: e.at, level: e.step?.level, action: e.step?.action,
      });
    }
  }, {
    action: "ticket.sla_swept", event: "ticket.sla_checked", sweep: true,
    onCommit: (t, fired) => { acted = fired; after = t; },
  });
  if (after) await notify(after, acted);
  return acted.length;
}

/** Mails the people concerned: the assignee for warnings and breaches, managers of the group when escalated. */
async function notify(ticket: TicketItem, fired: SlaEvent[]) {
  if (!fired.length) return;
  const members = (await MembershipEntity.query.primary({ tenantId: ticket.tenantId }).go({ pages: "all" })).data;
  const byId = new Map(members.map((m) => [m.userId, m]));
  const link = `${Config.appUrl()}/tickets/${ticket.ticketId}`;
  for (const e of fired) {
    let to: string[] = [];
    if (e.kind !== "escalation" || e.step?.action === "notify_assignee") {
      const a = ticket.assigneeId ? byId.get(ticket.assigneeId) : undefined;
      to = a ? [a.email] : members.filter((m) => m.role === "owner" || m.role === "admin").map((m) => m.email);
    } else if (e.step?.action === "notify_group_manager") {
      to = members.filter((m) => m.role === "manager" && (!ticket.groupId || (m.teamIds ?? []).includes(ticket.groupId))).map((m) => m.email);
      if (!to.length) to = members.filter((m) => m.role === "owner" || m.role === "admin").map((m) => m.email);
    }
    if (!to.length) continue;
    const what = e.kind === "breach" ? "SLA 已超时 / SLA breached" : e.kind === "warning" ? "SLA 即将超时 / SLA warning" : `SLA 升级 ${e.step?.level} / SLA escalation ${e.step?.level}`;
    await usePorts().mailer.send({
      to, from: Config.mailFrom(), subject: `${what}: [#${ticket.number}] ${ticket.subject}`,
      text: `${what}\n${e.metric} · ${e.at}\n${link}\n`, tag: `sla.${e.kind}`,
      headers: { "Auto-Submitted": "auto-generated" },
    });
  }
}
