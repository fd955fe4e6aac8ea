import { spawn } from "node:child_process";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const repo = resolve(fileURLToPath(new URL(".", import.meta.url)), "../..");

/** Runs one import of `rows` contacts in a child process (its own heap and RSS). */
function runImport(rows: number): Promise<{ rows: number; seconds: number; peakRssMb: number }> {
  return new Promise((ok, fail) => {
    const child = spawn(join(repo, "node_modules/.bin/tsx"), ["scripts/bench/data-import-run.ts", String(rows)], { cwd: repo, env: process.env, stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.on("exit", (code) => {
      const line = out.trim().split("\n").pop() ?? "";
      if (code === 0 && line.startsWith("{")) ok(JSON.parse(line));
      else fail(new Error(`import bench of ${rows} rows exited with ${code}: ${out}`));
    });
  });
}

/**
 * Import (#7): 100,000 contact rows through the real import path into DynamoDB Local (rows per second),
 * and the peak RSS of a 100k and a 10k import, each in its own process: memory must not grow with the file.
 * IMPORT_BENCH_ROWS makes the large run smaller on a slow machine (the keys keep their names).
 */
export async function importFigures(): Promise<Record<string, number>> {
  const large = Number(process.env.IMPORT_BENCH_ROWS ?? 100_000);
  const small = Math.max(1, Math.round(large / 10));
  const smallRun = await runImport(small);
  const largeRun = await runImport(large);
  return {
    "import.rows_per_s": largeRun.rows / largeRun.seconds,
    "import.peak_rss_mb.100k": largeRun.peakRssMb,
    "import.peak_rss_mb.10k": smallRun.peakRssMb,
    "import.rss_ratio_100k_10k": largeRun.peakRssMb / smallRun.peakRssMb,
  };
}
