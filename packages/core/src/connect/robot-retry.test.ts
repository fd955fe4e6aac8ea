import { describe, expect, it } from "vitest";
import { prng } from "../testing/prng";
import { RobotRetry } from "./robot-retry";

describe("robot retry rules (generated)", () => {
  it("retries only what can succeed later, with growing waits inside the window", () => {
    const r = prng(9071);
    const platforms = ["wecom", "dingtalk", "feishu"] as const;
    for (let i = 0; i < 2000; i++) {
      const platform = r.pick(platforms);
      const status = r.pick([null, 200, 200, 400, 403, 404, 429, 500, 502, 503]);
      const code = r.pick([0, 93000, 310000, 19021, ...RobotRetry.RATE_LIMIT_CODES[platform], ...RobotRetry.RATE_LIMIT_CODES[r.pick(platforms)]]);
      const body = platform === "feishu" ? { code } : { errcode: code };
      const expected = status === null || status >= 500 || status === 429 || (status === 200 && RobotRetry.RATE_LIMIT_CODES[platform].includes(code));
      expect(RobotRetry.retryable(platform, status, body), `${platform} ${status} ${code}`).toBe(expected);

      const first = new Date(Date.UTC(2026, 0, 1) + r.int(0, 1e9));
      const attempts = r.int(1, 12);
      const now = new Date(first.getTime() + r.int(0, RobotRetry.RETRY_WINDOW_MS + 3_600_000));
      const next = RobotRetry.nextAttemptAt(first, attempts, now);
      const deadline = first.getTime() + RobotRetry.RETRY_WINDOW_MS;
      if (now.getTime() >= deadline) expect(next).toBeNull();
      else {
        expect(next!.getTime()).toBeGreaterThan(now.getTime());
        expect(next!.getTime()).toBeLessThanOrEqual(deadline);
        const later = RobotRetry.nextAttemptAt(first, attempts + 1, now)!;
        expect(later.getTime()).toBeGreaterThanOrEqual(next!.getTime());
      }
    }
  });
});
