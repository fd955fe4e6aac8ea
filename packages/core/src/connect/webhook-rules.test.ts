import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { WebhookEvents } from "./webhook-events";
import { WebhookGuard } from "./webhook-guard";
import { WebhookRetry } from "./webhook-retry";
import { WebhookSignature } from "./webhook-signature";

function rng(seed: number) {
  return () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
}
const MIN = 60_000;
const HOUR = 60 * MIN;

describe("webhook retry schedule", () => {
  it("follows 1m, 5m, 30m, 2h, 6h, 12h and ends exactly at 24 hours", () => {
    const created = new Date("2030-01-01T00:00:00Z");
    let at = created;
    const waits: number[] = [];
    for (let n = 1; ; n++) {
      const next = WebhookRetry.nextAttemptAt(created, n, at);
      if (!next) break;
      waits.push(next.getTime() - at.getTime());
      at = next;
    }
    expect(waits).toEqual([MIN, 5 * MIN, 30 * MIN, 2 * HOUR, 6 * HOUR, 12 * HOUR, 24 * HOUR - (MIN + 5 * MIN + 30 * MIN + 2 * HOUR + 6 * HOUR + 12 * HOUR)]);
    expect(at.getTime() - created.getTime()).toBe(24 * HOUR);
  });

  it("never schedules past the window, never goes backwards, waits at least the backoff (2,000 generated cases)", () => {
    const r = rng(7);
    for (let i = 0; i < 2000; i++) {
      const created = new Date(Date.UTC(2030, 0, 1) + Math.floor(r() * 1e10));
      const attempts = 1 + Math.floor(r() * 30);
      const now = new Date(created.getTime() + Math.floor(r() * 30 * HOUR));
      const next = WebhookRetry.nextAttemptAt(created, attempts, now);
      const deadline = created.getTime() + WebhookRetry.RETRY_WINDOW_MS;
      if (now.getTime() >= deadline) {
        expect(next).toBeNull();
        continue;
      }
      expect(next).not.toBeNull();
      expect(next!.getTime()).toBeGreaterThan(now.getTime());
      expect(next!.getTime()).toBeLessThanOrEqual(deadline);
      const wait = WebhookRetry.BACKOFF_MS[Math.min(attempts, WebhookRetry.BACKOFF_MS.length) - 1];
      expect(next!.getTime()).toBe(Math.min(now.getTime() + wait, deadline));
      // More attempts never mean a shorter wait.
      const later = WebhookRetry.nextAttemptAt(created, attempts + 1, now)!;
      expect(later.getTime()).toBeGreaterThanOrEqual(next!.getTime());
    }
  });

  it("disables after 20 failures in a row or a day of failures, not before (1,000 generated cases)", () => {
    const r = rng(99);
    const now = new Date("2030-06-01T12:00:00Z");
    for (let i = 0; i < 1000; i++) {
      const failures = Math.floor(r() * 40);
      const since = r() < 0.2 ? null : new Date(now.getTime() - Math.floor(r() * 48 * HOUR));
      const expected = failures >= 20 || (since !== null && now.getTime() - since.getTime() >= 24 * HOUR);
      expect(WebhookRetry.shouldDisable(failures, since, now)).toBe(expected);
    }
    expect(WebhookRetry.shouldDisable(19, new Date(now.getTime() - 24 * HOUR + 1), now)).toBe(false);
    expect(WebhookRetry.shouldDisable(1, new Date(now.getTime() - 24 * HOUR), now)).toBe(true);
  });
});

describe("webhook signatures", () => {
  it("sign and verify agree, and any change to secret, timestamp or body fails (500 generated cases)", () => {
    const r = rng(3);
    const text = (n: number) => Array.from({ length: n }, () => String.fromCharCode(32 + Math.floor(r() * 20000))).join("");
    for (let i = 0; i < 500; i++) {
      const secret = `whsec_${text(10)}`;
      const ts = 1_900_000_000 + Math.floor(r() * 1e6);
      const body = JSON.stringify({ id: text(5), data: text(Math.floor(r() * 200)) });
      const sig = WebhookSignature.sign(secret, ts, body);
      expect(sig).toBe(`v1=${createHmac("sha256", secret).update(`${ts}.${body}`).digest("hex")}`);
      expect(WebhookSignature.verify(secret, sig, String(ts), body, ts + 10)).toBe(true);
      expect(WebhookSignature.verify(secret, `v1=${"0".repeat(64)}, ${sig}`, String(ts), body, ts)).toBe(true);
      expect(WebhookSignature.verify(`${secret}x`, sig, String(ts), body, ts)).toBe(false);
      expect(WebhookSignature.verify(secret, sig, String(ts + 1), body, ts)).toBe(false);
      expect(WebhookSignature.verify(secret, sig, String(ts), `${body} `, ts)).toBe(false);
      expect(WebhookSignature.verify(secret, sig, String(ts), body, ts + 301)).toBe(false);
      expect(WebhookSignature.verify(secret, undefined, String(ts), body, ts)).toBe(false);
    }
  });
});

describe("webhook event patterns", () => {
  it("match exact types, area.* and *, and nothing outside the catalogue", () => {
    expect(WebhookEvents.matches(["contact.*"], "contact.created")).toBe(true);
    expect(WebhookEvents.matches(["contact.*"], "company.created")).toBe(false);
    expect(WebhookEvents.matches(["deal.won"], "deal.won")).toBe(true);
    expect(WebhookEvents.matches(["deal.won"], "deal.lost")).toBe(false);
    expect(WebhookEvents.matches(["*"], "customer.churn_risk")).toBe(true);
    expect(WebhookEvents.matches(["*"], "webhook.created")).toBe(false);
    expect(WebhookEvents.matches(["*"], "apikey.created")).toBe(false);
    for (const type of WebhookEvents.EVENT_TYPES) {
      expect(WebhookEvents.matches([`${type.split(".")[0]}.*`], type)).toBe(true);
      expect(WebhookEvents.Pattern.safeParse(type).success).toBe(true);
    }
    expect(WebhookEvents.Pattern.safeParse("contact.exploded").success).toBe(false);
    expect(WebhookEvents.Pattern.safeParse("webhook.*").success).toBe(false);
  });
});

describe("SSRF guard", () => {
  it("classifies every non-public address class, and public ones as public", () => {
    const cases: Array<[string, string | null]> = [
      ["127.0.0.1", "loopback"], ["127.255.0.9", "loopback"], ["::1", "loopback"], ["::ffff:127.0.0.1", "loopback"], ["::ffff:7f00:1", "loopback"],
      ["10.0.0.1", "private"], ["172.16.0.1", "private"], ["172.31.255.255", "private"], ["192.168.0.1", "private"], ["100.64.0.1", "private"], ["100.127.255.255", "private"],
      ["::ffff:10.1.1.1", "private"], ["169.254.169.254", "link_local"], ["fe80::1", "link_local"], ["febf::1", "link_local"],
      ["fc00::1", "unique_local"], ["fdff::1", "unique_local"], ["0.0.0.0", "unspecified"], ["::", "unspecified"],
      ["224.0.0.1", "multicast"], ["239.255.255.250", "multicast"], ["ff02::1", "multicast"], ["255.255.255.255", "reserved"], ["not-an-ip", "reserved"],
      ["8.8.8.8", null], ["172.32.0.1", null], ["172.15.255.255", null], ["100.128.0.1", null], ["192.169.0.1", null], ["1.1.1.1", null],
      ["2606:4700:4700::1111", null], ["::ffff:8.8.8.8", null], ["fec0::1", "reserved"], ["fbff::1", null],
    ];
    for (const [ip, cls] of cases) expect(WebhookGuard.classify(ip), ip).toBe(cls);
  });

  it("agrees with a bit-level check of 10/8, 172.16/12, 192.168/16, 100.64/10 on 5,000 generated IPv4 addresses", () => {
    const r = rng(42);
    for (let i = 0; i < 5000; i++) {
      const n = Math.floor(r() * 2 ** 32) >>> 0;
      const ip = [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join(".");
      const inNet = (base: number, bits: number) => (n >>> (32 - bits)) === (base >>> (32 - bits));
      const priv = inNet(0x0a000000, 8) || inNet(0xac100000, 12) || inNet(0xc0a80000, 16) || inNet(0x64400000, 10);
      if (priv) expect(WebhookGuard.classify(ip), ip).toBe("private");
      else expect(WebhookGuard.classify(ip), ip).not.toBe("private");
      if (inNet(0x7f000000, 8)) expect(WebhookGuard.classify(ip)).toBe("loopback");
    }
  });
});
