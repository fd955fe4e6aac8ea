import { describe, expect, it } from "vitest";
import { addMember, Client, newTenant, tokenFrom, unique } from "../support/api";

describe("team, roles and record visibility", () => {
  it("invites with a role, accepts with a password, and lands in the tenant", async () => {
    const t = await newTenant("team");
    const email = `${unique("inv")}@example.com`;
    const inv = await t.owner.post("/api/invitations", { email, role: "member" });
    expect(inv.status).toBe(201);
    expect((await t.owner.get("/api/invitations")).body.items.map((i: any) => i.email)).toContain(email);
    const c = new Client();
    const token = tokenFrom(email, "invite");
    const desc = await c.get(`/api/invitation?token=${encodeURIComponent(token)}`);
    expect(desc.body).toMatchObject({ email, role: "member", hasAccount: false });
    const missing = await c.post("/api/invitation/accept", { token });
    expect(missing.status).toBe(400);
    expect(Object.keys(missing.body.error.fields).sort()).toEqual(["name", "password"]);
    expect((await c.post("/api/invitation/accept", { token, name: "New Person", password: "long enough pw" })).status).toBe(200);
    expect((await c.get("/api/me")).body.role).toBe("member");
    expect((await c.post("/api/invitation/accept", { token, name: "Again", password: "long enough pw" })).status).toBe(400);
    expect((await t.owner.get("/api/invitations")).body.items.map((i: any) => i.email)).not.toContain(email);
    expect((await t.owner.get("/api/workspace")).body.usage.seats).toBe(2);
  });

  it("enforces roles: viewers read only, members cannot manage the team, the last owner stays", async () => {
    const t = await newTenant("business");
    const viewer = await addMember(t, "viewer");
    const member = await addMember(t, "member");
    const created = await t.owner.post("/api/contacts", { name: "Visible To Viewer" });
    expect((await viewer.client.get(`/api/contacts/${created.body.contactId}`)).status).toBe(200);
    const denied = await viewer.client.post("/api/contacts", { name: "Nope" });
    expect(denied.status).toBe(403);
    expect((await member.client.post("/api/invitations", { email: `${unique()}@x.example`, role: "admin" })).status).toBe(403);
    expect((await member.client.put("/api/workspace/features", { features: { care: false } })).status).toBe(403);
    const members = (await t.owner.get("/api/members")).body.items;
    const owner = members.find((m: any) => m.role === "owner");
    const demote = await t.owner.patch(`/api/members/${owner.userId}`, { version: owner.version, role: "admin" });
    expect(demote.status).toBe(409);
    expect(demote.body.error.code).toBe("member.last_owner");
    const m = members.find((x: any) => x.userId === member.userId);
    const promoted = await t.owner.patch(`/api/members/${member.userId}`, { version: m.version, role: "admin" });
    expect(promoted.body.role).toBe("admin");
    expect((await t.owner.patch(`/api/members/${member.userId}`, { version: m.version, role: "viewer" })).status).toBe(409);
    expect((await member.client.post("/api/invitations", { email: `${unique()}@x.example`, role: "member" })).status).toBe(201);
    expect((await t.owner.del(`/api/members/${viewer.userId}`)).status).toBe(204);
    expect((await viewer.client.get("/api/contacts")).status).toBe(401);
  });

  it("admins see all records, managers their teams', members their own and shared ones", async () => {
    const t = await newTenant("business");
    const team = (await t.owner.post("/api/teams", { name: "East" })).body;
    const manager = await addMember(t, "manager", [team.teamId]);
    const inTeam = await addMember(t, "member", [team.teamId]);
    const outside = await addMember(t, "member");
    const a = (await inTeam.client.post("/api/contacts", { name: "Alpha In Team" })).body;
    const b = (await outside.client.post("/api/contacts", { name: "Bravo Outside" })).body;
    const s = (await outside.client.post("/api/contacts", { name: "Shared Charlie", shared: true })).body;
    const names = async (c: Client) => (await c.get("/api/contacts")).body.items.map((x: any) => x.name).sort();
    expect(await names(t.owner)).toEqual(["Alpha In Team", "Bravo Outside", "Shared Charlie"]);
    expect(await names(manager.client)).toEqual(["Alpha In Team", "Shared Charlie"]);
    expect(await names(inTeam.client)).toEqual(["Alpha In Team", "Shared Charlie"]);
    expect(await names(outside.client)).toEqual(["Bravo Outside", "Shared Charlie"]);
    expect((await inTeam.client.get(`/api/contacts/${b.contactId}`)).status).toBe(404);
    expect((await manager.client.get(`/api/contacts/${b.contactId}`)).status).toBe(404);
    expect((await inTeam.client.get(`/api/contacts?q=bravo`)).body.items).toEqual([]);
    expect((await inTeam.client.get(`/api/contacts?q=charlie`)).body.items.map((x: any) => x.contactId)).toEqual([s.contactId]);
    expect((await inTeam.client.patch(`/api/contacts/${b.contactId}`, { version: 1, title: "x" })).status).toBe(404);
    expect((await manager.client.patch(`/api/contacts/${a.contactId}`, { version: 1, title: "Lead" })).status).toBe(200);
  });

  it("teams: create, rename, refuse to delete while they have members", async () => {
    const t = await newTenant("team");
    const team = (await t.owner.post("/api/teams", { name: "North" })).body;
    await addMember(t, "member", [team.teamId]);
    expect((await t.owner.patch(`/api/teams/${team.teamId}`, { version: 1, name: "North 北区" })).body.name).toBe("North 北区");
    const del = await t.owner.del(`/api/teams/${team.teamId}`);
    expect(del.status).toBe(409);
    expect(del.body.error.code).toBe("team.not_empty");
    const unknownTeam = await t.owner.post("/api/invitations", { email: `${unique()}@x.example`, role: "member", teamIds: ["nope"] });
    expect(unknownTeam.status).toBe(400);
  });
});

describe("invitations and seats", () => {
  it("counts pending invitations against the seats, and drops teams deleted before acceptance", async () => {
    const t = await newTenant(); // solo: 2 seats
    const first = await t.owner.post("/api/invitations", { email: `${unique()}@x.example`, role: "member" });
    expect(first.status).toBe(201);
    const second = await t.owner.post("/api/invitations", { email: `${unique()}@x.example`, role: "member" });
    expect(second.status).toBe(403);
    expect(second.body.error.code).toBe("plan.limit_reached");
    expect((await t.owner.del(`/api/invitations/${first.body.invitationId}`)).status).toBe(204);
    expect((await t.owner.post("/api/invitations", { email: `${unique()}@x.example`, role: "member" })).status).toBe(201);

    const b = await newTenant("team");
    const team = (await b.owner.post("/api/teams", { name: "Gone soon" })).body;
    const email = `${unique()}@x.example`;
    await b.owner.post("/api/invitations", { email, role: "member", teamIds: [team.teamId] });
    expect((await b.owner.del(`/api/teams/${team.teamId}`)).status).toBe(204);
    const c = new Client();
    await c.post("/api/invitation/accept", { token: tokenFrom(email, "invite"), name: "Late", password: "long enough pw" });
    expect((await c.get("/api/me")).body.teamIds).toEqual([]);
  });
});
