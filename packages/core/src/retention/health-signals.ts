import type { DomainEvent } from "../ports";
import type { Signals } from "./churn-score";

export * as HealthSignals from "./health-signals";

/** How far back SLA breaches and lost deals count. */
export const WINDOW_DAYS = 90;
const DAY = 86_400_000;
const OPEN_TICKET = new Set(["new", "open", "pending", "on-hold"]);

/**
 * What a customer's health item keeps between events: enough to derive every signal at any `now`, and
 * idempotent under redelivery (tickets and deals are keyed by id, breaches by metric and time).
 */
export interface Aggregates {
  lastActivityAt?: string;
  /** `at` is the time of the event the state comes from: an older event delivered late changes nothing. */
  tickets: Record<string, { open: boolean; breaches: string[]; at?: string }>;
  deals: Record<string, { status: "open" | "won" | "lost"; amount: number; closedAt?: string; at?: string }>;
  unsubscribed: boolean;
}

export function empty(): Aggregates {
  return { tickets: {}, deals: {}, unsubscribed: false };
}

/** The events that move a signal (the timeline's events are activity; these and the unsubscribe). */
export const EVENT_TYPES = [
  "contact.created", "contact.updated", "company.created", "company.updated",
  "ticket.created", "ticket.updated", "ticket.replied", "ticket.noted", "ticket.message_received", "ticket.sla_breached",
  "note.created", "task.created", "task.completed",
  "deal.created", "deal.updated", "deal.stage_changed", "deal.won", "deal.lost",
  "contact.unsubscribed", "contact.resubscribed",
];

/** Events that change a signal but are not the customer doing or hearing anything. */
const NOT_ACTIVITY = new Set(["ticket.sla_breached", "contact.unsubscribed", "contact.resubscribed", "deal.updated"]);

type Data = Record<string, unknown>;

/**
 * The customers (`contact#id`, `company#id`) an event concerns. A ticket counts for its requester and
 * its company; a deal for its contact and company; notes and tasks for the record they hang off.
 * `ticket.sla_breached` names only the ticket: the caller resolves it (see `Churn.onEvent`).
 */
export function customersOf(event: Pick<DomainEvent, "type" | "data">): string[] {
  const d = (event.data ?? {}) as Data;
  const keys: string[] = [];
  const add = (type: string, id: unknown) => typeof id === "string" && id && keys.push(`${type}#${id}`);
  const [area] = event.type.split(".");
  if (area === "contact") add("contact", d.contactId);
  if (area === "company") add("company", d.companyId);
  if (area === "ticket") {
    add("contact", d.requesterId);
    add("company", d.companyId);
  }
  if (area === "deal") {
    const deal = ((d.deal as Data | undefined) ?? d) as Data;
    add("contact", deal.contactId);
    add("company", deal.companyId);
  }
  if ((area === "note" || area === "task") && (d.recordType === "contact" || d.recordType === "company")) add(d.recordType, d.recordId);
  return [...new Set(keys)];
}

/**
 * The aggregates after `event` (pure; applying the same event twice changes nothing more). `actorIsChurn`
 * marks events the churn module caused itself (its win-back task), which are not the customer's activity.
 */
export function apply(agg: Aggregates, event: Pick<DomainEvent, "type" | "data" | "at">, actorIsChurn = false): Aggregates {
  const next: Aggregates = { ...agg, tickets: { ...agg.tickets }, deals: { ...agg.deals } };
  const d = (event.data ?? {}) as Data;
  if (!NOT_ACTIVITY.has(event.type) && !actorIsChurn && (!next.lastActivityAt || event.at > next.lastActivityAt)) next.lastActivityAt = event.at;
  const [area] = event.type.split(".");
  if (event.type === "ticket.sla_breached" && typeof d.ticketId === "string") {
    const t = next.tickets[d.ticketId] ?? { open: true, breaches: [] };
    const mark = `${d.metric ?? "sla"}@${d.at ?? event.at}`;
    if (!t.breaches.includes(mark)) next.tickets[d.ticketId] = { ...t, breaches: [...t.breaches, mark] };
  } else if (area === "ticket" && typeof d.ticketId === "string" && typeof d.status === "string") {
    const t = next.tickets[d.ticketId] ?? { open: true, breaches: [] };
    if (!t.at || t.at <= event.at) next.tickets[d.ticketId] = { ...t, open: OPEN_TICKET.has(d.status), at: event.at };
  }
  if (area === "deal") {
    const deal = ((d.deal as Data | undefined) ?? d) as Data;
    const seen = typeof deal.dealId === "string" ? next.deals[deal.dealId]?.at : undefined;
    if (typeof deal.dealId === "string" && typeof deal.status === "string" && (!seen || seen <= event.at)) {
      const status = deal.status as "open" | "won" | "lost";
      const closedAt = typeof deal.closedAt === "string" ? deal.closedAt : status === "open" ? undefined : event.at;
      next.deals[deal.dealId] = { status, amount: typeof deal.amount === "number" ? deal.amount : 0, ...(closedAt ? { closedAt } : {}), at: event.at };
    }
  }
  // A bounce suppresses mail too, but says nothing about the customer's wish to hear from us.
  if (event.type === "contact.unsubscribed" && d.reason !== "bounced") next.unsubscribed = true;
  if (event.type === "contact.resubscribed") next.unsubscribed = false;
  return next;
}

function breachTime(mark: string): number {
  return Date.parse(mark.slice(mark.indexOf("@") + 1));
}

/** Whole days from `from` to `now`, never negative; `null` when there is no `from`. */
export function daysSince(from: string | undefined, now: Date): number | null {
  if (!from) return null;
  return Math.max(0, Math.floor((now.getTime() - Date.parse(from)) / DAY));
}

/** The signals at `now` from the aggregates. */
export function signals(agg: Aggregates, now: Date): Signals {
  const since = now.getTime() - WINDOW_DAYS * DAY;
  const tickets = Object.values(agg.tickets);
  const deals = Object.values(agg.deals);
  const lastWon = deals.filter((x) => x.status === "won" && x.closedAt).map((x) => x.closedAt!).sort().pop();
  return {
    daysSinceActivity: daysSince(agg.lastActivityAt, now),
    daysSinceWon: daysSince(lastWon, now),
    openTickets: tickets.filter((t) => t.open).length,
    breaches: tickets.reduce((n, t) => n + t.breaches.filter((b) => breachTime(b) >= since).length, 0),
    lostDeals: deals.filter((x) => x.status === "lost" && x.closedAt && Date.parse(x.closedAt) >= since).length,
    unsubscribed: agg.unsubscribed,
  };
}

/**
 * What the customer is worth, for sorting the at-risk list: the amounts of its open and won deals (in the
 * currency's minor unit). Deals carry the money a lost customer takes away; company size is not a field.
 */
export function value(agg: Aggregates): number {
  return Object.values(agg.deals).reduce((sum, x) => sum + (x.status === "lost" ? 0 : Math.max(0, Math.round(x.amount))), 0);
}

/** Drops what can no longer count (closed tickets whose breaches left the window, old lost deals): keeps the item bounded. */
export function prune(agg: Aggregates, now: Date): Aggregates {
  const since = now.getTime() - WINDOW_DAYS * DAY;
  const tickets: Aggregates["tickets"] = {};
  for (const [id, t] of Object.entries(agg.tickets)) {
    const breaches = t.breaches.filter((b) => breachTime(b) >= since);
    if (t.open || breaches.length) tickets[id] = { ...t, breaches };
  }
  const deals: Aggregates["deals"] = {};
  for (const [id, x] of Object.entries(agg.deals)) {
    if (x.status === "lost" && (!x.closedAt || Date.parse(x.closedAt) < since)) continue;
    deals[id] = x;
  }
  return { ...agg, tickets, deals };
}
