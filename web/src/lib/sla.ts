import type { SlaClock, TicketSla } from "../api";

/** What a countdown shows: time left (maybe past the warning), time overdue, paused, or a finished result. */
export type ClockView =
  | { kind: "left" | "warning" | "overdue"; minutes: number }
  | { kind: "paused" | "met" | "breached" | "none" };

/**
 * A clock as of `now`. Stored clocks were computed at the ticket's last write; a running clock's `dueAt`
 * is a projection that stays right while nothing changes, so the time left is simply `dueAt - now`.
 */
export function clockView(c: SlaClock, now: number): ClockView {
  if (c.completedAt) return { kind: c.status === "breached" ? "breached" : "met" };
  // Paused after the breach: the counted time no longer grows, but the target was missed.
  if (c.paused && c.status === "breached") return { kind: "breached" };
  if (c.paused || c.status === "paused") return { kind: "paused" };
  if (!c.dueAt) return { kind: "none" };
  const minutes = (Date.parse(c.dueAt) - now) / 60_000;
  if (minutes <= 0) return { kind: "overdue", minutes: -minutes };
  return { kind: c.warnAt && Date.parse(c.warnAt) <= now ? "warning" : "left", minutes };
}

/**
 * The ticket's headline countdown: the earliest due time among the clocks still counting; when every
 * unfinished clock is paused, "breached" if one of them missed its target, else "paused"; nothing when all
 * are finished or there is no policy.
 */
export function ticketClockView(sla: TicketSla | undefined, now: number): ClockView {
  const open = (sla?.clocks ?? []).filter((c) => !c.completedAt);
  const counting = open.filter((c) => !c.paused && c.status !== "paused" && c.dueAt).sort((a, b) => Date.parse(a.dueAt!) - Date.parse(b.dueAt!));
  if (counting.length) return clockView(counting[0], now);
  if (open.some((c) => c.status === "breached")) return { kind: "breached" };
  return open.length ? { kind: "paused" } : { kind: "none" };
}
