import { useTenant } from "../actor";
import { ActivityMarkEntity, ActivityStatEntity } from "../db/activity-stat";
import { DomainError } from "../errors";
import type { DomainEvent } from "../ports";
import { epochSeconds } from "../table";
import { Tenant } from "../tenant";
import { Tx } from "../tx";
import { ReportMath } from "./report-math";

export * as GoalActivity from "./goal-activity";

/** The events counted for goals and the lead-source report. */
export const EVENT_TYPES = ["lead.created", "note.created", "task.completed", "ticket.replied", "activity.logged"];

export type ActivityField = "leads" | "notes" | "tasks" | "replies" | "logged";

export interface Activity {
  /** Whose counter goes up (absent when nobody of the team did it, e.g. a note by an API key). */
  userId?: string;
  field: ActivityField;
  /** New leads are also counted per source (`""` for none). */
  source?: string;
}

type Data = Record<string, unknown>;
const str = (v: unknown) => (typeof v === "string" && v ? v : undefined);

/** What an event adds to the activity counters, as pure data (null: nothing). */
export function activityOf(event: Pick<DomainEvent, "type" | "actor" | "data">): Activity | null {
  const d = (event.data ?? {}) as Data;
  const actorUser = event.actor.type === "user" ? event.actor.id : undefined;
  switch (event.type) {
    case "lead.created":
      return { userId: str(d.ownerId), field: "leads", source: str(d.source) ?? "" };
    case "note.created": {
      // Notes by API keys or the system carry `key:<id>` or `system` as author: nobody's activity.
      const author = str(d.authorId);
      return author && !author.includes(":") && author !== "system" ? { userId: author, field: "notes" } : null;
    }
    case "task.completed":
      return { userId: actorUser ?? str(d.assigneeId), field: "tasks" };
    case "ticket.replied":
      return actorUser ? { userId: actorUser, field: "replies" } : null;
    case "activity.logged":
      // A call, meeting, visit or email counts for the member who did it (who may not be who logged it).
      return str(d.userId) ? { userId: str(d.userId), field: "logged" } : null;
    default:
      return null;
  }
}

/** The day (YYYY-MM-DD) of an instant in a time zone. */
export function dayOf(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(at);
}

const MARK_DAYS = 30;
class AlreadyCounted extends DomainError {
  constructor() {
    super("activity.already_counted", "This event was counted before.", 409);
  }
}

/**
 * Adds an event's activity to the user's (and the lead source's) day and month counters. The event's mark
 * is written in the same transaction on the condition that it is new, so a redelivered event counts once.
 */
export async function record(event: DomainEvent): Promise<void> {
  const activity = activityOf(event);
  if (!activity || (!activity.userId && activity.source === undefined)) return;
  const tenantId = useTenant();
  const at = new Date(event.at);
  const { timeZone } = await Tenant.settings();
  const periods = [ReportMath.monthOf(at, timeZone), dayOf(at, timeZone)];
  const subjects = [activity.userId ? `user#${activity.userId}` : null, activity.source !== undefined ? `source#${activity.source}` : null].filter((s): s is string => !!s);
  const tx = new Tx(tenantId).add(() => ActivityMarkEntity.create({ tenantId, eventId: event.id, expiresAt: epochSeconds(at) + MARK_DAYS * 86400 }), () => new AlreadyCounted());
  for (const period of periods) for (const subject of subjects) tx.add(() => ActivityStatEntity.update({ tenantId, period, subject }).add({ [activity.field]: 1 }));
  try {
    await tx.run();
  } catch (err) {
    if (!(err instanceof AlreadyCounted)) throw err;
  }
}
