import { describe, expect, it } from "vitest";
import { setPorts, systemClock } from "../../packages/core/src/ports";
import { Client, mailer, newTenant, tokenFrom, unique } from "../support/api";

const password = "correct horse battery";

describe("sign-up, verification, log in and out, password reset", () => {
  it("signs up, refuses login until verified, then logs in and out", async () => {
    const slug = unique("su");
    const email = `${slug}@example.com`;
    const c = new Client();
    const res = await c.post("/api/auth/signup", { companyName: "Acme 有限公司", slug, name: "Ann", email, password });
    expect(res.status).toBe(201);
    const again = await new Client().post("/api/auth/signup", { companyName: "Other", slug, name: "Bob", email: `x${email}`, password });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe("tenant.slug_taken");
    const sameEmail = await new Client().post("/api/auth/signup", { companyName: "Other", slug: `${slug}x`, name: "Bob", email, password });
    expect(sameEmail.body.error.code).toBe("auth.email_registered");

    const early = await c.post("/api/auth/login", { email, password });
    expect(early.status).toBe(403);
    expect(early.body.error.code).toBe("auth.email_unverified");

    const token = tokenFrom(email, "verify");
    expect(mailer.sent.find((m) => m.to.includes(email))!.text).toContain("http://localhost:3000/verify?token=");
    expect((await c.post("/api/auth/verify", { token })).status).toBe(200);
    expect((await c.post("/api/auth/verify", { token })).body.error.code).toBe("auth.token_invalid");

    const login = await c.post("/api/auth/login", { email: email.toUpperCase(), password });
    expect(login.status).toBe(200);
    const cookie = login.headers.get("set-cookie")!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/Secure/);
    expect(cookie).toMatch(/SameSite=Lax/);
    const me = await c.get("/api/me");
    expect(me.body.user.email).toBe(email);
    expect(me.body.role).toBe("owner");
    expect(me.body.tenant.plan).toBe("solo");

    const stolen = c.cookie;
    expect((await c.post("/api/auth/logout")).status).toBe(204);
    const replay = new Client();
    replay.cookie = stolen;
    expect((await replay.get("/api/me")).status).toBe(401);
  });

  it("sets security headers on every response", async () => {
    const res = await new Client().get("/api/health");
    expect(res.headers.get("content-security-policy")).toContain("default-src 'self'");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("strict-transport-security")).toContain("max-age");
    expect(res.headers.get("x-frame-options")).toBe("SAMEORIGIN");
  });

  it("rate-limits failed logins per email and address (429 with Retry-After)", async () => {
    const { email } = await newTenant();
    const attacker = new Client("198.51.100.7");
    for (let i = 0; i < 10; i++) {
      const res = await attacker.post("/api/auth/login", { email, password: `wrong-${i}` });
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe("auth.invalid_credentials");
    }
    const blocked = await attacker.post("/api/auth/login", { email, password });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(0);
    // The owner at another address is not locked out.
    expect((await new Client("192.0.2.10").post("/api/auth/login", { email, password })).status).toBe(200);
  });

  it("counts failures in a sliding window, so a burst across a window boundary is still stopped", async () => {
    const { email } = await newTenant();
    const attacker = new Client("198.51.100.8");
    const windowStart = Math.ceil(Date.now() / 900_000) * 900_000 + 900_000;
    try {
      setPorts({ clock: { now: () => new Date(windowStart - 30_000) } });
      for (let i = 0; i < 10; i++) expect((await attacker.post("/api/auth/login", { email, password: `wrong-${i}` })).status).toBe(401);
      // A fixed 15-minute window would start counting from zero here.
      setPorts({ clock: { now: () => new Date(windowStart + 30_000) } });
      expect((await attacker.post("/api/auth/login", { email, password })).status).toBe(429);
      // Once the burst has slid out of the last 15 minutes, the owner may try again.
      setPorts({ clock: { now: () => new Date(windowStart + 871_000) } });
      expect((await attacker.post("/api/auth/login", { email, password })).status).toBe(200);
    } finally {
      setPorts({ clock: systemClock });
    }
  });

  it("resets a forgotten password by an emailed link, once, and ends the sessions started before", async () => {
    const { email, owner } = await newTenant();
    expect((await owner.get("/api/me")).status).toBe(200);
    const c = new Client();
    expect((await c.post("/api/auth/forgot", { email })).status).toBe(202);
    expect((await c.post("/api/auth/forgot", { email: "nobody-here@example.com" })).status).toBe(202);
    const token = tokenFrom(email, "reset");
    expect((await c.post("/api/auth/reset", { token, password: "a brand new secret" })).status).toBe(200);
    expect((await c.post("/api/auth/reset", { token, password: "another new secret" })).status).toBe(400);
    expect((await c.post("/api/auth/login", { email, password })).status).toBe(401);
    expect((await c.post("/api/auth/login", { email, password: "a brand new secret" })).status).toBe(200);
    expect((await owner.get("/api/me")).status).toBe(401);
    expect((await c.get("/api/me")).status).toBe(200);
  });

  it("never writes a password or token to the log", async () => {
    const logged: string[] = [];
    const orig = { log: console.log, error: console.error, warn: console.warn };
    for (const k of ["log", "error", "warn"] as const) console[k] = (...args: unknown[]) => void logged.push(args.map(String).join(" "));
    try {
      const { email } = await newTenant();
      await new Client().post("/api/auth/login", { email, password: "wrong password here" });
    } finally {
      Object.assign(console, orig);
    }
    const all = logged.join("\n");
    expect(all).not.toContain(password);
    expect(all).not.toContain("wrong password here");
    expect(all).not.toMatch(/token=/);
  });
});

describe("workspaces", () => {
  it("lets one person belong to several workspaces and switch between them", async () => {
    const a = await newTenant();
    const b = await newTenant("team");
    const inv = await b.owner.post("/api/invitations", { email: a.email, role: "manager" });
    expect(inv.status).toBe(201);
    // An existing account accepts with its password.
    const c = new Client();
    const wrong = await c.post("/api/invitation/accept", { token: tokenFrom(a.email, "invite"), password: "not the password" });
    expect(wrong.status).toBe(401);
    const ok = await c.post("/api/invitation/accept", { token: tokenFrom(a.email, "invite"), password });
    expect(ok.status).toBe(200);
    const me = await c.get("/api/me");
    expect(me.body.tenant.tenantId).toBe(b.tenantId);
    expect(me.body.role).toBe("manager");
    expect(me.body.workspaces.map((w: any) => w.tenantId).sort()).toEqual([a.tenantId, b.tenantId].sort());
    await c.post("/api/me/switch", { tenantId: a.tenantId });
    const after = await c.get("/api/me");
    expect(after.body.tenant.tenantId).toBe(a.tenantId);
    expect(after.body.role).toBe("owner");
    const notMine = await newTenant();
    expect((await c.post("/api/me/switch", { tenantId: notMine.tenantId })).status).toBe(404);
  });
});
