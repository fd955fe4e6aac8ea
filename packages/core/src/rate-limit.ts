import { LookupEntity } from "./db/lookup";
import { now } from "./ports";
import { epochSeconds } from "./table";

export * as RateLimit from "./rate-limit";

/**
 * Sliding-window counters: a counter per fixed window (a lookup item with a TTL), and the estimate of the
 * last `windowSeconds` weighs the previous window by how much of it still overlaps. A burst across a window
 * boundary therefore counts in full, where fixed windows would let it through twice.
 */
function windows(key: string, windowSeconds: number) {
  const t = epochSeconds(now());
  const start = t - (t % windowSeconds);
  const overlap = 1 - (t - start) / windowSeconds;
  return {
    current: `${key}@${start}`,
    previous: `${key}@${start - windowSeconds}`,
    overlap,
    expiresAt: start + 2 * windowSeconds,
    retryAfter: Math.max(1, start + windowSeconds - t),
  };
}

async function countOf(key: string): Promise<number> {
  const { data } = await LookupEntity.get({ kind: "ratelimit", key }).go();
  return data?.count ?? 0;
}

/** The estimated number of hits `key` had in the last `windowSeconds`. */
export async function count(key: string, windowSeconds: number) {
  const w = windows(key, windowSeconds);
  const [current, previous] = await Promise.all([countOf(w.current), countOf(w.previous)]);
  return { count: current + previous * w.overlap, retryAfter: w.retryAfter };
}

/** Adds one hit and returns the new estimate. */
export async function hit(key: string, windowSeconds: number): Promise<{ count: number; retryAfter: number }> {
  const w = windows(key, windowSeconds);
  const [res, previous] = await Promise.all([
    LookupEntity.update({ kind: "ratelimit", key: w.current }).add({ count: 1 }).set({ expiresAt: w.expiresAt }).go({ response: "all_new" }),
    countOf(w.previous),
  ]);
  return { count: (res.data.count ?? 1) + previous * w.overlap, retryAfter: w.retryAfter };
}

/**
 * An exact sliding log for low-rate limits such as failed logins: the moments of the recent hits in one
 * item. `count` is how many fall in the last `windowSeconds`; `retryAfter` is when the oldest of them
 * leaves the window.
 */
export async function recent(key: string, windowSeconds: number): Promise<{ count: number; retryAfter: number }> {
  const at = now().getTime();
  const { data } = await LookupEntity.get({ kind: "ratelimit", key: `${key}#log` }).go();
  const live = (data?.times ?? []).filter((t) => t > at - windowSeconds * 1000).sort((a, b) => a - b);
  return { count: live.length, retryAfter: live.length ? Math.max(1, Math.ceil((live[0] + windowSeconds * 1000 - at) / 1000)) : 0 };
}

/** Records one hit in the sliding log; the log is trimmed to the window now and then. */
export async function record(key: string, windowSeconds: number): Promise<void> {
  const at = now().getTime();
  const expiresAt = epochSeconds(now()) + windowSeconds;
  const res = await LookupEntity.update({ kind: "ratelimit", key: `${key}#log` })
    .append({ times: [at] })
    .set({ expiresAt })
    .go({ response: "all_new" });
  const times = res.data.times ?? [];
  if (times.length > 50) {
    const live = times.filter((t) => t > at - windowSeconds * 1000);
    await LookupEntity.patch({ kind: "ratelimit", key: `${key}#log` }).set({ times: live }).go();
  }
}
