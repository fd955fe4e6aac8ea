import { withActor } from "./actor";
import { DueEntity, dueBy } from "./db/due";

export * as DueSweep from "./due-sweep";

/** A due item as read: `recordId` is `<parent>.<child>` for the delivery queues. */
export interface Due { queue: string; dueAt: string; tenantId: string; recordId: string }

export interface Options {
  /** Items read per sweep (oldest first); the next sweep takes the rest. */
  batch: number;
  /** Items handled at once. */
  concurrency: number;
  /** Why the system acts, as the audit log and the logs show it. */
  reason: string;
  /** Stop starting new items after this much wall time, so a sweep ends within its Lambda timeout. */
  budgetMs?: number;
}

/**
 * One sweep of a due-time queue: the items due at `at`, each handled by `handle` under the system actor of
 * its tenant, `concurrency` at a time. An item that throws is logged and left to its handler's own retry
 * (its due item stays); the sweep goes on. Counts the items whose handler answered something.
 */
export async function run(queue: string, at: Date, o: Options, handle: (item: Due) => Promise<unknown>): Promise<{ due: number; attempted: number }> {
  const started = performance.now();
  const { data } = await dueBy(queue, at).go({ count: o.batch });
  let attempted = 0;
  let next = 0;
  const worker = async () => {
    while (next < data.length && (o.budgetMs === undefined || performance.now() - started < o.budgetMs)) {
      const item = data[next++];
      const r = await withActor({ type: "system", tenantId: item.tenantId, reason: o.reason }, () =>
        handle(item).catch((err) => {
          console.error(`[${o.reason}] ${item.recordId} failed`, err);
          return null;
        }));
      if (r) attempted++;
    }
  };
  await Promise.all(Array.from({ length: Math.min(o.concurrency, data.length) }, worker));
  return { due: data.length, attempted };
}

/** The two ids of a `<parent>.<child>` due record id (the child may hold dots). */
export function split(recordId: string): [string, string] {
  const dot = recordId.indexOf(".");
  return [recordId.slice(0, dot), recordId.slice(dot + 1)];
}

/** The due item of a `<parent>.<child>` record in `queue`. */
export function key(queue: string, tenantId: string, parentId: string, childId: string, dueAt: string): Due {
  return { queue, dueAt, tenantId, recordId: `${parentId}.${childId}` };
}

/**
 * When to try again after the `attempts`-th failed attempt: the backoff step for that attempt (the last step
 * repeats), never past `windowMs` after the first attempt; null once the window is over.
 */
export function backoff(firstAt: Date, attempts: number, at: Date, stepsMs: number[], windowMs: number): Date | null {
  const deadline = firstAt.getTime() + windowMs;
  if (at.getTime() >= deadline) return null;
  const wait = stepsMs[Math.min(Math.max(attempts, 1), stepsMs.length) - 1];
  return new Date(Math.min(at.getTime() + wait, deadline));
}

/** Drops a due item that no longer stands for anything (its record moved on or is gone). */
export async function drop(item: Due): Promise<void> {
  await DueEntity.delete(item).go().catch(() => {});
}
