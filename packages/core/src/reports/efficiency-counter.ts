import { useTenant } from "../actor";
import { EfficiencyMarkEntity, EfficiencyStatEntity } from "../db/efficiency-stat";
import { DomainError } from "../errors";
import type { DomainEvent } from "../ports";
import { epochSeconds } from "../table";
import { Tenant } from "../tenant";
import { Tx } from "../tx";
import { EfficiencyMath } from "./efficiency-math";

export * as EfficiencyCounter from "./efficiency-counter";

/** The events the work-efficiency counters follow. */
export const EVENT_TYPES = [
  "activity.logged", "activity.updated", "activity.deleted",
  "task.created", "task.updated", "task.completed",
  "deal.created", "deal.updated", "deal.stage_changed",
  "ticket.replied", "ticket.updated",
];

type Data = Record<string, any>;
const MARK_DAYS = 30;

class Counted extends DomainError {
  constructor() {
    super("efficiency.counted", "Counted before, or changed meanwhile.", 409);
  }
}

const key = (tenantId: string, c: { day: string; userId: string }) => ({ tenantId, month: c.day.slice(0, 7), day: c.day, userId: c.userId });

/**
 * Moves the counts of one activity or task from the state counted before (kept in its mark) to the state
 * the event carries. Events carry the record's version: an older or repeated one changes nothing, so
 * redelivery and reordering leave the counters equal to a recount of the records.
 */
async function applyState(markId: string, version: number, after: EfficiencyMath.Change[] | null) {
  const tenantId = useTenant();
  for (let attempt = 0; attempt < 8; attempt++) {
    const { data: mark } = await EfficiencyMarkEntity.get({ tenantId, markId }).go();
    if (mark && mark.version >= version) return;
    const before = (mark?.state as EfficiencyMath.Change[] | null | undefined) ?? [];
    const changes = EfficiencyMath.diff(before, after ?? []);
    const next = { tenantId, markId, version, state: after ?? [] };
    const tx = new Tx(tenantId).add(
      () => (mark ? EfficiencyMarkEntity.put(next).where((a, op) => op.eq(a.version, mark.version)) : EfficiencyMarkEntity.create(next)),
      () => new Counted(),
    );
    for (const c of changes) tx.add(() => EfficiencyStatEntity.update(key(tenantId, c)).add(c.add as never));
    try {
      return await tx.run();
    } catch (err) {
      if (!(err instanceof Counted)) throw err;
    }
  }
}

/**
 * Runs `build` once per `markId`: the mark is written with the counters on the condition that it is new.
 * Event marks expire after 30 days (EventBridge retries end long before); a ticket's first-response mark
 * stays, as later replies carry the same first response.
 */
async function once(markId: string, at: Date | null, build: (tx: Tx) => void) {
  const tenantId = useTenant();
  const expiresAt = at ? epochSeconds(at) + MARK_DAYS * 86400 : undefined;
  const tx = new Tx(tenantId).add(() => EfficiencyMarkEntity.create({ tenantId, markId, version: 1, expiresAt }), () => new Counted());
  build(tx);
  try {
    await tx.run();
  } catch (err) {
    if (!(err instanceof Counted)) throw err;
  }
}

/** Adds ids to string sets of a member's day: adding twice is a no-op, so no mark is needed. */
function addIds(tenantId: string, c: { day: string; userId: string }, sets: Record<string, string[]>) {
  return EfficiencyStatEntity.update(key(tenantId, c)).add(sets as never).go();
}

/** Event handler: keeps the per-member day counters of the work-efficiency report. */
export async function record(event: DomainEvent): Promise<void> {
  const tenantId = useTenant();
  const { timeZone } = await Tenant.settings();
  const d = (event.data ?? {}) as Data;
  const actorUser = event.actor.type === "user" ? event.actor.id : undefined;
  const at = new Date(event.at);
  const today = EfficiencyMath.dayOf(at, timeZone);
  switch (event.type) {
    case "activity.logged":
    case "activity.updated":
    case "activity.deleted": {
      const state = event.type === "activity.deleted" ? null : EfficiencyMath.activityContributions({ userId: d.userId, at: d.at, kind: d.kind }, timeZone);
      // A deletion carries the last version; nothing can follow it.
      return applyState(`a#${d.activityId}`, event.type === "activity.deleted" ? d.version + 1 : d.version, state);
    }
    case "task.created":
    case "task.updated":
    case "task.completed":
      return applyState(`t#${d.taskId}`, d.version, EfficiencyMath.taskContributions({ userId: d.assigneeId, dueAt: d.dueAt, status: d.status, completedAt: d.completedAt }, timeZone));
    case "deal.created":
    case "deal.updated":
      if (actorUser) await addIds(tenantId, { day: today, userId: actorUser }, { dealsTouched: [d.dealId] });
      return;
    case "deal.stage_changed": {
      if (!actorUser) return;
      const c = { day: today, userId: actorUser };
      return once(`e#${event.id}`, at, (tx) => tx.add(() => EfficiencyStatEntity.update(key(tenantId, c)).add({ stageChanges: 1, dealsTouched: [d.deal.dealId], dealsMoved: [d.deal.dealId] } as never)));
    }
    case "ticket.replied": {
      if (actorUser) await addIds(tenantId, { day: today, userId: actorUser }, { ticketsHandled: [d.ticketId] });
      const minutes = EfficiencyMath.firstResponseMinutes(d as Parameters<typeof EfficiencyMath.firstResponseMinutes>[0]);
      const who = d.assigneeId ?? actorUser;
      if (minutes === null || !who) return;
      // The first response counts for the ticket's agent on the day it was given, once per ticket.
      const c = { day: EfficiencyMath.dayOf(d.firstAgentReplyAt, timeZone), userId: who };
      return once(`fr#${d.ticketId}`, null, (tx) => tx.add(() => EfficiencyStatEntity.update(key(tenantId, c)).append({ frMinutes: [Math.round(minutes * 10) / 10] })));
    }
    case "ticket.updated": {
      const solved = (s: unknown) => s === "solved" || s === "closed";
      if (actorUser && solved(d.status) && !solved(d.previousStatus)) await addIds(tenantId, { day: today, userId: actorUser }, { ticketsHandled: [d.ticketId] });
      return;
    }
  }
}
