import { beforeAll, describe, expect, it } from "vitest";
import { withActor } from "../../packages/core/src/actor";
import { Pool } from "../../packages/core/src/pools/pool";
import { addMember, mailer, newTenant, unique } from "../support/api";

const DAY = 86_400_000;
let t: Awaited<ReturnType<typeof newTenant>>;
let reps: Array<Awaited<ReturnType<typeof addMember>>>;

async function company(name = `Pool Co ${unique()}`) {
  const res = await t.owner.post("/api/companies", { name, phone: "+8613812345678", domain: `${unique("d")}.example.cn` });
  expect(res.status).toBe(201);
  return res.body.companyId as string;
}

async function pool(body: Record<string, unknown>) {
  const res = await t.owner.post("/api/pools", { name: `Pool ${unique()}`, memberIds: reps.map((r) => r.userId), ...body });
  expect(res.status).toBe(201);
  return res.body.poolId as string;
}

async function pooled(poolId: string, n: number) {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const id = await company();
    expect((await t.owner.post(`/api/pools/${poolId}/customers`, { companyId: id })).status).toBe(201);
    ids.push(id);
  }
  return ids;
}

const sweep = (at: Date) => withActor({ type: "system", reason: "test" }, () => Pool.sweep(at));

beforeAll(async () => {
  t = await newTenant("business");
  reps = [];
  for (let i = 0; i < 4; i++) reps.push(await addMember(t, "member"));
});

describe("customer pools (公海)", () => {
  it("lists pool customers masked to members only, and a claim makes the rep the owner, on the timeline and in the audit", async () => {
    const poolId = await pool({});
    const [id] = await pooled(poolId, 1);
    const outsider = await addMember(t, "member");
    expect((await outsider.client.get(`/api/pools/${poolId}/customers`)).status).toBe(404);
    expect((await outsider.client.get("/api/pools")).body.items.map((p: { poolId: string }) => p.poolId)).not.toContain(poolId);

    const list = await reps[0].client.get(`/api/pools/${poolId}/customers`);
    expect(list.status).toBe(200);
    const row = list.body.items.find((c: { companyId: string }) => c.companyId === id);
    expect(row.phone).toBe("+86 138****5678");
    expect(row.domain).toBeNull();
    // In the pool, no rep's own list shows it.
    expect((await reps[0].client.get(`/api/companies/${id}`)).status).toBe(404);

    const claim = await reps[0].client.post(`/api/pools/${poolId}/customers/${id}/claim`);
    expect(claim.status).toBe(200);
    expect(claim.body.ownerId).toBe(reps[0].userId);
    const mine = await reps[0].client.get(`/api/companies/${id}`);
    expect(mine.status).toBe(200);
    expect(mine.body.phone).toBe("+8613812345678");
    expect((await reps[0].client.get(`/api/pools/${poolId}/customers`)).body.items.map((c: { companyId: string }) => c.companyId)).not.toContain(id);
    const timeline = await t.owner.get(`/api/companies/${id}/timeline`);
    expect(timeline.body.items.map((e: { type: string }) => e.type)).toEqual(expect.arrayContaining(["pool.added", "pool.claimed"]));
    const audit = await t.owner.get(`/api/audit?recordId=${id}`);
    expect(audit.body.items.some((e: { action: string; actorId: string }) => e.action === "pool.claimed" && e.actorId === reps[0].userId)).toBe(true);
  });

  it("gives one of 20 simultaneous claims of one customer the customer; the rest hear pool.already_claimed", async () => {
    const poolId = await pool({});
    const [id] = await pooled(poolId, 1);
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => reps[i % reps.length].client.post(`/api/pools/${poolId}/customers/${id}/claim`)));
    const won = results.filter((r) => r.status === 200);
    expect(won).toHaveLength(1);
    for (const r of results.filter((r) => r.status !== 200)) {
      expect(r.status).toBe(409);
      expect(r.body.error.code).toBe("pool.already_claimed");
    }
    const status = await t.owner.get(`/api/companies/${id}/pool`);
    expect(status.body.ownerId).toBe(won[0].body.ownerId);
    expect((await t.owner.get(`/api/companies/${id}`)).body.ownerId).toBe(won[0].body.ownerId);
  });

  it("holds a daily limit of 5 against 20 simultaneous claims of different customers", async () => {
    const poolId = await pool({ limits: { dailyClaimLimit: 5 } });
    const ids = await pooled(poolId, 20);
    const results = await Promise.all(ids.map((id) => reps[1].client.post(`/api/pools/${poolId}/customers/${id}/claim`)));
    expect(results.filter((r) => r.status === 200), JSON.stringify(results.map((r) => r.body.error?.code ?? r.status))).toHaveLength(5);
    for (const r of results.filter((r) => r.status !== 200)) {
      expect(r.status).toBe(409);
      expect(r.body.error.code).toBe("pool.daily_limit");
    }
    // Another rep's limit is their own.
    const other = results.findIndex((r) => r.status !== 200);
    expect((await reps[2].client.post(`/api/pools/${poolId}/customers/${ids[other]}/claim`)).status).toBe(200);
  });

  it("makes a returning owner wait out the cooldown and stops claims at the ownership cap", async () => {
    const poolId = await pool({ limits: { cooldownDays: 7, ownershipCap: 2, capCountsWon: true } });
    const ids = await pooled(poolId, 3);
    expect((await reps[3].client.post(`/api/pools/${poolId}/customers/${ids[0]}/claim`)).status).toBe(200);
    expect((await reps[3].client.post(`/api/companies/${ids[0]}/return`, {})).status).toBe(400);
    const back = await reps[3].client.post(`/api/companies/${ids[0]}/return`, { reason: "Not a fit" });
    expect(back.status).toBe(200);
    expect(back.body.state).toBe("pooled");
    const again = await reps[3].client.post(`/api/pools/${poolId}/customers/${ids[0]}/claim`);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe("pool.cooldown");
    const capRep = await addMember(t, "member");
    await t.owner.patch(`/api/pools/${poolId}`, { version: 1, memberIds: [...reps.map((r) => r.userId), capRep.userId] });
    expect((await capRep.client.post(`/api/pools/${poolId}/customers/${ids[0]}/claim`)).status).toBe(200);
    expect((await capRep.client.post(`/api/pools/${poolId}/customers/${ids[1]}/claim`)).status).toBe(200);
    const third = await capRep.client.post(`/api/pools/${poolId}/customers/${ids[2]}/claim`);
    expect(third.status).toBe(409);
    expect(third.body.error.code).toBe("pool.cap_reached");
    // An admin may still assign it.
    const assigned = await t.owner.post(`/api/pools/${poolId}/customers/${ids[2]}/assign`, { userId: capRep.userId });
    expect(assigned.status).toBe(200);
    expect(assigned.body.ownerId).toBe(capRep.userId);
  });

  it("warns the owner before the deadline and returns the customer when it passes, from the due index", async () => {
    const poolId = await pool({ rules: { noFollowUpDays: 3, warnDays: 1 } });
    const [id] = await pooled(poolId, 1);
    const claim = await reps[0].client.post(`/api/pools/${poolId}/customers/${id}/claim`);
    const due = Date.parse(claim.body.recycleAt);
    expect(due - Date.parse(claim.body.warnAt)).toBe(DAY);
    expect(Math.abs(due - (Date.now() + 3 * DAY))).toBeLessThan(60_000);

    const early = await sweep(new Date(due - 1.5 * DAY));
    expect((await reps[0].client.get(`/api/companies/${id}/pool`)).body.state).toBe("owned");
    expect(early.recycled).toBe(0);
    const warned = await sweep(new Date(due - 0.5 * DAY));
    expect(warned.warned).toBeGreaterThanOrEqual(1);
    const notes = await reps[0].client.get("/api/notifications");
    expect(notes.body.items.some((n: { link: string }) => n.link === `/companies/${id}`)).toBe(true);
    expect(mailer.sent.some((m) => m.to.includes(reps[0].email) && m.tag === "notify.pool")).toBe(true);

    const recycled = await sweep(new Date(due + 1000));
    expect(recycled.recycled).toBeGreaterThanOrEqual(1);
    const status = await t.owner.get(`/api/companies/${id}/pool`);
    expect(status.body.state).toBe("pooled");
    expect(status.body.pooledReason).toBe("no_follow_up");
    expect((await reps[0].client.get(`/api/companies/${id}`)).status).toBe(404);
    const timeline = await t.owner.get(`/api/companies/${id}/timeline`);
    expect(timeline.body.items.map((e: { type: string }) => e.type)).toContain("pool.recycled");
    // A second sweep finds nothing left to do for it.
    const again = await sweep(new Date(due + 2000));
    expect(again.recycled).toBe(0);
  });

  it("lets only admins manage pools and refuses unknown members and a non-empty delete", async () => {
    expect((await reps[0].client.post("/api/pools", { name: "Mine" })).status).toBe(403);
    const bad = await t.owner.post("/api/pools", { name: "Bad", memberIds: ["nobody"] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields).toHaveProperty("memberIds.0");
    const poolId = await pool({});
    await pooled(poolId, 1);
    const del = await t.owner.del(`/api/pools/${poolId}`);
    expect(del.status).toBe(409);
    expect(del.body.error.code).toBe("pool.not_empty");
  });

  it("lets admins and managers set a customer's level from the company page; the level's rules move its return date", async () => {
    const poolId = await pool({ rules: { noFollowUpDays: 30, warnDays: 3 }, levels: { A: { noFollowUpDays: 90 }, C: { noFollowUpDays: 7 } } });
    const [id] = await pooled(poolId, 1);
    const claimed = await reps[0].client.post(`/api/pools/${poolId}/customers/${id}/claim`);
    expect(claimed.status).toBe(200);
    const status = (await t.owner.get(`/api/companies/${id}/pool`)).body;
    expect(status).toMatchObject({ managed: true, level: null, levels: ["A", "C"] });
    const base = Date.parse(status.recycleAt);

    // A member (even the owner of the customer) does not set levels; an unknown level or a stale version fails.
    expect((await reps[0].client.put(`/api/companies/${id}/pool/level`, { version: status.version, level: "A" })).status).toBe(403);
    const unknown = await t.owner.put(`/api/companies/${id}/pool/level`, { version: status.version, level: "Z" });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.fields.level).toContain("A, C");
    expect((await t.owner.put(`/api/companies/${id}/pool/level`, { version: status.version + 5, level: "A" })).status).toBe(409);
    expect((await t.owner.put(`/api/companies/${id}/pool/level`, { version: status.version, level: 3 })).status).toBe(400);

    const c = await t.owner.put(`/api/companies/${id}/pool/level`, { version: status.version, level: "C" });
    expect(c.status).toBe(200);
    expect(c.body).toMatchObject({ level: "C", version: status.version + 1 });
    expect(Date.parse(c.body.recycleAt) - base).toBe(-23 * DAY);
    const a = await t.owner.put(`/api/companies/${id}/pool/level`, { version: c.body.version, level: "A" });
    expect(Date.parse(a.body.recycleAt) - base).toBe(60 * DAY);
    const cleared = await t.owner.put(`/api/companies/${id}/pool/level`, { version: a.body.version, level: null });
    expect(cleared.body.level).toBeNull();
    expect(Date.parse(cleared.body.recycleAt)).toBe(base);

    const timeline = await t.owner.get(`/api/companies/${id}/timeline`);
    expect(timeline.body.items.filter((e: { type: string }) => e.type === "pool.level_changed")).toHaveLength(3);
    const audit = await t.owner.get(`/api/audit?recordId=${id}`);
    expect(audit.body.items.some((e: { action: string }) => e.action === "pool.level_changed")).toBe(true);
    // A company outside pool rules has no level to set; another's company is not found.
    const loose = await company();
    expect((await t.owner.put(`/api/companies/${loose}/pool/level`, { version: 1, level: "A" })).status).toBe(409);
    const other = await newTenant("business");
    expect((await other.owner.put(`/api/companies/${id}/pool/level`, { version: 1, level: "A" })).status).toBe(404);
  });
});
