import { describe, expect, it } from "vitest";
import { addMember, type Client, newTenant, unique } from "../support/api";

async function field(c: Client, body: Record<string, unknown>, objectType = "contact") {
  const res = await c.post("/api/custom-fields", { objectType, labels: { en: String(body.key), "zh-CN": `字段 ${body.key}` }, ...body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
}

async function contact(c: Client, body: Record<string, unknown>) {
  const res = await c.post("/api/contacts", { name: unique("Person "), ...body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

const tierGold = { match: "all", conditions: [{ field: "custom.tier", op: "is", value: "gold" }] };

async function setup() {
  const t = await newTenant("business");
  await field(t.owner, { key: "tier", type: "single_select", validation: { options: [{ key: "gold", labels: { en: "Gold" } }, { key: "silver", labels: { en: "Silver" } }] } });
  await field(t.owner, { key: "score", type: "number" });
  return t;
}

describe("segments", () => {
  it("saves a filter over custom fields and built-ins, counts it live and pages its members", async () => {
    const t = await setup();
    const gold = [];
    for (let i = 0; i < 7; i++) gold.push(await contact(t.owner, { tags: i % 2 ? ["vip"] : [], custom: { tier: "gold", score: i * 10 } }));
    for (let i = 0; i < 5; i++) await contact(t.owner, { custom: { tier: "silver", score: 100 } });

    const created = await t.owner.post("/api/segments", { name: "Gold", objectType: "contact", filter: tierGold });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ name: "Gold", shared: false, version: 1 });
    const id = created.body.segmentId;

    expect((await t.owner.get(`/api/segments/${id}/count`)).body).toMatchObject({ count: 7, capped: false });
    const list = await t.owner.get("/api/segments");
    expect(list.body.items.find((s: { segmentId: string }) => s.segmentId === id).count).toBe(7);

    // Paging: three pages of 3, 3, 1 with no duplicates and nothing missed.
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await t.owner.get(`/api/segments/${id}/members?limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
      expect(res.status).toBe(200);
      seen.push(...res.body.items.map((c: { contactId: string }) => c.contactId));
      cursor = res.body.cursor;
      pages++;
    } while (cursor && pages < 10);
    expect(new Set(seen).size).toBe(7);
    expect(seen.sort()).toEqual(gold.map((c) => c.contactId).sort());

    // A combined filter: gold AND vip tag AND score between 20 and 60.
    const narrow = await t.owner.post("/api/segments", { name: "Gold VIP", objectType: "contact", filter: { match: "all", conditions: [
      ...tierGold.conditions, { field: "tags", op: "has_any", value: ["vip"] }, { field: "custom.score", op: "between", value: { min: 20, max: 60 } },
    ] } });
    expect((await t.owner.get(`/api/segments/${narrow.body.segmentId}/count`)).body.count).toBe(2); // scores 30 and 50
    const any = await t.owner.post("/api/segments", { name: "Any", objectType: "contact", filter: { match: "any", conditions: [
      { field: "custom.score", op: "between", value: { min: 100 } }, { field: "custom.score", op: "between", value: { max: 0 } },
    ] } });
    expect((await t.owner.get(`/api/segments/${any.body.segmentId}/count`)).body.count).toBe(6);
  });

  it("answers 400 naming the condition for an unknown field, a wrong operator or a bad value, and saves nothing", async () => {
    const t = await setup();
    const cases = [
      [{ field: "custom.nope", op: "is", value: "x" }, "filter.conditions.0.field"],
      [{ field: "custom.score", op: "contains", value: "1" }, "filter.conditions.0.op"],
      [{ field: "custom.tier", op: "is", value: "platinum" }, "filter.conditions.0.value"],
      [{ field: "lifecycleStage", op: "is", value: "alien" }, "filter.conditions.0.value"],
    ] as const;
    for (const [condition, path] of cases) {
      const res = await t.owner.post("/api/segments", { name: "Bad", objectType: "contact", filter: { match: "all", conditions: [condition] } });
      expect(res.status).toBe(400);
      expect(res.body.error.fields[path], JSON.stringify(res.body)).toContain("Condition 1");
    }
    expect((await t.owner.get("/api/segments")).body.items).toEqual([]);
  });

  it("keeps private segments to their owner and shares shared ones with the team", async () => {
    const t = await setup();
    const member = await addMember(t, "member");
    const mine = await t.owner.post("/api/segments", { name: "Mine", objectType: "contact", filter: tierGold });
    const shared = await t.owner.post("/api/segments", { name: "Team", objectType: "contact", filter: tierGold, shared: true });
    const ids = (await member.client.get("/api/segments")).body.items.map((s: { segmentId: string }) => s.segmentId);
    expect(ids).toContain(shared.body.segmentId);
    expect(ids).not.toContain(mine.body.segmentId);
    expect((await member.client.get(`/api/segments/${mine.body.segmentId}`)).status).toBe(404);
    expect((await member.client.get(`/api/segments/${mine.body.segmentId}/members`)).status).toBe(404);
    expect((await member.client.get(`/api/segments/${shared.body.segmentId}`)).status).toBe(200);
    // A member reads a shared segment but cannot change the owner's.
    expect((await member.client.patch(`/api/segments/${shared.body.segmentId}`, { name: "Taken", version: 1 })).status).toBe(409);
    // A member counts only what they can see: the owner's private contacts are not theirs.
    await contact(t.owner, { custom: { tier: "gold" } });
    await contact(member.client, { custom: { tier: "gold" } });
    expect((await t.owner.get(`/api/segments/${shared.body.segmentId}/count`)).body.count).toBe(2);
    expect((await member.client.get(`/api/segments/${shared.body.segmentId}/count`)).body.count).toBe(1);

    const other = await setup();
    expect((await other.owner.get(`/api/segments/${shared.body.segmentId}`)).status).toBe(404);
  });

  it("updates with the current version (409 on a stale one) and deletes", async () => {
    const t = await setup();
    const s = (await t.owner.post("/api/segments", { name: "S", objectType: "company", filter: { match: "all", conditions: [] } })).body;
    const ok = await t.owner.patch(`/api/segments/${s.segmentId}`, { name: "S2", shared: true, version: 1 });
    expect(ok.body).toMatchObject({ name: "S2", shared: true, version: 2 });
    expect((await t.owner.patch(`/api/segments/${s.segmentId}`, { name: "S3", version: 1 })).status).toBe(409);
    expect((await t.owner.patch(`/api/segments/${s.segmentId}`, { filter: { conditions: [{ field: "custom.tier", op: "is", value: "gold" }] }, version: 2 })).status).toBe(400);
    expect((await t.owner.del(`/api/segments/${s.segmentId}`)).status).toBe(204);
    expect((await t.owner.get(`/api/segments/${s.segmentId}`)).status).toBe(404);
  });

  it("is a plan feature", async () => {
    const t = await newTenant();
    const res = await t.owner.get("/api/segments");
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe("plan.feature_unavailable");
  });
});
