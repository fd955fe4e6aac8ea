/** Connect: what the audit entry costs a write (the same API write with auditing on and off, interleaved). */
export async function connect(): Promise<Record<string, number>> {
  const { MemoryMailer, setPorts } = await import("../../packages/core/src/ports");
  const { createApp } = await import("../../packages/functions/src/api/app");
  const mailer = new MemoryMailer();
  setPorts({ mailer });
  const app = createApp();
  const call = async (path: string, body?: unknown, cookie = "") => {
    const res = await app.request(path, { method: body ? "POST" : "GET", headers: { "content-type": "application/json", cookie }, body: body ? JSON.stringify(body) : undefined });
    return { res, json: await res.json().catch(() => null) };
  };
  const stamp = Date.now().toString(36);
  const email = `connect${stamp}@example.com`;
  await call("/api/auth/signup", { companyName: "Connect bench", slug: `connect${stamp}`, name: "Bench", email, password: "benchmark password" });
  const token = /token=([^\s]+)/.exec(mailer.sent.at(-1)!.text)![1];
  await call("/api/auth/verify", { token: decodeURIComponent(token) });
  const login = await call("/api/auth/login", { email, password: "benchmark password" });
  const cookie = login.res.headers.get("set-cookie")!.split(";")[0];

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
  return {
    "api.write_with_audit.p50_ms": on,
    "api.write_without_audit.p50_ms": off,
    "audit.overhead_ratio": on / off,
  };
}
