import { DueSweep } from "../due-sweep";
import type { RobotFormat } from "./robot-format";

export * as RobotRetry from "./robot-retry";

/** Waits after the 1st, 2nd, ... failed attempt; after the last one the wait repeats. */
export const BACKOFF_MS = [60_000, 5 * 60_000, 20 * 60_000, 60 * 60_000, 2 * 3_600_000];
/** A chat alert is stale after a few hours: retries stop this long after the first attempt. */
export const RETRY_WINDOW_MS = 6 * 3_600_000;

/**
 * The platforms' JSON error codes that mean "too many messages, try later": 企业微信 45009 (API frequency
 * limit), 45033 (concurrency limit) and -1 (system busy); 钉钉 130101 (sent too fast) and 410100 (rate
 * limited); 飞书 9499 (too many requests) and 11232 (message frequency limit).
 */
export const RATE_LIMIT_CODES: Record<RobotFormat.Platform, number[]> = {
  wecom: [45009, 45033, -1],
  dingtalk: [130101, 410100],
  feishu: [9499, 11232],
};

/**
 * Whether a failed post is worth another try: no answer (network error, timeout), a 5xx or 429, or the
 * platform's rate-limit code. Anything else (a wrong key, a bad signature, a 4xx) fails the same way again.
 */
export function retryable(platform: RobotFormat.Platform, status: number | null, body: unknown): boolean {
  if (status === null) return true;
  if (status >= 500 || status === 429) return true;
  if (status < 200 || status >= 300) return false;
  const b = (body ?? {}) as { errcode?: unknown; code?: unknown; StatusCode?: unknown };
  const code = platform === "feishu" ? (b.code ?? b.StatusCode) : b.errcode;
  return typeof code === "number" && RATE_LIMIT_CODES[platform].includes(code);
}

/** When to try again after the `attempts`-th failed attempt, or null once the window is over. */
export function nextAttemptAt(firstAt: Date, attempts: number, now: Date): Date | null {
  return DueSweep.backoff(firstAt, attempts, now, BACKOFF_MS, RETRY_WINDOW_MS);
}
