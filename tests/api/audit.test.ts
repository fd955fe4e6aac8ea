import { describe, expect, it } from "vitest";
import { AuditEntity } from "../../packages/core/src/db/audit";
import { routes } from "../../packages/functions/src/api/routes";
import { Client, addMember, app, newTenant } from "../support/api";

const today = () => new Date().toISOString().slice(0, 10);

describe("audit log", () => {
  it("records sign-ins and failed sign-ins with the caller's address, and filters by actor and action", async () => {
    const t = await newTenant("business");
    const intruder = new Client("198.51.100.99");
    expect((await intruder.post("/api/auth/login", { email: t.email, password: "not the password" })).status).toBe(401);
    const again = new Client("192.0.2.44");
    expect((await again.post("/api/auth/login", { email: t.email, password: "correct horse battery" })).status).toBe(200);

    const failed = (await t.owner.get("/api/audit?action=auth.sign_in_failed")).body.items;
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ actorType: "public", ip: "198.51.100.99", recordId: t.userId });
    const mine = (await t.owner.get(`/api/audit?actorId=${t.userId}&action=auth.`)).body.items;
    expect(mine.map((e: any) => [e.action, e.ip])).toContainEqual(["auth.signed_in", "192.0.2.44"]);
    expect(mine.every((e: any) => e.actorId === t.userId)).toBe(true);
  });

  it("browses by record, by user and by period, newest first", async () => {
    const t = await newTenant("business");
    const member = await addMember(t, "member");
    const a = (await member.client.post("/api/contacts", { name: "By member" })).body;
    const b = (await t.owner.post("/api/contacts", { name: "By owner" })).body;
    await t.owner.patch(`/api/contacts/${a.contactId}`, { version: a.version, name: "Renamed" });

    const byMember = (await t.owner.get(`/api/audit?actorId=${member.userId}&action=contact.`)).body.items;
    expect(byMember.map((e: any) => e.recordId)).toEqual([a.contactId]);
    const byRecord = (await t.owner.get(`/api/audit?recordId=${a.contactId}`)).body.items;
    expect(byRecord.map((e: any) => [e.action, e.actorId])).toEqual([["contact.updated", t.userId], ["contact.created", member.userId]]);
    const recordAndUser = (await t.owner.get(`/api/audit?recordId=${a.contactId}&actorId=${t.userId}`)).body.items;
    expect(recordAndUser.map((e: any) => e.action)).toEqual(["contact.updated"]);
    const todays = (await t.owner.get(`/api/audit?from=${today()}&to=${today()}&action=contact.`)).body.items;
    expect(todays.map((e: any) => e.recordId).sort()).toEqual([a.contactId, a.contactId, b.contactId].sort());
    expect((await t.owner.get("/api/audit?from=2020-01-01&to=2020-01-31")).body.items).toEqual([]);
    const bad = await t.owner.get("/api/audit?from=2026-02-01&to=2026-01-01");
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields).toHaveProperty("to");
    expect((await t.owner.get("/api/audit?from=yesterday")).status).toBe(400);
    // Members do not read the log.
    expect((await member.client.get("/api/audit")).status).toBe(403);
  });

  it("exports the filtered log as CSV for Excel, and audits the export", async () => {
    const t = await newTenant("business");
    const c = (await t.owner.post("/api/contacts", { name: "导出 Export" })).body;
    const res = await t.owner.get(`/api/audit/export?recordId=${c.contactId}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/csv");
    const raw = await app.request(`/api/audit/export?recordId=${c.contactId}`, { headers: { cookie: t.owner.cookie } }, { incoming: { socket: { remoteAddress: "203.0.113.1" } } });
    const bytes = new Uint8Array(await raw.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = (res.body as string).trim().split(/\r?\n/);
    expect(lines[0]).toBe("at,actor_type,actor_id,ip,action,record_type,record_id,changes");
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain("contact.created");
    expect(lines[1]).toContain("导出 Export");
    const exported = (await t.owner.get("/api/audit?action=audit.exported")).body.items;
    expect(exported).toHaveLength(2);
    expect(exported[0].changes.recordId.to).toBe(c.contactId);
  });

  it("keeps entries for the plan's retention, and offers no way to change or delete them", async () => {
    const solo = await newTenant();
    const team = await newTenant("team");
    for (const [t, days] of [[solo, 30], [team, 180]] as const) {
      const c = (await t.owner.post("/api/contacts", { name: "Kept" })).body;
      const { data } = await AuditEntity.query.byRecord({ tenantId: t.tenantId, recordId: c.contactId }).go();
      expect(data).toHaveLength(1);
      expect(data[0].expiresAt! - Math.floor(Date.parse(data[0].at) / 1000)).toBe(days * 86400);
    }
    // Viewing the log is a plan feature; recording is not.
    const locked = await solo.owner.get("/api/audit");
    expect(locked.status).toBe(403);
    expect(locked.body.error.code).toBe("plan.feature_unavailable");
    const writes = routes.filter((r) => r.path.startsWith("/api/audit") && r.method !== "get");
    expect(writes).toEqual([]);
  });
});
