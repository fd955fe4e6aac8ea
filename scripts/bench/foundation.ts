import { build } from "esbuild";
import { readFileSync, existsSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { join } from "node:path";
import { execSync } from "node:child_process";
import { p50 } from "./db";

const repo = join(import.meta.dirname, "../..");

/** Foundation: API overhead over the raw query for a 50-contact page, bundle sizes. */
export async function foundation(): Promise<Record<string, number>> {
  const { MemoryMailer, setPorts } = await import("../../packages/core/src/ports");
  const { createApp } = await import("../../packages/functions/src/api/app");
  const { ContactEntity } = await import("../../packages/core/src/db/contact");
  const { withActor } = await import("../../packages/core/src/actor");
  const { Contact } = await import("../../packages/core/src/contact");
  const mailer = new MemoryMailer();
  setPorts({ mailer });
  const app = createApp();
  const call = async (path: string, body?: unknown, cookie = "") => {
    const res = await app.request(path, { method: body ? "POST" : "GET", headers: { "content-type": "application/json", cookie }, body: body ? JSON.stringify(body) : undefined });
    return { res, json: await res.json().catch(() => null) };
  };
  const email = `bench${Date.now()}@example.com`;
  const signup = await call("/api/auth/signup", { companyName: "Bench", slug: `bench${Date.now()}`, name: "Bench", email, password: "benchmark password" });
  const tenantId = signup.json.tenantId as string;
  const token = /token=([^\s]+)/.exec(mailer.sent.at(-1)!.text)![1];
  await call("/api/auth/verify", { token: decodeURIComponent(token) });
  const login = await call("/api/auth/login", { email, password: "benchmark password" });
  const cookie = login.res.headers.get("set-cookie")!.split(";")[0];
  await withActor({ type: "system", tenantId, reason: "bench" }, async () => {
    for (let i = 0; i < 300; i += 10) await Promise.all(Array.from({ length: 10 }, (_, j) => Contact.create({ name: `Contact ${String(i + j).padStart(4, "0")}`, phone: `+86138${String(10000000 + i + j)}` })));
  });
  const api = await p50(async () => {
    const { res } = await call("/api/contacts?limit=50", undefined, cookie);
    if (res.status !== 200) throw new Error(`list answered ${res.status}`);
  });
  const db = await p50(() => ContactEntity.query.byName({ tenantId }).go({ count: 50 }));

  const bundle = await build({
    entryPoints: [join(repo, "packages/functions/src/lambda.ts")],
    bundle: true, minify: true, platform: "node", format: "esm", target: "node20", write: false, logLevel: "silent",
    external: ["@aws-sdk/*"],
  });
  const lambdaKb = bundle.outputFiles.reduce((n, f) => n + f.contents.length, 0) / 1024;

  if (!existsSync(join(repo, "web/dist/index.html"))) execSync("npm run build:web", { cwd: repo, stdio: "ignore" });
  const html = readFileSync(join(repo, "web/dist/index.html"), "utf8");
  const scripts = [...html.matchAll(/<script[^>]+src="([^"]+)"/g), ...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+)"/g)].map((m) => m[1]);
  const webGz = scripts.reduce((n, src) => n + gzipSync(readFileSync(join(repo, "web/dist", src))).length, 0) / 1024;

  return {
    "api.contacts_list.p50_ms": api,
    "db.contacts_query.p50_ms": db,
    "api.contacts_list.overhead_ratio": api / db,
    "bundle.api_lambda_kb": lambdaKb,
    "web.initial_js_gz_kb": webGz,
  };
}
