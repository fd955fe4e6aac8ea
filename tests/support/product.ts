import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { freePort } from "../../packages/local/src/dynamo";

const repo = resolve(fileURLToPath(new URL(".", import.meta.url)), "../..");

export interface Product {
  url: string;
  outboxDir: string;
  /** The local inbound SMTP server's port. */
  smtpPort: number;
  /** Everything the process printed, for a failing test's message. */
  output: () => string;
  stop: () => Promise<void>;
}

/**
 * Starts the product as `npm start` does (the local runtime with its own DynamoDB Local, data in a fresh
 * folder), on a free port. The web app must be built already (`npm test` builds it first).
 */
export async function startProduct(options: { timeoutMs?: number } = {}): Promise<Product> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), "crm-journey-"));
  const url = `http://localhost:${port}`;
  // Only what the runtime needs: the test process's own DynamoDB and table settings must not leak in.
  const { DYNAMODB_ENDPOINT: _e, CRM_TABLE: _t, DDB_PORT: _p, OUTBOX_DIR: _o, ...env } = process.env;
  const child = spawn(join(repo, "node_modules/.bin/tsx"), ["packages/local/src/main.ts"], {
    cwd: repo,
    env: { ...env, PORT: String(port), SMTP_PORT: "0", DATA_DIR: dataDir, APP_URL: url },
    stdio: ["ignore", "pipe", "pipe"],
    // Its own process group, so stop() reaches tsx's node child (and, through it, Java) as well.
    detached: true,
  });
  let output = "";
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));

  // If the test run dies first, the product's process group must not outlive it.
  const killOnExit = () => signalGroup(child, "SIGKILL");
  process.once("exit", killOnExit);
  const stop = () =>
    stopTree(child).finally(() => {
      process.off("exit", killOnExit);
      rmSync(dataDir, { recursive: true, force: true });
    });

  try {
    await new Promise<void>((ok, fail) => {
      const timer = setTimeout(() => fail(new Error(`the product did not start in time:\n${output}`)), options.timeoutMs ?? 90_000);
      const onData = () => {
        if (output.includes("CRM is running at") && output.includes("Outbox:")) {
          clearTimeout(timer);
          ok();
        }
      };
      child.stdout!.on("data", onData);
      child.once("exit", (code) => {
        clearTimeout(timer);
        fail(new Error(`the product exited with code ${code}:\n${output}`));
      });
    });
  } catch (err) {
    await stop();
    throw err;
  }
  const smtpPort = Number(/SMTP\): 127\.0\.0\.1:(\d+)/.exec(output)?.[1]);
  return { url, outboxDir: join(dataDir, "outbox"), smtpPort, output: () => output, stop };
}

/** SIGTERM to the process group (the runtime stops its Java child), SIGKILL if it lingers. */
async function stopTree(child: ChildProcess) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((ok) => child.once("exit", () => ok()));
  signalGroup(child, "SIGTERM");
  const timer = setTimeout(() => signalGroup(child, "SIGKILL"), 10_000);
  await exited;
  clearTimeout(timer);
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals) {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    // already gone
  }
}

/** The decoded text body of the newest `.eml` in the outbox, optionally the newest sent to `to`. */
export function newestMail(outboxDir: string, to?: string): string | undefined {
  const files = readdirSync(outboxDir)
    .filter((f) => f.endsWith(".eml"))
    .map((f) => ({ f, at: statSync(join(outboxDir, f)).mtimeMs }))
    .sort((a, b) => b.at - a.at);
  for (const { f } of files) {
    const raw = readFileSync(join(outboxDir, f), "utf8");
    if (to && !new RegExp(`^To:.*${to.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`, "mi").test(raw)) continue;
    return decodeBody(raw);
  }
  return undefined;
}

/** Undoes the transfer encoding of a single-part mail (nodemailer picks quoted-printable or base64). */
function decodeBody(raw: string): string {
  const split = raw.indexOf("\r\n\r\n") >= 0 ? raw.indexOf("\r\n\r\n") : raw.indexOf("\n\n");
  const head = raw.slice(0, split);
  const body = raw.slice(split).trim();
  const encoding = /^Content-Transfer-Encoding:\s*(\S+)/im.exec(head)?.[1]?.toLowerCase();
  if (encoding === "base64") return Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8");
  if (encoding === "quoted-printable") {
    const bytes = body.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
    return Buffer.from(bytes, "latin1").toString("utf8");
  }
  return body;
}

/** The first link in a mail that carries a `token=`. */
export function linkIn(text: string): string | undefined {
  return /https?:\/\/\S+?token=[^\s"<>]+/.exec(text)?.[0];
}
