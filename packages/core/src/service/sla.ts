import { z } from "zod";
import { Id, Name, Tags } from "../validation";
import { BusinessHours, CalendarNeverOpenError, type Calendar } from "./business-hours";

export * as Sla from "./sla";

/*
 * SLA clocks as pure functions of a policy, a calendar, the ticket's facts and `now`. A clock counts time
 * that is inside the calendar (for business-hours targets) and in which the ticket is in a counting
 * status: pause statuses (pending, on-hold by default) freeze it, and solved/closed stop it. Every
 * instant a clock reports is derived the same way, "when did (or will) the counted time reach X", so
 * due, warning and escalation times always agree with the elapsed time.
 */

const MINUTE = 60_000;
/** A year of minutes: the longest target a policy may set. */
const MAX_TARGET = 525_600;

export const SlaMetric = z.enum(["firstResponse", "nextResponse", "resolution"]);
export type SlaMetric = z.infer<typeof SlaMetric>;
export const Priority = z.enum(["low", "normal", "high", "urgent"]);
/** Statuses a policy may pause on. Solved and closed are not among them: they always stop the clocks. */
export const PausableStatus = z.enum(["new", "open", "pending", "on-hold"]);
const STOP = new Set(["solved", "closed"]);

export const SlaTargetInput = z.strictObject({
  minutes: z.number().int().min(1).max(MAX_TARGET),
  businessHours: z.boolean(),
});
export type SlaTarget = z.output<typeof SlaTargetInput>;

/**
 * One escalation level. It acts `delayMinutes` after the warning or the breach of a metric (counted on
 * that metric's clock, so a paused ticket does not escalate), for the metrics listed or all of them.
 */
export const EscalationStepInput = z
  .strictObject({
    level: z.number().int().min(1).max(10),
    after: z.enum(["warning", "breach"]),
    delayMinutes: z.number().int().min(0).max(MAX_TARGET).default(0),
    metrics: z.array(SlaMetric).min(1).optional(),
    action: z.enum(["notify_assignee", "notify_group_manager", "reassign", "raise_priority"]),
    /** For `reassign`. */
    assignTo: z.strictObject({ userId: Id.optional(), groupId: Id.optional() }).optional(),
    /** For `raise_priority`: the priority to set; one step up when absent. */
    priority: Priority.optional(),
  })
  .refine((s) => s.action !== "reassign" || !!(s.assignTo?.userId || s.assignTo?.groupId), {
    message: "Say whom to reassign the ticket to.",
    path: ["assignTo"],
  });
export type EscalationStep = z.output<typeof EscalationStepInput>;

/** A condition that is absent or empty matches every ticket; tags match when the ticket has any of them. */
export const SlaConditionsInput = z.strictObject({
  priorities: z.array(Priority).max(4).optional(),
  groupIds: z.array(Id).max(100).optional(),
  tags: Tags.optional(),
  companyIds: z.array(Id).max(100).optional(),
});

/** What an admin sends to create or replace a policy. */
export const SlaPolicyInput = z
  .strictObject({
    name: Name,
    position: z.number().int().min(0).max(10_000),
    conditions: SlaConditionsInput.default({}),
    targets: z
      .strictObject({
        firstResponse: SlaTargetInput.optional(),
        nextResponse: SlaTargetInput.optional(),
        resolution: SlaTargetInput.optional(),
      })
      .refine((t) => !!(t.firstResponse || t.nextResponse || t.resolution), "Set at least one target."),
    calendarId: Id.optional(),
    pauseStatuses: z.array(PausableStatus).max(4).default(["pending", "on-hold"]),
    /** Warn at `percent` of the target or `minutesBefore` it, whichever comes first; neither: no warning. */
    warning: z
      .strictObject({
        percent: z.number().int().min(1).max(99).optional(),
        minutesBefore: z.number().int().min(1).max(MAX_TARGET).optional(),
      })
      .default({}),
    escalation: z.array(EscalationStepInput).max(20).default([]),
  })
  .superRefine((p, ctx) => {
    const levels = p.escalation.map((s) => s.level);
    if (new Set(levels).size !== levels.length) ctx.addIssue({ code: "custom", message: "Each level may appear once.", path: ["escalation"] });
    const warns = p.warning.percent !== undefined || p.warning.minutesBefore !== undefined;
    p.escalation.forEach((s, i) => {
      if (s.after === "warning" && !warns) ctx.addIssue({ code: "custom", message: "Set a warning first.", path: ["escalation", i, "after"] });
    });
  });
export type SlaPolicyInput = z.input<typeof SlaPolicyInput>;
export type SlaPolicy = z.output<typeof SlaPolicyInput> & { policyId: string };

/** The facts about a ticket the clocks read; dates may come as ISO strings, as stored. */
export const SlaFacts = z.object({
  createdAt: z.coerce.date(),
  statusHistory: z.array(z.object({ at: z.coerce.date(), status: z.string() })).default([]),
  firstAgentReplyAt: z.coerce.date().optional(),
  lastCustomerMessageAt: z.coerce.date().optional(),
  lastAgentReplyAfterCustomerAt: z.coerce.date().optional(),
  solvedAt: z.coerce.date().optional(),
});
export type SlaFacts = z.output<typeof SlaFacts>;

export type SlaStatus = "running" | "paused" | "met" | "breached";
export type SlaEscalation = EscalationStep & { at: Date | null; reached: boolean };

export interface SlaClock {
  metric: SlaMetric;
  targetMinutes: number;
  businessHours: boolean;
  startAt: Date;
  /** The reply or solve that ended this clock; null while it runs or is paused. */
  completedAt: Date | null;
  /**
   * When the counted time reaches the target: the past instant once it has, a projection while running,
   * null while paused or when completed before reaching it.
   */
  dueAt: Date | null;
  /** Like `dueAt`, for the warning threshold; null when the policy has no warning. */
  warnAt: Date | null;
  elapsedMinutes: number;
  /** Negative when overdue. */
  remainingMinutes: number;
  paused: boolean;
  /** The warning threshold has been reached. */
  warning: boolean;
  status: SlaStatus;
  escalations: SlaEscalation[];
}

/** The first policy by position whose every given condition matches the ticket. */
export function matchPolicy<P extends Pick<SlaPolicy, "position" | "conditions">>(
  policies: P[],
  ticket: { priority: string; groupId?: string; tags?: string[]; companyId?: string },
): P | undefined {
  const given = (xs?: string[]) => !!xs && xs.length > 0;
  // A stable sort keeps the stored order for equal positions.
  return [...policies]
    .sort((a, b) => a.position - b.position)
    .find(({ conditions: c }) => {
      if (given(c.priorities) && !c.priorities!.includes(ticket.priority as never)) return false;
      if (given(c.groupIds) && !(ticket.groupId && c.groupIds!.includes(ticket.groupId))) return false;
      if (given(c.companyIds) && !(ticket.companyId && c.companyIds!.includes(ticket.companyId))) return false;
      if (given(c.tags) && !c.tags!.some((t) => ticket.tags?.includes(t))) return false;
      return true;
    });
}

type Range = [number, number];
type Change = { at: number; status: string };

const ALWAYS: Calendar = { timeZone: "UTC", weekly: [], holidays: [], alwaysOpen: true };

/**
 * The clocks of every metric the policy targets and the ticket has: first response from creation to the
 * first agent reply; next response from the last customer message after the first reply to the agent's
 * answer; resolution from creation to solved (a reopen resumes it). Solving fulfils the reply targets
 * too, as in Zendesk. `calendar` is used by business-hours targets; without one they count all time.
 */
export function clocks(policy: SlaPolicy, calendar: Calendar | null | undefined, ticket: SlaFacts, now: Date): SlaClock[] {
  const at = now.getTime();
  const timeline = statusTimeline(ticket, at);
  const current = timeline.length ? timeline[timeline.length - 1].status : "new";
  let stoppedSince: number | null = null;
  for (let i = timeline.length - 1; i >= 0 && STOP.has(timeline[i].status); i--) stoppedSince = timeline[i].at;
  const past = (d?: Date) => (d && d.getTime() <= at ? d.getTime() : undefined);
  const created = ticket.createdAt.getTime();
  const firstReply = past(ticket.firstAgentReplyAt);
  const customer = past(ticket.lastCustomerMessageAt);
  const answer = past(ticket.lastAgentReplyAfterCustomerAt);
  const solvedFrom = (start: number) => (stoppedSince === null ? null : Math.max(stoppedSince, start));

  const spans: Partial<Record<SlaMetric, { start: number; done: number | null }>> = {
    firstResponse: { start: created, done: firstReply !== undefined ? Math.max(firstReply, created) : solvedFrom(created) },
    resolution: { start: created, done: solvedFrom(created) },
  };
  // Before the first reply the first-response clock covers the customer's messages.
  if (firstReply !== undefined && customer !== undefined && customer > firstReply) {
    spans.nextResponse = { start: customer, done: answer !== undefined && answer >= customer ? answer : solvedFrom(customer) };
  }

  const pause = new Set<string>(policy.pauseStatuses);
  const counts = (status: string) => !pause.has(status) && !STOP.has(status);
  const out: SlaClock[] = [];
  for (const metric of SlaMetric.options) {
    const target = policy.targets[metric];
    const span = spans[metric];
    if (!target || !span) continue;
    const stretches = counting(timeline, counts, span.start, span.done ?? Infinity);
    out.push(clock(metric, target, policy, target.businessHours ? calendar ?? ALWAYS : ALWAYS, span, stretches, at, counts(current)));
  }
  return out;
}

/** The earliest warning, breach or escalation still ahead on any running clock: for the due-time index. */
export function nextDeadline(result: SlaClock[]): Date | null {
  let best: number | null = null;
  for (const c of result) {
    if (c.completedAt) continue;
    const ahead = [c.warning ? null : c.warnAt, c.status === "breached" ? null : c.dueAt, ...c.escalations.filter((e) => !e.reached).map((e) => e.at)];
    for (const d of ahead) if (d && (best === null || d.getTime() < best)) best = d.getTime();
  }
  return best === null ? null : new Date(best);
}

/** Status changes up to `now`, in time order; a `solvedAt` later than every change counts as one. */
function statusTimeline(ticket: SlaFacts, now: number): Change[] {
  const changes = ticket.statusHistory
    .map((h) => ({ at: h.at.getTime(), status: h.status }))
    .filter((h) => h.at <= now)
    .sort((a, b) => a.at - b.at);
  const solved = ticket.solvedAt?.getTime();
  const last = changes[changes.length - 1];
  if (solved !== undefined && solved <= now && (!last || (last.at <= solved && !STOP.has(last.status)))) {
    changes.push({ at: solved, status: "solved" });
  }
  return changes;
}

/** The stretches of [start, end) in which the status counts; the last one may be open-ended. */
function counting(timeline: Change[], counts: (s: string) => boolean, start: number, end: number): Range[] {
  const out: Range[] = [];
  let status = "new";
  let i = 0;
  for (; i < timeline.length && timeline[i].at <= start; i++) status = timeline[i].status;
  for (let from = start; from < end; i++) {
    const to = i < timeline.length ? Math.min(timeline[i].at, end) : end;
    if (counts(status) && to > from) {
      const last = out[out.length - 1];
      if (last && last[1] === from) last[1] = to;
      else out.push([from, to]);
    }
    if (i >= timeline.length) break;
    from = to;
    status = timeline[i].status;
  }
  return out;
}

function clock(
  metric: SlaMetric,
  target: SlaTarget,
  policy: SlaPolicy,
  cal: Calendar,
  span: { start: number; done: number | null },
  stretches: Range[],
  now: number,
  countingNow: boolean,
): SlaClock {
  // Whole milliseconds throughout, so comparisons at the exact due instant are exact.
  const measure = (a: number, b: number) => Math.round(BusinessHours.businessMinutesBetween(cal, new Date(a), new Date(b)) * MINUTE);
  const reach = (a: number, ms: number): number | null => {
    try {
      return BusinessHours.addBusinessMinutes(cal, new Date(a), ms / MINUTE).getTime();
    } catch (e) {
      if (e instanceof CalendarNeverOpenError) return null;
      throw e;
    }
  };
  const until = span.done ?? now;
  const sizes = stretches.map(([a, b]) => (b === Infinity ? null : measure(a, b)));
  const elapsed = stretches.reduce((sum, [a, b], i) => (a >= until ? sum : sum + (b <= until ? sizes[i]! : measure(a, until))), 0);
  /** When the counted time reaches `x` ms, if it has or will while the clock keeps running. */
  const instant = (x: number): Date | null => {
    let sum = 0;
    for (let i = 0; i < stretches.length; i++) {
      const size = sizes[i];
      if (size === null || sum + size >= x) {
        const t = reach(stretches[i][0], x - sum);
        return t === null ? null : new Date(t);
      }
      sum += size;
    }
    return null;
  };

  const targetMs = target.minutes * MINUTE;
  const warnMs = warnThreshold(policy, targetMs);
  const completed = span.done !== null;
  const breached = completed ? elapsed > targetMs : elapsed >= targetMs;
  const paused = !completed && !countingNow;
  const warning = warnMs !== null && elapsed >= warnMs;
  const escalations = policy.escalation
    .filter((s) => !s.metrics || s.metrics.includes(metric))
    .map((s): SlaEscalation => {
      const base = s.after === "breach" ? targetMs : warnMs;
      const x = base === null ? null : base + s.delayMinutes * MINUTE;
      const reached = x !== null && (s.after === "breach" ? breached : warning) && elapsed >= x;
      return { ...s, at: x === null ? null : instant(x), reached };
    });
  return {
    metric,
    targetMinutes: target.minutes,
    businessHours: target.businessHours,
    startAt: new Date(span.start),
    completedAt: completed ? new Date(span.done!) : null,
    dueAt: instant(targetMs),
    warnAt: warnMs === null ? null : instant(warnMs),
    elapsedMinutes: elapsed / MINUTE,
    remainingMinutes: (targetMs - elapsed) / MINUTE,
    paused,
    warning,
    status: completed ? (breached ? "breached" : "met") : breached ? "breached" : paused ? "paused" : "running",
    escalations,
  };
}

function warnThreshold(policy: SlaPolicy, targetMs: number): number | null {
  const { percent, minutesBefore } = policy.warning ?? {};
  const xs: number[] = [];
  if (percent !== undefined) xs.push(Math.round((targetMs * percent) / 100));
  if (minutesBefore !== undefined) xs.push(targetMs - minutesBefore * MINUTE);
  return xs.length ? Math.max(0, Math.min(...xs)) : null;
}
