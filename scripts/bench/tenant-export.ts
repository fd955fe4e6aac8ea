/**
 * Tenant export (#8): seconds from `POST /api/workspace/exports` to the downloaded zip, for a tenant of
 * 10,000 contacts, through the real path (the route, the event on the in-process bus, the registry's
 * subscriber scanning the table into the zip, the blob store, the signed download link).
 */
export async function tenantExport(): Promise<Record<string, number>> {
  const { MemoryBlobs, MemoryMailer, setPorts } = await import("../../packages/core/src/ports");
  const { createApp } = await import("../../packages/functions/src/api/app");
  const { LocalBus } = await import("../../packages/local/src/bus");
  const { subscriptions } = await import("../../packages/functions/src/registry");
  const { ContactEntity } = await import("../../packages/core/src/db/contact");
  const { unzipSync } = await import("fflate");
  const mailer = new MemoryMailer();
  setPorts({ mailer, events: new LocalBus(subscriptions), blobs: new MemoryBlobs() });
  const app = createApp();
  const call = async (path: string, body?: unknown, cookie = "", method = body ? "POST" : "GET") => {
    const res = await app.request(path, { method, headers: { "content-type": "application/json", cookie }, body: body ? JSON.stringify(body) : undefined });
    return { res, json: await res.json().catch(() => null) };
  };
  const stamp = Date.now().toString(36);
  const email = `export${stamp}@example.com`;
  const signup = await call("/api/auth/signup", { companyName: "Export bench", slug: `export${stamp}`, name: "Bench", email, password: "benchmark password" });
  const { tenantId, userId } = signup.json as { tenantId: string; userId: string };
  const token = /token=([^\s]+)/.exec(mailer.sent.at(-1)!.text)![1];
  await call("/api/auth/verify", { token: decodeURIComponent(token) });
  const login = await call("/api/auth/login", { email, password: "benchmark password" });
  const cookie = login.res.headers.get("set-cookie")!.split(";")[0];

  // Seeded straight into the table in batches of 25 (10,000 API writes would time the seeding, not the export).
  const N = 10_000;
  const at = new Date().toISOString();
  const items = Array.from({ length: N }, (_, i) => {
    const name = `联系人 ${i} Contact`;
    return {
      tenantId, contactId: `c${stamp}${String(i).padStart(6, "0")}`, name, nameKey: name.toLowerCase(), email: `c${i}@bench.example`,
      phone: `+86139${String(i).padStart(8, "0")}`, companyKey: "-", ownerId: userId, shared: false, tags: ["bench"], custom: {},
      version: 1, createdAt: at, updatedAt: at,
    };
  });
  for (let i = 0; i < N; i += 1000) await ContactEntity.put(items.slice(i, i + 1000)).go({ concurrency: 4 });

  const started = performance.now();
  const start = await call("/api/workspace/exports", {}, cookie);
  if (start.res.status !== 202) throw new Error(`export answered ${start.res.status}`);
  const jobId = (start.json as { jobId: string }).jobId;
  let job: { status: string; downloadUrl: string | null } = start.json as never;
  while (job.status !== "ready") {
    if (job.status === "failed") throw new Error("export failed");
    await new Promise((r) => setTimeout(r, 100));
    job = (await call(`/api/workspace/exports/${jobId}`, undefined, cookie)).json as never;
  }
  const download = await app.request(job.downloadUrl!);
  const zip = new Uint8Array(await download.arrayBuffer());
  const seconds = (performance.now() - started) / 1000;
  const files = unzipSync(zip);
  const lines = new TextDecoder().decode(files["data/contact.jsonl"]).trim().split("\n").length;
  if (lines !== N) throw new Error(`the export holds ${lines} contacts, not ${N}`);
  return { "export.tenant_10k_records_s": seconds, "export.tenant_10k_zip_kb": zip.length / 1024 };
}
