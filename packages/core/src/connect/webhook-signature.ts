import { createHmac, timingSafeEqual } from "node:crypto";

export * as WebhookSignature from "./webhook-signature";

/**
 * How a receiver checks a delivery: `X-Webhook-Signature: v1=<hex HMAC-SHA256(secret, timestamp + "." + body)>`
 * with the timestamp from `X-Webhook-Timestamp` (seconds since the epoch). Signing the timestamp lets a
 * receiver refuse replays of old deliveries (the README's recipe allows 5 minutes).
 */
export function sign(secret: string, timestamp: number | string, body: string): string {
  return `v1=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

/** The documented check, as a receiver would write it: constant-time compare and a freshness window. */
export function verify(secret: string, header: string | undefined, timestamp: string | undefined, body: string, nowSeconds: number, toleranceSeconds = 300): boolean {
  if (!header || !timestamp || !/^\d+$/.test(timestamp)) return false;
  if (Math.abs(nowSeconds - Number(timestamp)) > toleranceSeconds) return false;
  const expected = Buffer.from(sign(secret, timestamp, body));
  // A header may carry several signatures during a secret rotation: `v1=..., v1=...`.
  return header.split(",").map((s) => Buffer.from(s.trim())).some((given) => given.length === expected.length && timingSafeEqual(given, expected));
}
