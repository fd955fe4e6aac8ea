// The self-hosted setting: the test receivers listen on 127.0.0.1 over plain http.
process.env.WEBHOOKS_ALLOW_PRIVATE = "true";
// A hanging receiver costs a second here, not the production 10 s.
process.env.WEBHOOKS_TIMEOUT_MS = "1000";

import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { WebhookDelivery } from "../../packages/core/src/connect/webhook-delivery";
import { WebhookSignature } from "../../packages/core/src/connect/webhook-signature";
import { setPorts } from "../../packages/core/src/ports";
import { withActor } from "../../packages/core/src/actor";
import { addMember, mailer, newTenant } from "../support/api";

let clock = new Date();
setPorts({ clock: { now: () => clock } });
const advance = (ms: number) => (clock = new Date(clock.getTime() + ms));
const MIN = 60_000;
const HOUR = 60 * MIN;

interface Call { headers: IncomingHttpHeaders; body: string }
interface Receiver { url: string; calls: Call[]; reply: { status: number; body?: string; hang?: boolean }; server: Server }
const servers: Server[] = [];

/** A real HTTP receiver on loopback that records each POST and answers as told. */
async function receiver(status = 200, body = "ok"): Promise<Receiver> {
  const r = { calls: [] as Call[], reply: { status, body } as Receiver["reply"] } as Receiver;
  r.server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      r.calls.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      if (r.reply.hang) return; // never answers: the sender's timeout must fire
      res.writeHead(r.reply.status, { "content-type": "text/plain" }).end(r.reply.body ?? "");
    });
  });
  await new Promise<void>((resolve) => r.server.listen(0, "127.0.0.1", resolve));
  servers.push(r.server);
  r.url = `http://127.0.0.1:${(r.server.address() as AddressInfo).port}/hooks/crm`;
  return r;
}

afterAll(async () => {
  for (const s of servers) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

/** The README's recipe, verbatim: how a receiver checks a delivery. */
function verifyWebhook(secret: string, headers: IncomingHttpHeaders, rawBody: string, nowSeconds = Date.now() / 1000) {
  const timestamp = headers["x-webhook-timestamp"] as string | undefined;
  const signature = (headers["x-webhook-signature"] as string | undefined) ?? "";
  if (!timestamp || Math.abs(nowSeconds - Number(timestamp)) > 300) return false; // refuse replays
  const expected = "v1=" + createHmac("sha256", secret).update(`${timestamp}.${rawBody}`).digest("hex");
  return signature.split(",").some((s) => s.trim().length === expected.length && timingSafeEqual(Buffer.from(s.trim()), Buffer.from(expected)));
}

async function sweep() {
  return withActor({ type: "system", reason: "webhook-retries" }, () => WebhookDelivery.sweep(clock));
}

type T = Awaited<ReturnType<typeof newTenant>>;
async function subscribe(t: T, url: string, events: string[] = ["contact.*"]) {
  const res = await t.owner.post("/api/webhooks", { url, events, description: "test receiver" });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { webhookId: string; secret: string; version: number };
}
async function deliveries(t: T, webhookId: string) {
  const res = await t.owner.get(`/api/webhooks/${webhookId}/deliveries`);
  expect(res.status).toBe(200);
  return res.body.items as any[];
}

describe("webhooks", { timeout: 120_000 }, () => {
  beforeEach(() => {
    process.env.WEBHOOKS_ALLOW_PRIVATE = "true";
  });
  afterEach(() => {
    process.env.WEBHOOKS_ALLOW_PRIVATE = "true";
  });

  it("delivers a signed contact.created to a real receiver, verifiable by the documented recipe, once per event", async () => {
    clock = new Date();
    const t = await newTenant("business");
    const rx = await receiver(200, `accepted ${"x".repeat(3000)}`);
    const hook = await subscribe(t, rx.url);
    expect(hook.secret).toMatch(/^whsec_/);
    const listed = await t.owner.get("/api/webhooks");
    expect(listed.body.items).toHaveLength(1);
    expect(JSON.stringify(listed.body)).not.toContain(hook.secret);
    expect(JSON.stringify((await t.owner.get(`/api/webhooks/${hook.webhookId}`)).body)).not.toContain(hook.secret);

    const contact = await t.owner.post("/api/contacts", { name: "Hooked Person", email: "hooked@example.com" });
    expect(contact.status).toBe(201);
    await t.owner.post("/api/companies", { name: "Not subscribed Co" });
    expect(rx.calls).toHaveLength(1);
    const [call] = rx.calls;
    const body = JSON.parse(call.body);
    expect(body).toMatchObject({ type: "contact.created", tenantId: t.tenantId, data: { contactId: contact.body.contactId, name: "Hooked Person" } });
    expect(body.id).toBe(call.headers["x-webhook-id"]);
    expect(Date.parse(body.occurredAt)).toBe(clock.getTime());
    expect(call.headers["x-webhook-timestamp"]).toBe(String(Math.floor(clock.getTime() / 1000)));
    expect(call.headers["x-webhook-signature"]).toMatch(/^v1=[0-9a-f]{64}$/);
    expect(call.headers["content-type"]).toBe("application/json");
    expect(verifyWebhook(hook.secret, call.headers, call.body)).toBe(true);
    expect(WebhookSignature.verify(hook.secret, call.headers["x-webhook-signature"] as string, call.headers["x-webhook-timestamp"] as string, call.body, Math.floor(clock.getTime() / 1000))).toBe(true);
    expect(verifyWebhook(hook.secret, call.headers, call.body.replace("Hooked", "Hacked"))).toBe(false);
    expect(verifyWebhook("whsec_wrong", call.headers, call.body)).toBe(false);
    expect(verifyWebhook(hook.secret, call.headers, call.body, Date.now() / 1000 + 3600)).toBe(false);

    const [d] = await deliveries(t, hook.webhookId);
    expect(d).toMatchObject({ deliveryId: body.id, eventType: "contact.created", status: "succeeded", attempts: 1, lastStatus: 200, nextAttemptAt: null });
    expect(d.log).toHaveLength(1);
    expect(d.log[0]).toMatchObject({ attempt: 1, status: 200, error: null });
    expect(d.log[0].latencyMs).toBeGreaterThanOrEqual(0);
    expect(Buffer.byteLength(d.log[0].response)).toBe(1024);
    expect(d.log[0].response.startsWith("accepted ")).toBe(true);

    // The same event handled twice (EventBridge delivers at least once) queues and sends one delivery.
    const event = { id: body.id, type: "contact.created", tenantId: t.tenantId, actor: { type: "system", id: "test" }, at: body.occurredAt, data: body.data };
    await withActor({ type: "system", tenantId: t.tenantId, reason: "test" }, () => WebhookDelivery.onEvent(event));
    expect(rx.calls).toHaveLength(1);
    expect(await deliveries(t, hook.webhookId)).toHaveLength(1);
  });

  it("retries a failing receiver on the backoff schedule, one attempt per due time even with overlapping sweeps", async () => {
    clock = new Date("2031-03-03T08:00:00Z");
    const t = await newTenant("business");
    const rx = await receiver(500, "boom");
    const hook = await subscribe(t, rx.url);
    await t.owner.post("/api/contacts", { name: "Retry Person" });
    expect(rx.calls).toHaveLength(1);
    let [d] = await deliveries(t, hook.webhookId);
    expect(d).toMatchObject({ status: "pending", attempts: 1, lastStatus: 500, lastError: "HTTP 500", nextAttemptAt: "2031-03-03T08:01:00.000Z" });
    expect(d.log[0]).toMatchObject({ status: 500, response: "boom" });

    advance(30_000);
    await sweep();
    expect(rx.calls).toHaveLength(1);

    advance(30_000); // 08:01
    await Promise.all([sweep(), sweep(), sweep()]);
    expect(rx.calls).toHaveLength(2);
    [d] = await deliveries(t, hook.webhookId);
    expect(d.nextAttemptAt).toBe("2031-03-03T08:06:00.000Z");
    expect(rx.calls[1].headers["x-webhook-id"]).toBe(rx.calls[0].headers["x-webhook-id"]);
    expect(rx.calls[1].body).toBe(rx.calls[0].body);

    // A receiver that does not answer times out and is retried too.
    rx.reply.hang = true;
    advance(5 * MIN); // 08:06
    await Promise.all([sweep(), sweep()]);
    expect(rx.calls).toHaveLength(3);
    [d] = await deliveries(t, hook.webhookId);
    expect(d.log[0]).toMatchObject({ attempt: 3, status: null });
    expect(d.log[0].error).toMatch(/Timed out/);
    expect(d.nextAttemptAt).toBe("2031-03-03T08:36:00.000Z");
    expect((await t.owner.get(`/api/webhooks/${hook.webhookId}`)).body.consecutiveFailures).toBe(3);

    rx.reply = { status: 204 };
    advance(29 * MIN);
    await sweep();
    expect(rx.calls).toHaveLength(3);
    advance(1 * MIN); // 08:36
    await sweep();
    expect(rx.calls).toHaveLength(4);
    [d] = await deliveries(t, hook.webhookId);
    expect(d).toMatchObject({ status: "succeeded", attempts: 4, lastStatus: 204, lastError: null, nextAttemptAt: null });
    expect(d.log.map((l: any) => l.status)).toEqual([204, null, 500, 500]);
    const after = (await t.owner.get(`/api/webhooks/${hook.webhookId}`)).body;
    expect(after).toMatchObject({ active: true, consecutiveFailures: 0, failingSince: null });
    advance(HOUR);
    await sweep();
    expect(rx.calls).toHaveLength(4);
  });

  it("gives a delivery up after a day, disables a webhook failing for a day, emails its creator; redeliver and re-enable work", async () => {
    clock = new Date("2031-04-01T00:00:00Z");
    const t = await newTenant("business");
    const rx = await receiver(503, "down");
    const hook = await subscribe(t, rx.url);
    await t.owner.post("/api/contacts", { name: "Day Person" });
    const times: string[] = [];
    for (let i = 0; i < 12; i++) {
      const [d] = await deliveries(t, hook.webhookId);
      if (d.status !== "pending") break;
      times.push(d.nextAttemptAt);
      clock = new Date(d.nextAttemptAt);
      await sweep();
    }
    expect(times).toEqual([
      "2031-04-01T00:01:00.000Z", "2031-04-01T00:06:00.000Z", "2031-04-01T00:36:00.000Z", "2031-04-01T02:36:00.000Z",
      "2031-04-01T08:36:00.000Z", "2031-04-01T20:36:00.000Z", "2031-04-02T00:00:00.000Z",
    ]);
    expect(rx.calls).toHaveLength(8);
    const [d] = await deliveries(t, hook.webhookId);
    expect(d).toMatchObject({ status: "failed", attempts: 8, nextAttemptAt: null });
    const disabled = (await t.owner.get(`/api/webhooks/${hook.webhookId}`)).body;
    expect(disabled).toMatchObject({ active: false, disabledAt: "2031-04-02T00:00:00.000Z" });
    expect(disabled.disabledReason).toMatch(/8 failed attempts/);
    const mails = mailer.sent.filter((m) => m.tag === "webhook.disabled" && m.to.includes(t.email));
    expect(mails).toHaveLength(1);
    expect(mails[0].text).toContain(rx.url);
    expect(mails[0].text).toContain("/settings/webhooks");

    // Disabled: events are not queued, redeliver is refused until it is switched back on.
    await t.owner.post("/api/contacts", { name: "Ignored Person" });
    expect(rx.calls).toHaveLength(8);
    expect(await deliveries(t, hook.webhookId)).toHaveLength(1);
    const refused = await t.owner.post(`/api/webhooks/${hook.webhookId}/deliveries/${d.deliveryId}/redeliver`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe("webhook.inactive");

    const stale = await t.owner.patch(`/api/webhooks/${hook.webhookId}`, { version: hook.version, active: true });
    expect(stale.status).toBe(409);
    const enabled = await t.owner.patch(`/api/webhooks/${hook.webhookId}`, { version: disabled.version, active: true });
    expect(enabled.status).toBe(200);
    expect(enabled.body).toMatchObject({ active: true, consecutiveFailures: 0, failingSince: null, disabledAt: null, disabledReason: null });

    rx.reply = { status: 200, body: "thanks" };
    const again = await t.owner.post(`/api/webhooks/${hook.webhookId}/deliveries/${d.deliveryId}/redeliver`);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ deliveryId: d.deliveryId, status: "succeeded", attempts: 9, lastStatus: 200 });
    expect(rx.calls).toHaveLength(9);
    expect(rx.calls[8].body).toBe(rx.calls[0].body);
    expect(rx.calls[8].headers["x-webhook-id"]).toBe(d.deliveryId);
    expect(verifyWebhook(hook.secret, rx.calls[8].headers, rx.calls[8].body, clock.getTime() / 1000)).toBe(true);

    const audit = await t.owner.get(`/api/audit?recordId=${hook.webhookId}`);
    expect(audit.status).toBe(200);
    expect(audit.body.items.map((e: any) => e.action)).toEqual(expect.arrayContaining(["webhook.created", "webhook.disabled", "webhook.enabled"]));
    expect(JSON.stringify(audit.body)).not.toContain(hook.secret);
  });

  it("disables a webhook after 20 failed attempts in a row, once, with one email", async () => {
    clock = new Date("2031-05-01T00:00:00Z");
    const t = await newTenant("business");
    const rx = await receiver(500);
    const hook = await subscribe(t, rx.url);
    const sentBefore = mailer.sent.filter((m) => m.tag === "webhook.disabled" && m.to.includes(t.email)).length;
    for (let i = 0; i < 19; i++) await t.owner.post("/api/contacts", { name: `Failing ${i}` });
    expect((await t.owner.get(`/api/webhooks/${hook.webhookId}`)).body).toMatchObject({ active: true, consecutiveFailures: 19 });
    await Promise.all([t.owner.post("/api/contacts", { name: "Failing 19" }), t.owner.post("/api/contacts", { name: "Failing 20" })]);
    const w = (await t.owner.get(`/api/webhooks/${hook.webhookId}`)).body;
    expect(w.active).toBe(false);
    expect(mailer.sent.filter((m) => m.tag === "webhook.disabled" && m.to.includes(t.email)).length - sentBefore).toBe(1);
    // Deliveries still queued are not sent while the webhook is off.
    const calls = rx.calls.length;
    advance(HOUR);
    await sweep();
    expect(rx.calls).toHaveLength(calls);
  }, 180_000);

  it("signs with the rotated secret from the next delivery on", async () => {
    clock = new Date();
    const t = await newTenant("business");
    const rx = await receiver();
    const hook = await subscribe(t, rx.url, ["contact.created"]);
    const rotated = await t.owner.post(`/api/webhooks/${hook.webhookId}/rotate-secret`);
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(hook.secret);
    await t.owner.post("/api/contacts", { name: "Rotated Person" });
    expect(rx.calls).toHaveLength(1);
    expect(verifyWebhook(rotated.body.secret, rx.calls[0].headers, rx.calls[0].body)).toBe(true);
    expect(verifyWebhook(hook.secret, rx.calls[0].headers, rx.calls[0].body)).toBe(false);
  });

  it("refuses loopback, private, link-local, unique-local, unspecified and multicast targets and plain http without the setting", async () => {
    clock = new Date();
    const t = await newTenant("business");
    delete process.env.WEBHOOKS_ALLOW_PRIVATE;
    const refused = [
      "https://127.0.0.1/hook", "https://127.1.2.3/hook", "https://localhost/hook", "https://10.0.0.5/hook", "https://172.16.5.4/hook",
      "https://172.31.255.255/hook", "https://192.168.1.10/hook", "https://100.64.0.1/hook", "https://169.254.169.254/latest/meta-data",
      "https://0.0.0.0/hook", "https://224.0.0.1/hook", "https://[::1]/hook", "https://[fe80::1]/hook", "https://[fc00::1]/hook",
      "https://[fd12:3456::1]/hook", "https://[::ffff:127.0.0.1]/hook", "https://[::ffff:10.0.0.1]/hook", "https://2130706433/hook",
      "http://8.8.8.8/hook", "ftp://8.8.8.8/hook", "https://user:pw@8.8.8.8/hook",
    ];
    for (const url of refused) {
      const res = await t.owner.post("/api/webhooks", { url, events: ["contact.*"] });
      expect(res.status, url).toBe(400);
      expect(res.body.error.code, url).toBe("webhook.url_forbidden");
      expect(res.body.error.fields).toHaveProperty("url");
    }
    expect((await t.owner.get("/api/webhooks")).body.items).toEqual([]);
    const publicIp = await t.owner.post("/api/webhooks", { url: "https://8.8.8.8/hook", events: ["deal.*"], active: false });
    expect(publicIp.status).toBe(201);
    const moved = await t.owner.patch(`/api/webhooks/${publicIp.body.webhookId}`, { version: 1, url: "https://192.168.0.1/hook" });
    expect(moved.status).toBe(400);
    expect(moved.body.error.code).toBe("webhook.url_forbidden");
    expect((await t.owner.get(`/api/webhooks/${publicIp.body.webhookId}`)).body).toMatchObject({ url: "https://8.8.8.8/hook", version: 1 });
  });

  it("checks the address again at delivery time (a name re-pointed inside after it was saved)", async () => {
    clock = new Date();
    const t = await newTenant("business");
    const rx = await receiver();
    const hook = await subscribe(t, rx.url.replace("127.0.0.1", "localhost"));
    delete process.env.WEBHOOKS_ALLOW_PRIVATE;
    await t.owner.post("/api/contacts", { name: "Rebound Person" });
    expect(rx.calls).toHaveLength(0);
    const [d] = await deliveries(t, hook.webhookId);
    expect(d.status).toBe("pending");
    expect(d.log[0].status).toBeNull();
    expect(d.log[0].error).toMatch(/webhook\.url_forbidden/);
  });

  it("validates input, checks versions, needs settings:write and answers 404 for unknown ids", async () => {
    const t = await newTenant("business");
    const rx = await receiver();
    for (const body of [{ url: rx.url, events: [] }, { url: rx.url, events: ["contact.exploded"] }, { url: "not a url", events: ["*"] }, { url: rx.url, events: ["*"], secret: "mine" }]) {
      const res = await t.owner.post("/api/webhooks", body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.fields).toBeTypeOf("object");
    }
    const hook = await subscribe(t, rx.url, ["*", "deal.*"]);
    const ok = await t.owner.patch(`/api/webhooks/${hook.webhookId}`, { version: 1, description: "renamed", events: ["ticket.*"] });
    expect(ok.body).toMatchObject({ version: 2, description: "renamed", events: ["ticket.*"] });
    expect((await t.owner.patch(`/api/webhooks/${hook.webhookId}`, { version: 1, description: "stale" })).status).toBe(409);
    const types = await t.owner.get("/api/webhook-event-types");
    expect(types.body.items.map((a: any) => a.pattern)).toEqual(expect.arrayContaining(["contact.*", "deal.*", "ticket.*", "lead.*", "customer.*"]));
    const member = await addMember(t, "member");
    expect((await member.client.post("/api/webhooks", { url: rx.url, events: ["*"] })).status).toBe(403);
    expect((await member.client.get("/api/webhooks")).status).toBe(200);
    expect((await member.client.del(`/api/webhooks/${hook.webhookId}`)).status).toBe(403);
    expect((await t.owner.get("/api/webhooks/0000000000000nonexistent/deliveries")).status).toBe(404);
    expect((await t.owner.post(`/api/webhooks/${hook.webhookId}/deliveries/0000000000000nonexistent/redeliver`)).status).toBe(404);
    expect((await t.owner.del(`/api/webhooks/${hook.webhookId}`)).status).toBe(204);
    expect((await t.owner.get(`/api/webhooks/${hook.webhookId}`)).status).toBe(404);
  });

  it("is a plan feature: 403 on plans without webhooks", async () => {
    for (const plan of [undefined, "team"]) {
      const t = await newTenant(plan);
      for (const [method, path] of [["GET", "/api/webhooks"], ["POST", "/api/webhooks"], ["GET", "/api/webhook-event-types"]]) {
        const res = await t.owner.call(method, path, method === "POST" ? { url: "https://8.8.8.8/", events: ["*"] } : undefined);
        expect(res.status, `${plan} ${method} ${path}`).toBe(403);
        expect(res.body.error.code).toBe("plan.feature_unavailable");
      }
    }
  });
});
