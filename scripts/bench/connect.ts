import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * Connect: what the audit entry costs a write (the same API write with auditing on and off, interleaved),
 * and webhook deliveries from real writes to a local HTTP receiver through the in-process bus.
 */
export async function connect(): Promise<Record<string, number>> {
  const { MemoryMailer, setPorts } = await import("../../packages/core/src/ports");
  const { createApp } = await import("../../packages/functions/src/api/app");
  const { LocalBus } = await import("../../packages/local/src/bus");
  const { subscriptions } = await import("../../packages/functions/src/registry");
  const mailer = new MemoryMailer();
  setPorts({ mailer, events: new LocalBus(subscriptions) });
  process.env.PLATFORM_SECRET ??= "bench-platform-secret";
  process.env.WEBHOOKS_ALLOW_PRIVATE = "true";
  const app = createApp();
  const call = async (path: string, body?: unknown, cookie = "", method = body ? "POST" : "GET") => {
    const res = await app.request(path, { method, headers: { "content-type": "application/json", cookie, "x-platform-secret": process.env.PLATFORM_SECRET! }, body: body ? JSON.stringify(body) : undefined });
    return { res, json: await res.json().catch(() => null) };
  };
  const stamp = Date.now().toString(36);
  const email = `connect${stamp}@example.com`;
  await call("/api/auth/signup", { companyName: "Connect bench", slug: `connect${stamp}`, name: "Bench", email, password: "benchmark password" });
  const token = /token=([^\s]+)/.exec(mailer.sent.at(-1)!.text)![1];
  await call("/api/auth/verify", { token: decodeURIComponent(token) });
  const login = await call("/api/auth/login", { email, password: "benchmark password" });
  const cookie = login.res.headers.get("set-cookie")!.split(";")[0];
  await call(`/api/platform/tenants/connect${stamp}/plan`, { plan: "enterprise" }, "", "PUT");

  let n = 0;
  const write = async () => {
    const { res } = await call("/api/contacts", { name: `Audited ${n++}`, email: `a${n}.${stamp}@example.com` }, cookie);
    if (res.status !== 201) throw new Error(`create answered ${res.status}`);
  };
  // Interleaved, so both see the same table size and machine load.
  const withAudit: number[] = [];
  const without: number[] = [];
  const time = async (into: number[]) => {
    const t = performance.now();
    await write();
    into.push(performance.now() - t);
  };
  for (let i = 0; i < 10; i++) await write();
  for (let i = 0; i < 60; i++) {
    delete process.env.CRM_AUDIT;
    await time(withAudit);
    process.env.CRM_AUDIT = "off";
    await time(without);
  }
  delete process.env.CRM_AUDIT;
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const on = median(withAudit);
  const off = median(without);

  // Webhooks: 300 contact writes, 10 at a time; each becomes one signed POST to the receiver.
  const delays: number[] = [];
  const total = 300;
  let received = 0;
  let lastAt = 0;
  let done: () => void = () => undefined;
  const all = new Promise<void>((r) => (done = r));
  const receiver = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      const at = Date.now();
      const event = JSON.parse(body) as { type: string; occurredAt: string };
      if (event.type === "contact.created") {
        delays.push(at - Date.parse(event.occurredAt));
        lastAt = at;
        if (++received === total) done();
      }
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  const port = (receiver.address() as AddressInfo).port;
  const hook = await call("/api/webhooks", { url: `http://127.0.0.1:${port}/hook`, events: ["contact.created"] }, cookie);
  if (hook.res.status !== 201) throw new Error(`webhook create answered ${hook.res.status}: ${JSON.stringify(hook.json)}`);
  const start = Date.now();
  for (let i = 0; i < total; i += 10) await Promise.all(Array.from({ length: 10 }, () => write()));
  await Promise.race([all, new Promise((r) => setTimeout(r, 120_000))]);
  receiver.close();
  delays.sort((a, b) => a - b);
  return {
    "api.write_with_audit.p50_ms": on,
    "api.write_without_audit.p50_ms": off,
    "audit.overhead_ratio": on / off,
    "webhooks.delivered": received,
    "webhooks.deliveries_per_s": received / ((lastAt - start) / 1000),
    "webhooks.p99_delay_ms": delays[Math.min(delays.length - 1, Math.floor(delays.length * 0.99))] ?? NaN,
  };
}
