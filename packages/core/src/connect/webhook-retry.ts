import { DueSweep } from "../due-sweep";

export * as WebhookRetry from "./webhook-retry";

/** Waits after the 1st, 2nd, ... failed attempt; after the last one the wait repeats. */
export const BACKOFF_MS = [60_000, 5 * 60_000, 30 * 60_000, 2 * 3_600_000, 6 * 3_600_000, 12 * 3_600_000];
/** A delivery is retried for this long after it was first queued, then given up. */
export const RETRY_WINDOW_MS = 24 * 3_600_000;
/** A webhook is switched off after this many failed attempts in a row ... */
export const DISABLE_AFTER_FAILURES = 20;
/** ... or after failing without a single success for this long. */
export const DISABLE_AFTER_MS = 24 * 3_600_000;

/**
 * When to try a delivery again after its `attempts`-th attempt failed, or null to give up. The last retry
 * falls exactly at the end of the window, so a receiver that is down for most of a day still gets it.
 */
export function nextAttemptAt(createdAt: Date, attempts: number, now: Date): Date | null {
  return DueSweep.backoff(createdAt, attempts, now, BACKOFF_MS, RETRY_WINDOW_MS);
}

/** Whether a webhook with this failure streak is to be switched off. */
export function shouldDisable(consecutiveFailures: number, failingSince: Date | null, now: Date): boolean {
  if (consecutiveFailures >= DISABLE_AFTER_FAILURES) return true;
  return failingSince !== null && now.getTime() - failingSince.getTime() >= DISABLE_AFTER_MS;
}
