import { startDynamo } from "../../packages/local/src/dynamo";

/** An in-memory DynamoDB Local with the table, for one benchmark run. */
export async function startBenchDb() {
  const ddb = await startDynamo();
  process.env.DYNAMODB_ENDPOINT = ddb.endpoint;
  process.env.CRM_TABLE = "crm-bench";
  const { ensureTable } = await import("../../packages/core/src/table");
  await ensureTable("crm-bench");
  return ddb;
}

/** Median of `runs` timings of `fn`, in milliseconds, after `warmup` untimed runs. */
export async function p50(fn: () => Promise<unknown>, runs = 40, warmup = 5): Promise<number> {
  for (let i = 0; i < warmup; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}
