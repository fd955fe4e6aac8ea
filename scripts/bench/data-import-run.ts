/**
 * One import run for the bench, in its own process so its peak RSS is its own:
 * `npx tsx scripts/bench/data-import-run.ts <rows>` with DYNAMODB_ENDPOINT and CRM_TABLE set. Writes a CSV of
 * `rows` contacts to a temporary blob store (streamed, never held whole), imports it through the real path
 * (job, analysis, chunks, Contact.create with audit and events) and prints one JSON line: rows, seconds, peak RSS.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
import { createWriteStream, mkdtempSync, rmSync } from "node:fs";
import { once } from "node:events";
import { tmpdir } from "node:os";
import { join } from "node:path";

const rows = Number(process.argv[2] ?? 1000);
const dir = mkdtempSync(join(tmpdir(), "crm-import-bench-"));
const { MemoryMailer, setPorts } = await import("../../packages/core/src/ports");
const { FileBlobs } = await import("../../packages/local/src/blobs");
const { withActor } = await import("../../packages/core/src/actor");
const { Auth } = await import("../../packages/core/src/auth");
const { Tenant } = await import("../../packages/core/src/tenant");
const { Import } = await import("../../packages/core/src/data/import");
const { ImportRun } = await import("../../packages/core/src/data/import-run");

const blobs = new FileBlobs(dir);
// Events are published (the write path is whole) but no subscriber runs: the bench measures the import.
setPorts({ mailer: new MemoryMailer(), events: { publish: async () => undefined }, blobs });

const slug = `imp${Date.now().toString(36)}${process.pid.toString(36)}`;
const { tenantId, userId } = await Auth.signup({ companyName: "Bench Import", slug, name: "Bench", email: `${slug}@example.com`, password: "benchmark password" });
await withActor({ type: "system", reason: "bench" }, () => Tenant.changePlan(slug, { plan: "enterprise" }));
const user = { type: "user" as const, userId, email: `${slug}@example.com`, tenantId, role: "owner" as const };

const { job } = await withActor(user, () => Import.create({ object: "contact", fileName: "bench.csv", size: 1 }));
const file = createWriteStream(join(dir, job.importId + ".csv"));
file.write("姓名,邮箱,手机,职位,标签\n");
for (let i = 0; i < rows; i++) {
  const line = `客户${i},c${i}@bench.example,+861${String(3000000000 + i)},经理,导入\n`;
  if (!file.write(line)) await once(file, "drain");
}
file.end();
await once(file, "finish");
const { createReadStream } = await import("node:fs");
await blobs.putStream(`tenants/${tenantId}/imports/${job.importId}`, createReadStream(join(dir, job.importId + ".csv")));

const started = performance.now();
const analysis = await withActor(user, () => Import.analyze(job.importId));
await withActor(user, async () => {
  const { ImportQueue } = await import("../../packages/core/src/data/import-queue");
  // The run happens below, awaited, instead of in the background runner.
  ImportQueue.use(async () => undefined);
  await Import.start(job.importId, { mapping: analysis.suggestion, duplicateMode: "skip" });
});
await withActor({ type: "system", tenantId, reason: `import:${job.importId}` }, () => ImportRun.runJob({ tenantId, importId: job.importId, chunk: 0 }));
const seconds = (performance.now() - started) / 1000;
const done = await withActor(user, () => Import.get(job.importId));
if (done.status !== "done" || done.created !== rows) {
  const { ImportErrorEntity } = await import("../../packages/core/src/db/import-job");
  const { data } = await ImportErrorEntity.query.primary({ tenantId, importId: job.importId }).go({ count: 5 });
  throw new Error(`import ended ${done.status} with ${done.created} of ${rows} created: ${JSON.stringify(done)} ${JSON.stringify(data)}`);
}
console.log(JSON.stringify({ rows, seconds, peakRssMb: process.resourceUsage().maxRSS / 1024 }));
rmSync(dir, { recursive: true, force: true });
process.exit(0);
