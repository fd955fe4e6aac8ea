import { createSignal } from "solid-js";
import { ApiError, api, type Ticket, type TicketPatch } from "../../api";
import { fieldText } from "../../i18n";

/**
 * Edits of a ticket's properties: each is sent at once with the version it was made on, shown before
 * the answer arrives and rolled back when it fails (a 409 then offers to reload). One edit at a time, so
 * the next one carries the version the previous one produced.
 */
export function createPatcher(ticket: () => Ticket, onLocal: (t: Ticket) => void) {
  const [error, setError] = createSignal<unknown>();
  const [busy, setBusy] = createSignal(false);

  const patch = async (changes: Omit<TicketPatch, "version">): Promise<boolean> => {
    if (busy()) return false;
    const before = ticket();
    setError(undefined);
    setBusy(true);
    onLocal(applyLocally(before, changes));
    try {
      onLocal(await api.tickets.update(before.ticketId, { version: before.version, ...changes }));
      return true;
    } catch (err) {
      onLocal(before);
      setError(err);
      return false;
    } finally {
      setBusy(false);
    }
  };

  /** The API's message for one property, translated where known. */
  const fieldError = (key: string): string | undefined => {
    const e = error();
    if (!(e instanceof ApiError) || !e.fields) return undefined;
    const hit = Object.entries(e.fields).find(([k]) => k === key || k.startsWith(`${key}.`));
    return hit ? fieldText(hit[1]) : undefined;
  };

  return { patch, error, busy, fieldError, clearError: () => setError(undefined) };
}
export type Patcher = ReturnType<typeof createPatcher>;

function applyLocally(t: Ticket, changes: Omit<TicketPatch, "version">): Ticket {
  const next: Ticket = { ...t };
  if (changes.subject !== undefined) next.subject = changes.subject;
  if (changes.status) next.status = changes.status;
  if (changes.priority) next.priority = changes.priority;
  if (changes.tags) next.tags = changes.tags;
  if (changes.cc) next.cc = changes.cc;
  if (changes.assigneeId !== undefined) next.assigneeId = changes.assigneeId ?? undefined;
  if (changes.groupId !== undefined) next.groupId = changes.groupId ?? undefined;
  return next;
}
