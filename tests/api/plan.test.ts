import { describe, expect, it } from "vitest";
import { UsageEntity } from "../../packages/core/src/db/usage";
import { addMember, Client, newTenant, unique } from "../support/api";

describe("plans, limits and feature switches", () => {
  it("shows the plan, usage against limits and every feature", async () => {
    const t = await newTenant();
    await t.owner.post("/api/contacts", { name: "One" });
    const ws = (await t.owner.get("/api/workspace")).body;
    expect(ws.plan.key).toBe("solo");
    expect(ws.usage).toMatchObject({ seats: 1, contacts: 1, companies: 0 });
    expect(ws.plan.limits.contacts).toBe(1000);
    const teams = ws.features.find((f: any) => f.key === "teams");
    expect(teams).toMatchObject({ inPlan: false, enabled: false });
  });

  it("answers 403 plan.limit_reached past a limit, also when two creates race for the last slot", async () => {
    const t = await newTenant();
    await UsageEntity.patch({ tenantId: t.tenantId }).set({ contacts: 998 }).go();
    const results = await Promise.all([1, 2, 3].map((i) => t.owner.post("/api/contacts", { name: `Racer ${i}` })));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([201, 201, 403]);
    expect(results.find((r) => r.status === 403)!.body.error.code).toBe("plan.limit_reached");
    expect((await t.owner.get("/api/workspace")).body.usage.contacts).toBe(1000);
    const names = (await t.owner.get("/api/contacts")).body.items.map((c: any) => c.name);
    expect(names).toHaveLength(2);
  });

  it("limits seats: invitations past the plan's seats are refused", async () => {
    const t = await newTenant();
    await addMember(t, "member");
    const res = await t.owner.post("/api/invitations", { email: `${unique()}@x.example`, role: "member" });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe("plan.limit_reached");
  });

  it("answers 403 plan.feature_unavailable for a feature outside the plan or switched off", async () => {
    const t = await newTenant();
    const off = await t.owner.post("/api/teams", { name: "Nope" });
    expect(off.status).toBe(403);
    expect(off.body.error.code).toBe("plan.feature_unavailable");
    const notInPlan = await t.owner.put("/api/workspace/features", { features: { sla: true } });
    expect(notInPlan.status).toBe(400);
    expect(notInPlan.body.error.fields).toHaveProperty("sla");

    const platform = new Client();
    const wrongSecret = await platform.call("PUT", `/api/platform/tenants/${t.slug}/plan`, { plan: "business" }, { "x-platform-secret": "nope" });
    expect(wrongSecret.status).toBe(401);
    const up = await platform.call("PUT", `/api/platform/tenants/${t.slug}/plan`, { plan: "business" }, { "x-platform-secret": "test-platform-secret" });
    expect(up.status).toBe(200);
    expect((await t.owner.post("/api/teams", { name: "Now allowed" })).status).toBe(201);

    const switched = await t.owner.put("/api/workspace/features", { features: { teams: false } });
    expect(switched.body.features.find((f: any) => f.key === "teams")).toMatchObject({ inPlan: true, enabled: false });
    expect((await t.owner.post("/api/teams", { name: "Off again" })).body.error.code).toBe("plan.feature_unavailable");
    expect((await t.owner.get("/api/me")).body.features).not.toContain("teams");
    const core = await t.owner.put("/api/workspace/features", { features: { contacts: false } });
    expect(core.status).toBe(400);
  });

  it("updates workspace defaults with a version, and uses the phone region", async () => {
    const t = await newTenant();
    const ws = (await t.owner.get("/api/workspace")).body;
    const res = await t.owner.patch("/api/workspace/settings", { version: ws.tenant.version, phoneRegion: "US", timeZone: "America/New_York" });
    expect(res.status).toBe(200);
    expect(res.body.tenant.settings).toMatchObject({ phoneRegion: "US", timeZone: "America/New_York" });
    expect((await t.owner.patch("/api/workspace/settings", { version: ws.tenant.version, locale: "en" })).status).toBe(409);
    expect((await t.owner.patch("/api/workspace/settings", { version: ws.tenant.version + 1, timeZone: "Mars/Base" })).status).toBe(400);
    const c = await t.owner.post("/api/contacts", { name: "US Person", phone: "(212) 555-0100" });
    expect(c.body.phone).toBe("+12125550100");
  });
});
