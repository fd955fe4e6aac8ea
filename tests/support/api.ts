import { MemoryMailer, setPorts } from "../../packages/core/src/ports";
import { createApp } from "../../packages/functions/src/api/app";
import { subscriptions } from "../../packages/functions/src/registry";
import { LocalBus } from "../../packages/local/src/bus";
import { expect } from "vitest";
import { responseChecker } from "./response-check";

export const mailer = new MemoryMailer();
// Subscribers (timelines, notifications) run inline, as the local bus runs them right after each write.
setPorts({ mailer, events: new LocalBus(subscriptions, { inline: true }) });
export const app = createApp();
/** Every 2xx JSON answer is validated against the OpenAPI document (see response-check.ts). */
const responses = responseChecker();

/**
 * Sets the product's clock to `iso`; returns that instant. A file that uses it puts the system clock back
 * after each test (`afterEach(() => setPorts({ clock: systemClock }))`).
 */
export function at(iso: string): Date {
  const clock = new Date(iso);
  setPorts({ clock: { now: () => clock } });
  return clock;
}

/** The body of a response that must have `status` (200 by default); otherwise the test fails showing the body. */
export async function ok(res: Promise<{ status: number; body: any }>, status = 200) {
  const r = await res;
  expect(r.status, JSON.stringify(r.body)).toBe(status);
  return r.body;
}

let counter = 0;
/** A unique suffix per call, so tests never share a tenant or an email. */
export function unique(prefix = "t") {
  counter += 1;
  return `${prefix}${Date.now().toString(36)}${process.pid.toString(36)}${counter}`;
}

/** Calls the app like a browser would: JSON in and out, with a cookie jar. */
export class Client {
  cookie = "";
  /** Validates each 2xx JSON answer; a test may swap in a checker built from other route specs. */
  checker: Pick<ReturnType<typeof responseChecker>, "check"> = responses;
  constructor(public ip = "203.0.113.1", public defaultHeaders: Record<string, string> = {}) {}

  async call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const init: RequestInit = { method, headers: { ...this.defaultHeaders, ...headers } };
    if (body !== undefined) {
      (init.headers as Record<string, string>)["content-type"] = "application/json";
      init.body = typeof body === "string" ? body : JSON.stringify(body);
    }
    if (this.cookie) (init.headers as Record<string, string>).cookie = this.cookie;
    const res = await app.request(path, init, { incoming: { socket: { remoteAddress: this.ip } } });
    const set = res.headers.get("set-cookie");
    if (set) {
      const [pair] = set.split(";");
      this.cookie = pair.endsWith("=") ? "" : pair;
    }
    const text = await res.text();
    let json: any = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = text;
    }
    if (res.status >= 500) throw new Error(`500 from ${method} ${path}: ${text}`);
    const mismatch = this.checker.check(method, path, res.status, res.headers.get("content-type"), json);
    if (mismatch) throw new Error(`Response does not match the OpenAPI document: ${mismatch}`);
    return { status: res.status, body: json, headers: res.headers };
  }
  get(path: string) { return this.call("GET", path); }
  post(path: string, body?: unknown) { return this.call("POST", path, body ?? {}); }
  patch(path: string, body: unknown) { return this.call("PATCH", path, body); }
  put(path: string, body: unknown) { return this.call("PUT", path, body); }
  del(path: string) { return this.call("DELETE", path); }
}

/** The token from the last mail of `tag` sent to `to`. */
export function tokenFrom(to: string, tag: string): string {
  const mail = [...mailer.sent].reverse().find((m) => m.to.includes(to) && m.tag === tag);
  expect(mail, `a ${tag} mail to ${to}`).toBeTruthy();
  const match = /token=([A-Za-z0-9_%-]+)/.exec(mail!.text);
  return decodeURIComponent(match![1]);
}

/** Signs up a fresh tenant, verifies the owner's email and logs in. */
export async function newTenant(plan?: string) {
  const slug = unique("co");
  const email = `${slug}@example.com`;
  const owner = new Client();
  const signup = await owner.post("/api/auth/signup", { companyName: `Company ${slug}`, slug, name: "Owner " + slug, email, password: "correct horse battery" });
  expect(signup.status).toBe(201);
  expect((await owner.post("/api/auth/verify", { token: tokenFrom(email, "verify") })).status).toBe(200);
  const login = await owner.post("/api/auth/login", { email, password: "correct horse battery" });
  expect(login.status).toBe(200);
  if (plan) {
    const res = await owner.call("PUT", `/api/platform/tenants/${slug}/plan`, { plan }, { "x-platform-secret": "test-platform-secret" });
    expect(res.status).toBe(200);
  }
  return { owner, slug, email, tenantId: signup.body.tenantId as string, userId: signup.body.userId as string };
}

/** Invites `role` into the owner's tenant and returns the new member's signed-in client. */
export async function addMember(t: Awaited<ReturnType<typeof newTenant>>, role: string, teamIds: string[] = []) {
  const email = `${unique(role)}@example.com`;
  const inv = await t.owner.post("/api/invitations", { email, role, teamIds });
  expect(inv.status).toBe(201);
  const client = new Client();
  const res = await client.post("/api/invitation/accept", { token: tokenFrom(email, "invite"), name: `${role} person`, password: "another good password" });
  expect(res.status).toBe(200);
  const me = await client.get("/api/me");
  return { client, email, userId: me.body.user.userId as string };
}

/** A client that authenticates with an API key instead of a session. */
export function keyClient(secret: string) {
  return new Client("203.0.113.50", { authorization: `Bearer ${secret}` });
}

/** A workspace on `plan` with teams East and West: a manager and a rep in East, a rep in West. */
export async function withTeams(plan: string) {
  const t = await newTenant(plan);
  const east = await ok(t.owner.post("/api/teams", { name: "East" }), 201);
  const west = await ok(t.owner.post("/api/teams", { name: "West" }), 201);
  const manager = await addMember(t, "manager", [east.teamId]);
  const rep = await addMember(t, "member", [east.teamId]);
  const outsider = await addMember(t, "member", [west.teamId]);
  return { t, owner: t.owner, east, west, manager, rep, outsider };
}

/**
 * Every item of a paged list (`path` already has a query string): follows the cursor at most `maxPages`
 * times, checks each page answers 200 with at most `limit` items (and whatever `onPage` checks), and that
 * the list ends.
 */
export async function allPages<T = any>(c: Client, path: string, limit: number, onPage?: (body: any) => void, maxPages = 200): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const res = await c.get(`${path}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.items.length).toBeLessThanOrEqual(limit);
    onPage?.(res.body);
    out.push(...res.body.items);
    cursor = res.body.cursor;
    pages++;
  } while (cursor && pages < maxPages);
  expect(cursor, `${path} did not end`).toBeNull();
  return out;
}
