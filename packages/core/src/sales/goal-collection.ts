import { useTenant } from "../actor";
import { ActivityMarkEntity } from "../db/activity-stat";
import { CollectionStatEntity } from "../db/collection-stat";
import { DomainError } from "../errors";
import type { DomainEvent } from "../ports";
import { epochSeconds } from "../table";
import { Tx } from "../tx";

export * as GoalCollection from "./goal-collection";

/** The events counted for 回款 (collected amount) goals. */
export const EVENT_TYPES = ["payment.recorded"];

const MARK_DAYS = 30;
class AlreadyCounted extends DomainError {
  constructor() {
    super("collection.already_counted", "This payment was counted before.", 409);
  }
}

export interface Collection {
  userId: string;
  month: string;
  amount: number;
}

/** What a `payment.recorded` event adds, as pure data: the contract owner's month of the payment date (null: nothing). */
export function collectionOf(data: unknown): Collection | null {
  const d = (data ?? {}) as Record<string, unknown>;
  const ok = typeof d.ownerId === "string" && d.ownerId && typeof d.amount === "number" && Number.isFinite(d.amount) && d.amount > 0 &&
    typeof d.paidOn === "string" && /^\d{4}-\d{2}-\d{2}$/.test(d.paidOn);
  return ok ? { userId: d.ownerId as string, month: (d.paidOn as string).slice(0, 7), amount: d.amount as number } : null;
}

/**
 * Adds a recorded payment to its owner's month. The event's mark (in the goal counters' mark space, prefixed
 * so it never meets an activity event) is written in the same transaction on the condition that it is new,
 * so a redelivered event counts once.
 */
export async function record(event: DomainEvent): Promise<void> {
  const c = collectionOf(event.data);
  if (!c) return;
  const tenantId = useTenant();
  const at = new Date(event.at);
  const tx = new Tx(tenantId)
    .add(() => ActivityMarkEntity.create({ tenantId, eventId: `collected#${event.id}`, expiresAt: epochSeconds(at) + MARK_DAYS * 86400 }), () => new AlreadyCounted())
    .add(() => CollectionStatEntity.update({ tenantId, month: c.month, subject: `user#${c.userId}` }).add({ collected: c.amount, payments: 1 }));
  try {
    await tx.run();
  } catch (err) {
    if (!(err instanceof AlreadyCounted)) throw err;
  }
}
