import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { prng } from "../testing/prng";
import { VisitRules } from "./visit-rules";

const ZONES = ["Asia/Shanghai", "UTC", "America/New_York", "Europe/Berlin", "Australia/Lord_Howe", "Pacific/Kiritimati", "America/St_Johns"];

describe("visit rules", () => {
  it("bounds a day in its zone for 1,000 generated instants: the instant's day contains it, and days tile without gaps", () => {
    const r = prng(20261125);
    for (let n = 0; n < 1000; n++) {
      const zone = r.pick(ZONES);
      const at = new Date(Date.UTC(2020, 0, 1) + r.int(0, 3000 * 86400) * 1000 + r.int(0, 999));
      const day = VisitRules.dayOf(at, zone);
      const { from, to } = VisitRules.dayBounds(day, zone);
      expect(from <= at.toISOString() && at.toISOString() < to, `${zone} ${at.toISOString()}`).toBe(true);
      const hours = (Date.parse(to) - Date.parse(from)) / 3600_000;
      expect([23, 23.5, 24, 24.5, 25]).toContain(hours);
      const next = DateTime.fromISO(day).plus({ days: 1 }).toISODate()!;
      expect(VisitRules.dayBounds(next, zone).from).toBe(to);
      expect(VisitRules.dayOf(new Date(Date.parse(to) - 1), zone)).toBe(day);
    }
  });

  it("measures visits in whole minutes, capped at a day, and refuses a check-out before the check-in", () => {
    const r = prng(7);
    expect(VisitRules.durationMinutes("2026-03-10T01:00:00Z", "2026-03-10T02:30:29Z")).toBe(90);
    for (let n = 0; n < 500; n++) {
      const start = Date.UTC(2026, 0, 1) + r.int(0, 1e9);
      const ms = r.int(-3 * 3600_000, 3 * 86400_000);
      const got = VisitRules.durationMinutes(new Date(start).toISOString(), new Date(start + ms).toISOString());
      if (ms < 0) expect(got).toBeNull();
      else expect(got).toBe(Math.min(VisitRules.MAX_MINUTES, Math.round(ms / 60000)));
    }
  });

  it("accepts photos of image types up to 10 MB only", () => {
    const r = prng(99);
    for (let n = 0; n < 500; n++) {
      const type = r.pick([...VisitRules.PHOTO_TYPES, "application/pdf", "text/html", "image/svg+xml", "video/mp4", ""]);
      const size = r.pick([0, -1, 1, 1.5, r.int(1, VisitRules.MAX_PHOTO_BYTES), VisitRules.MAX_PHOTO_BYTES, VisitRules.MAX_PHOTO_BYTES + 1, r.int(VisitRules.MAX_PHOTO_BYTES + 1, 1e9)]);
      const typed = r.chance(0.5) ? type.toUpperCase() + "; charset=binary" : type;
      const expected = !(VisitRules.PHOTO_TYPES as readonly string[]).includes(type) ? "type" : Number.isInteger(size) && size > 0 && size <= VisitRules.MAX_PHOTO_BYTES ? null : "size";
      expect(VisitRules.photoProblem(typed, size), `${typed} ${size}`).toBe(expected);
    }
  });
});
