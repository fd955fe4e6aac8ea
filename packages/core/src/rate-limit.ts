import { LookupEntity } from "./db/lookup";
import { now } from "./ports";
import { epochSeconds } from "./table";

export * as RateLimit from "./rate-limit";

/** Fixed-window counters stored as lookup items with a TTL. The window is part of the key. */
function windowKey(key: string, windowSeconds: number) {
  const t = epochSeconds(now());
  const start = t - (t % windowSeconds);
  return { key: `${key}@${start}`, retryAfter: start + windowSeconds - t, expiresAt: start + windowSeconds };
}

/** How many hits `key` has in the current window. */
export async function count(key: string, windowSeconds: number) {
  const w = windowKey(key, windowSeconds);
  const { data } = await LookupEntity.get({ kind: "ratelimit", key: w.key }).go();
  return { count: data?.count ?? 0, retryAfter: w.retryAfter };
}

/** Adds one hit and returns the new count. */
export async function hit(key: string, windowSeconds: number): Promise<{ count: number; retryAfter: number }> {
  const w = windowKey(key, windowSeconds);
  const res = await LookupEntity.update({ kind: "ratelimit", key: w.key })
    .add({ count: 1 })
    .set({ expiresAt: w.expiresAt })
    .go({ response: "all_new" });
  return { count: res.data.count ?? 1, retryAfter: w.retryAfter };
}
