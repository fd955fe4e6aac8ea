import { afterEach, describe, expect, it } from "vitest";
import { routes } from "../../packages/functions/src/api/routes";
import { setPorts, systemClock } from "../../packages/core/src/ports";
import { addMember, keyClient, newTenant } from "../support/api";

afterEach(() => {
  setPorts({ clock: systemClock });
  delete process.env.API_KEY_RATE_PER_MINUTE;
});

describe("API keys", () => {
  it("shows the secret once, acts with the key's scopes, audits as the key, and revokes at once", async () => {
    const t = await newTenant("business");
    const created = await t.owner.post("/api/api-keys", { name: "ERP sync", scopes: ["contacts:write", "companies:read"] });
    expect(created.status).toBe(201);
    const secret = created.body.secret as string;
    expect(secret).toMatch(/^crm_/);
    const listed = await t.owner.get("/api/api-keys");
    expect(JSON.stringify(listed.body)).not.toContain(secret);
    expect(listed.body.items[0]).toMatchObject({ name: "ERP sync", prefix: secret.slice(0, 10), lastUsedAt: null });

    const key = keyClient(secret);
    const contact = await key.post("/api/contacts", { name: "Synced Person" });
    expect(contact.status).toBe(201);
    expect((await key.get("/api/companies")).status).toBe(200);
    const denied = await key.post("/api/companies", { name: "Nope" });
    expect(denied.status).toBe(403);
    expect(denied.body.error.code).toBe("forbidden.scope");
    expect((await key.get("/api/me")).status).toBe(401);
    const audit = await t.owner.get(`/api/audit?recordId=${contact.body.contactId}`);
    expect(audit.body.items[0]).toMatchObject({ actorType: "key", actorId: created.body.keyId });
    expect((await t.owner.get("/api/api-keys")).body.items[0].lastUsedAt).toBeTruthy();

    expect((await t.owner.del(`/api/api-keys/${created.body.keyId}`)).status).toBe(204);
    const revoked = await key.get("/api/contacts");
    expect(revoked.status).toBe(401);
    expect(revoked.body.error.code).toBe("auth.invalid_key");
    expect((await keyClient("crm_made_up_secret").get("/api/contacts")).status).toBe(401);
  });

  it("refuses an expired key with 401", async () => {
    const t = await newTenant("business");
    const validUntil = new Date(Date.now() + 3600_000).toISOString();
    const { body } = await t.owner.post("/api/api-keys", { name: "Short", scopes: ["contacts:read"], validUntil });
    const key = keyClient(body.secret);
    expect((await key.get("/api/contacts")).status).toBe(200);
    setPorts({ clock: { now: () => new Date(Date.now() + 2 * 3600_000) } });
    const expired = await key.get("/api/contacts");
    expect(expired.status).toBe(401);
    expect(expired.body.error.code).toBe("auth.key_expired");
  });

  it("rate-limits per key with 429 and Retry-After", async () => {
    const t = await newTenant("business");
    const { body } = await t.owner.post("/api/api-keys", { name: "Busy", scopes: ["contacts:read"] });
    process.env.API_KEY_RATE_PER_MINUTE = "5";
    const key = keyClient(body.secret);
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 7; i++) {
      const res = await key.get("/api/contacts");
      statuses.push(res.status);
      if (res.status === 429) retryAfter = res.headers.get("retry-after");
    }
    expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    expect(statuses.slice(5)).toEqual([429, 429]);
    expect(Number(retryAfter)).toBeGreaterThan(0);
  });

  it("needs the apiKeys feature, and only admins manage keys", async () => {
    const solo = await newTenant();
    const res = await solo.owner.post("/api/api-keys", { name: "x", scopes: ["contacts:read"] });
    expect(res.body.error.code).toBe("plan.feature_unavailable");
    const t = await newTenant("business");
    const member = await addMember(t, "member");
    expect((await member.client.post("/api/api-keys", { name: "x", scopes: ["contacts:read"] })).status).toBe(403);
    const unknownScope = await t.owner.post("/api/api-keys", { name: "x", scopes: ["everything"] });
    expect(unknownScope.status).toBe(400);
    expect(Object.keys(unknownScope.body.error.fields)[0]).toMatch(/^scopes/);
  });

  it("every tenant route refuses a key without its scope (403)", async () => {
    const t = await newTenant("enterprise");
    const { body } = await t.owner.post("/api/api-keys", { name: "Nothing useful", scopes: ["reports:read"] });
    const key = keyClient(body.secret);
    const scoped = routes.filter((r) => r.auth === "tenant" && r.scope && r.scope !== "reports:read");
    expect(scoped.length).toBeGreaterThan(20);
    for (const r of scoped) {
      const res = await key.call(r.method.toUpperCase(), r.path.replace(/:(\w+)/g, "x"), r.body ? {} : undefined);
      expect(res.status, `${r.method} ${r.path}`).toBe(403);
      expect(res.body.error.code).toBe("forbidden.scope");
    }
    for (const r of routes.filter((r) => r.auth === "tenant")) expect(r.scope, `${r.method} ${r.path} declares a scope`).toBeTruthy();
  });

  it("another tenant's key gets the same 404 as an unknown id", async () => {
    const a = await newTenant("business");
    const b = await newTenant("business");
    const contact = (await a.owner.post("/api/contacts", { name: "A's" })).body;
    const { body } = await b.owner.post("/api/api-keys", { name: "B full", scopes: ["contacts:write"] });
    const key = keyClient(body.secret);
    const foreign = await key.get(`/api/contacts/${contact.contactId}`);
    const unknown = await key.get("/api/contacts/0000000000000nonexistent");
    expect(foreign.status).toBe(404);
    expect(foreign.body).toEqual(unknown.body);
    expect((await key.patch(`/api/contacts/${contact.contactId}`, { version: 1, name: "B was here" })).status).toBe(404);
    expect((await a.owner.get(`/api/contacts/${contact.contactId}`)).body.name).toBe("A's");
  });
});
