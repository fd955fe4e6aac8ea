import { describe, expect, it } from "vitest";
import { prng } from "../../packages/core/src/testing/prng";
import { newTenant, unique } from "../support/api";

/**
 * A segment's count is evaluated a slice at a time: each request evaluates at most `scanLimit` records and
 * answers a cursor while records remain, so the web app adds up slices (with progress) to an exact count
 * whatever the workspace's size.
 */
describe("segment counts in slices", () => {
  it("adds up to the exact count across slices, and a bad cursor is a 400", async () => {
    const t = await newTenant("business");
    const rand = prng(41);
    const tag = unique("cnt");
    let vip = 0;
    for (let batch = 0; batch < 3; batch++) {
      const items = Array.from({ length: 90 }, (_, i) => {
        const isVip = rand.chance(0.3);
        if (isVip) vip++;
        return { externalId: `${tag}-${batch}-${i}`, name: `${tag} Company ${batch}-${i}`, tags: isVip ? ["vip"] : ["standard"] };
      });
      const res = await t.owner.post("/api/companies/bulk", { matchBy: "externalId", items });
      expect(res.status, JSON.stringify(res.body).slice(0, 500)).toBe(200);
    }
    const seg = await t.owner.post("/api/segments", { name: "VIP", objectType: "company", filter: { match: "all", conditions: [{ field: "tags", op: "has_any", value: ["vip"] }] } });
    expect(seg.status, JSON.stringify(seg.body)).toBe(201);
    const id = seg.body.segmentId;

    // One request at the default limit counts all 270 at once.
    const whole = await t.owner.get(`/api/segments/${id}/count`);
    expect(whole.body).toMatchObject({ count: vip, capped: false, cursor: null, scanned: 270 });

    // Slices of at most 100 records: several requests, the same total, every record evaluated once.
    let total = 0;
    let scanned = 0;
    let slices = 0;
    let cursor: string | null = null;
    do {
      const res: any = await t.owner.get(`/api/segments/${id}/count?scanLimit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body.scanned).toBeLessThanOrEqual(100);
      expect(res.body.capped).toBe(res.body.cursor !== null);
      total += res.body.count;
      scanned += res.body.scanned;
      cursor = res.body.cursor;
      slices++;
    } while (cursor && slices < 20);
    expect(slices).toBe(3);
    expect(scanned).toBe(270);
    expect(total).toBe(vip);

    const bad = await t.owner.get(`/api/segments/${id}/count?cursor=not-a-cursor`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe("cursor.invalid");
    expect((await t.owner.get(`/api/segments/${id}/count?scanLimit=5`)).status).toBe(400);
  }, 180_000);
});
