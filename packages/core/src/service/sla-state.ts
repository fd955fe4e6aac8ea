import { DueEntity } from "../db/due";
import { SlaStatEntity } from "../db/sla-stat";
import { bucketOf, METRIC_CODES } from "./sla-buckets";
import type { TicketItem } from "../db/ticket";
import { now } from "../ports";
import { Tenant } from "../tenant";
import { Sla, type SlaClock, type SlaPolicy } from "./sla";
import { SlaConfig } from "./sla-config";

export * as SlaState from "./sla-state";

export const DUE_QUEUE = "sla";
const PRIORITY_UP: Record<string, TicketItem["priority"]> = { low: "normal", normal: "high", high: "urgent", urgent: "urgent" };

/** An SLA moment: a warning, a breach or an escalation level of one clock. */
export interface SlaEvent {
  key: string;
  kind: "warning" | "breach" | "escalation";
  metric: string;
  at: string;
  step?: SlaClock["escalations"][number];
}

export interface StoredSla {
  policyId: string;
  policyName: string;
  clocks: Array<Record<string, unknown>>;
  /** Keys of the moments already acted on; each acts once. */
  acted: string[];
  /** The earliest moment not yet acted on: the ticket's item in the due-time index. */
  nextAt: string | null;
  computedAt: string;
}

function events(clocks: SlaClock[]): SlaEvent[] {
  const out: SlaEvent[] = [];
  for (const c of clocks) {
    // A finished clock raises nothing more: a warning or breach not acted on before the reply is stale news.
    if (c.completedAt) continue;
    // A clock restarts (next response) with a new start, so its moments are new ones.
    const base = `${c.metric}@${c.startAt.toISOString()}`;
    if (c.warnAt) out.push({ key: `${base}:warning`, kind: "warning", metric: c.metric, at: c.warnAt.toISOString() });
    if (c.dueAt) out.push({ key: `${base}:breach`, kind: "breach", metric: c.metric, at: c.dueAt.toISOString() });
    for (const e of c.escalations) if (e.at) out.push({ key: `${base}:esc${e.level}`, kind: "escalation", metric: c.metric, at: e.at.toISOString(), step: e });
  }
  return out.sort((a, b) => a.at.localeCompare(b.at));
}

function serialize(c: SlaClock) {
  const iso = (d: Date | null) => (d ? d.toISOString() : null);
  return {
    metric: c.metric, status: c.status, targetMinutes: c.targetMinutes, businessHours: c.businessHours,
    startAt: iso(c.startAt), completedAt: iso(c.completedAt), dueAt: iso(c.dueAt), warnAt: iso(c.warnAt),
    elapsedMinutes: c.elapsedMinutes, remainingMinutes: c.remainingMinutes, paused: c.paused, warning: c.warning,
  };
}

function clear(ticket: TicketItem, before: TicketItem | null) {
  const ops = dueOps(ticket.tenantId, ticket.ticketId, (before?.sla as StoredSla | undefined)?.nextAt ?? null, null);
  const { sla: _s, ...rest } = ticket;
  return { ticket: { ...rest, breachKey: "9999" } as TicketItem, dueOps: ops, fired: [] as SlaEvent[] };
}

function dueOps(tenantId: string, ticketId: string, oldAt: string | null, newAt: string | null): Array<() => object> {
  if (oldAt === newAt) return [];
  const ops: Array<() => object> = [];
  if (oldAt) ops.push(() => DueEntity.delete({ queue: DUE_QUEUE, dueAt: oldAt, tenantId, recordId: ticketId }));
  if (newAt) ops.push(() => DueEntity.put({ queue: DUE_QUEUE, dueAt: newAt, tenantId, recordId: ticketId }));
  return ops;
}

/**
 * Mail nobody wrote by hand (an out-of-office, a bounce, spam) runs no clock: nobody owes it an answer. An
 * agent who decides it is a real request removes the tag, and the clocks start from the ticket's history.
 */
export const NO_SLA_TAGS = ["auto-reply", "bounce", "spam"];

/**
 * Keeps a ticket's SLA clocks and its due-time index item in step with the ticket, on every ticket write.
 * In `sweep` mode the moments that are due are also marked acted (and escalations applied to the ticket);
 * they are returned as `fired`, so only the writer that wins the conditional write acts on them.
 */
export async function apply(ticket: TicketItem, before: TicketItem | null, mode: "write" | "sweep" = "write") {
  if (!(await Tenant.features()).includes("sla")) return clear(ticket, before);
  if ((ticket.tags ?? []).some((tag) => NO_SLA_TAGS.includes(tag))) return clear(ticket, before);
  const { policies, calendars } = await SlaConfig.load();
  const policy = Sla.matchPolicy(policies, { priority: ticket.priority, groupId: ticket.groupId, tags: ticket.tags ?? [], companyId: ticket.companyId }) as SlaPolicy | undefined;
  if (!policy) return clear(ticket, before);
  const at = now();
  const facts = Sla.SlaFacts.parse({
    createdAt: ticket.createdAt, statusHistory: ticket.statusHistory ?? [], firstAgentReplyAt: ticket.firstAgentReplyAt,
    lastCustomerMessageAt: ticket.lastCustomerMessageAt, lastAgentReplyAfterCustomerAt: ticket.lastAgentReplyAfterCustomerAt, solvedAt: ticket.solvedAt,
  });
  const calendar = policy.calendarId ? calendars.get(policy.calendarId) ?? null : null;
  const clocks = Sla.clocks(policy, calendar, facts, at);
  const prev = (before?.sla ?? ticket.sla) as StoredSla | undefined;
  const acted = new Set(prev?.policyId === policy.policyId ? prev.acted : []);
  const all = events(clocks).filter((e) => !acted.has(e.key));
  const fired = mode === "sweep" ? all.filter((e) => e.at <= at.toISOString()) : [];
  let next = ticket;
  for (const e of fired) {
    acted.add(e.key);
    if (e.step?.action === "raise_priority") next = { ...next, priority: e.step.priority ?? PRIORITY_UP[next.priority] };
    if (e.step?.action === "reassign") {
      next = { ...next, ...(e.step.assignTo?.userId ? { assigneeId: e.step.assignTo.userId, assigneeKey: e.step.assignTo.userId } : {}), ...(e.step.assignTo?.groupId ? { groupId: e.step.assignTo.groupId, groupKey: e.step.assignTo.groupId } : {}) };
    }
  }
  const nextAt = all.find((e) => !acted.has(e.key))?.at ?? null;
  const statOps = completionStats(next, prev?.policyId === policy.policyId ? prev : undefined, clocks, policy);
  const open = clocks.filter((c) => !c.completedAt && c.dueAt).map((c) => c.dueAt!.toISOString()).sort();
  const sla: StoredSla = { policyId: policy.policyId, policyName: policy.name, clocks: clocks.map(serialize), acted: [...acted], nextAt, computedAt: at.toISOString() };
  return {
    ticket: { ...next, sla, breachKey: open[0] ?? "9999" } as TicketItem,
    dueOps: [...dueOps(ticket.tenantId, ticket.ticketId, (before?.sla as StoredSla | undefined)?.nextAt ?? null, nextAt), ...statOps],
    fired,
  };
}

/**
 * Counter updates for the clocks this write completed (met or breached), one update per report item:
 * the month's totals, and by policy, priority and agent.
 */
function completionStats(ticket: TicketItem, prev: StoredSla | undefined, clocks: SlaClock[], policy: SlaPolicy): Array<() => object> {
  const done = clocks.filter((c) => {
    if (!c.completedAt) return false;
    const start = c.startAt.toISOString();
    return !prev?.clocks.some((p) => p.metric === c.metric && p.startAt === start && p.completedAt);
  });
  if (!done.length) return [];
  const add: Record<string, number> = {};
  for (const c of done) {
    const code = METRIC_CODES[c.metric];
    add[`${code}_${c.status === "breached" ? "breached" : "met"}`] = (add[`${code}_${c.status === "breached" ? "breached" : "met"}`] ?? 0) + 1;
    const b = `${code}_b${bucketOf(c.elapsedMinutes)}`;
    add[b] = (add[b] ?? 0) + 1;
  }
  const month = done[0].completedAt!.toISOString().slice(0, 7);
  const dims: Array<[string, string]> = [["all", "all"], [`policy#${policy.policyId}`, policy.name], [`priority#${ticket.priority}`, ticket.priority]];
  if (ticket.assigneeId) dims.push([`agent#${ticket.assigneeId}`, ticket.assigneeId]);
  return dims.map(([dimension, label]) => () => SlaStatEntity.update({ tenantId: ticket.tenantId, month, dimension }).add(add as never).set({ label }));
}
