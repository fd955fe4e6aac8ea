import { fork, type ChildProcess } from "node:child_process";
import { createHmac, timingSafeEqual } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

/**
 * No webhook delivery is lost across a restart of the local runtime: the first attempt meets a receiver
 * answering 500, the runtime is killed while its retry is on the wire, and a new runtime on the same
 * DynamoDB Local delivers it, once, signed as the README says. This file talks to the runtimes over HTTP
 * only, on a table of its own, so their sweeps (which read the global due-time index) never meet another
 * test file's deliveries.
 */

const repo = resolve(fileURLToPath(new URL(".", import.meta.url)), "../..");
const MIN = 60_000;
const table = `crm-webhook-restart-${process.pid}`;
const outbox = mkdtempSync(join(tmpdir(), "crm-restart-outbox-"));
const children: ChildProcess[] = [];
const servers: Server[] = [];

interface Runtime { url: string; child: ChildProcess; output: () => string; setOffset: (ms: number) => Promise<void> }

/** Forks tests/support/webhook-runtime.ts on the test run's DynamoDB Local and waits until it serves. */
async function startRuntime(offsetMs: number): Promise<Runtime> {
  const child = fork(join(repo, "tests/support/webhook-runtime.ts"), [], {
    cwd: repo,
    execArgv: ["--import", "tsx"],
    env: {
      ...process.env, CRM_TABLE: table, OUTBOX_DIR: outbox, CLOCK_OFFSET_MS: String(offsetMs),
      WEBHOOKS_ALLOW_PRIVATE: "true", WEBHOOKS_TIMEOUT_MS: "20000", COOKIE_SECURE: "false", PLATFORM_SECRET: "restart-secret",
    },
    stdio: ["ignore", "pipe", "pipe", "ipc"],
  });
  children.push(child);
  let output = "";
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  const url = await new Promise<string>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`the runtime did not start:\n${output}`)), 110_000);
    child.on("message", (m: { ready?: string }) => {
      if (m.ready) {
        clearTimeout(timer);
        ok(m.ready.replace("localhost", "127.0.0.1"));
      }
    });
    child.once("exit", (code) => fail(new Error(`the runtime exited (${code}):\n${output}`)));
  });
  const setOffset = (ms: number) =>
    new Promise<void>((ok) => {
      child.once("message", () => ok());
      child.send({ offsetMs: ms });
    });
  return { url, child, output: () => output, setOffset };
}

function kill(child: ChildProcess) {
  return new Promise<void>((ok) => {
    if (child.exitCode !== null || child.signalCode !== null) return ok();
    child.once("exit", () => ok());
    child.kill("SIGKILL");
  });
}

interface Call { headers: IncomingHttpHeaders; body: string; answered: number | null }
/** A real receiver on loopback: answers `mode` (a status, or "hang": never answers). */
async function receiver() {
  const r = { calls: [] as Call[], mode: 500 as number | "hang", url: "" };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      const call: Call = { headers: req.headers, body: Buffer.concat(chunks).toString("utf8"), answered: null };
      r.calls.push(call);
      if (r.mode === "hang") return;
      call.answered = r.mode;
      res.writeHead(r.mode, { "content-type": "text/plain" }).end(r.mode === 200 ? "ok" : "down");
    });
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  servers.push(server);
  r.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
  return r;
}

/** The README's recipe, verbatim, with the receiver's clock given. */
function verifyWebhook(secret: string, headers: IncomingHttpHeaders, rawBody: string, nowSeconds: number) {
  const timestamp = headers["x-webhook-timestamp"] as string | undefined;
  const signature = (headers["x-webhook-signature"] as string | undefined) ?? "";
  if (!timestamp || Math.abs(nowSeconds - Number(timestamp)) > 300) return false;
  const expected = "v1=" + createHmac("sha256", secret).update(`${timestamp}.${rawBody}`).digest("hex");
  return signature.split(",").some((s) => s.trim().length === expected.length && timingSafeEqual(Buffer.from(s.trim()), Buffer.from(expected)));
}

async function until<T>(what: string, fn: () => T | undefined | Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** JSON over real HTTP with a cookie jar. */
function http(base: () => string) {
  let cookie = "";
  return async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(base() + path, {
      method,
      headers: { ...(body !== undefined ? { "content-type": "application/json" } : {}), ...(cookie ? { cookie } : {}), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const set = res.headers.get("set-cookie");
    if (set) cookie = set.split(";")[0];
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };
}

afterAll(async () => {
  for (const c of children) await kill(c);
  for (const s of servers) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
  rmSync(outbox, { recursive: true, force: true });
});

describe("webhooks across a restart of the local runtime", () => {
  it("loses no delivery: killed mid-retry, the next runtime delivers it once, signed", { timeout: 300_000 }, async () => {
    const hook = await receiver();
    let runtime = await startRuntime(0);
    const call = http(() => runtime.url);

    const slug = `rs${Date.now().toString(36)}${process.pid.toString(36)}`;
    const email = `${slug}@example.com`;
    expect((await call("POST", "/api/auth/signup", { companyName: "Restart Co", slug, name: "Owner", email, password: "correct horse battery" })).status).toBe(201);
    const token = await until("the verification link", () => /token=([A-Za-z0-9_%-]+)/.exec(runtime.output())?.[1]);
    expect((await call("POST", "/api/auth/verify", { token: decodeURIComponent(token) })).status).toBe(200);
    expect((await call("POST", "/api/auth/login", { email, password: "correct horse battery" })).status).toBe(200);
    expect((await call("PUT", `/api/platform/tenants/${slug}/plan`, { plan: "business" }, { "x-platform-secret": "restart-secret" })).status).toBe(200);
    const created = await call("POST", "/api/webhooks", { url: hook.url, events: ["contact.*"] });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const { webhookId, secret } = created.body as { webhookId: string; secret: string };

    // The event's first attempt meets a receiver that is down.
    const contact = await call("POST", "/api/contacts", { name: "Mei Lin" });
    expect(contact.status).toBe(201);
    await until("the first attempt", () => (hook.calls.length >= 1 ? true : undefined));
    expect(hook.calls[0].answered).toBe(500);

    // The retry is due a minute later: the runtime sends it, and dies while the request is on the wire.
    hook.mode = "hang";
    await runtime.setOffset(1.5 * MIN);
    await until("the retry on the wire", () => (hook.calls.length >= 2 ? true : undefined));
    await kill(runtime.child);
    expect(hook.calls).toHaveLength(2);

    // A new runtime on the same DynamoDB Local, once the dead runner's claim has run out.
    hook.mode = 200;
    runtime = await startRuntime(4 * MIN);
    await until("the delivery after the restart", () => (hook.calls.some((c) => c.answered === 200) ? true : undefined), 60_000);

    // Later sweeps (an hour on) send nothing more.
    await runtime.setOffset(64 * MIN);
    await new Promise((r) => setTimeout(r, 2_000));
    expect(hook.calls.filter((c) => c.answered === 200)).toHaveLength(1);
    expect(hook.calls).toHaveLength(3);

    const ids = new Set(hook.calls.map((c) => c.headers["x-webhook-id"]));
    expect(ids.size).toBe(1);
    const delivered = hook.calls[2];
    const sentAt = Number(delivered.headers["x-webhook-timestamp"]);
    expect(verifyWebhook(secret, delivered.headers, delivered.body, sentAt + 30)).toBe(true);
    expect(verifyWebhook("another secret", delivered.headers, delivered.body, sentAt)).toBe(false);
    const payload = JSON.parse(delivered.body);
    expect(payload).toMatchObject({ type: "contact.created", data: { contactId: contact.body.contactId, name: "Mei Lin" } });
    expect(payload.id).toBe(delivered.headers["x-webhook-id"]);

    // The log the admin sees: the 500, then the 200 (the killed attempt never came back), and no retry left.
    const list = await call("GET", `/api/webhooks/${webhookId}/deliveries`);
    expect(list.status).toBe(200);
    expect(list.body.items).toHaveLength(1);
    const d = list.body.items[0];
    expect(d).toMatchObject({ deliveryId: payload.id, status: "succeeded", attempts: 3, lastStatus: 200, nextAttemptAt: null });
    const attempts = d.log.map((l: { attempt: number; status: number | null }) => [l.attempt, l.status]).sort((a: number[], b: number[]) => a[0] - b[0]);
    expect(attempts).toEqual([[1, 500], [3, 200]]);
  });
});
