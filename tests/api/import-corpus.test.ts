import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import { ImportRun } from "../../packages/core/src/data/import-run";
import { app, newTenant } from "../support/api";
import { upload, waitDone } from "./import-support";

/**
 * Every CSV of the shared corpus (../shared/corpora/csv, real files from other products' importers: BOMs,
 * Latin-1 bytes, emoji, missing columns, duplicates) imports without a crash: the job finishes, every row
 * is counted once, and the error report names each row it lists with a reason code.
 */
const root = resolve(__dirname, "../../../shared/corpora/csv");
const present = existsSync(root);
const files = present ? walk(root) : [];

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : /\.(csv|tsv|txt|xlsx)$/i.test(name) ? [p] : [];
  });
}

describe("import corpus", () => {
  ImportRun.setChunkSize(20);
  it.skipIf(!present)(`the corpus folder ${root} is present (skipped: the corpus is not on this machine)`, () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it.skipIf(!present).each(files.map((f) => [relative(root, f), f] as const))("%s imports without a crash", async (_name, path) => {
    const t = await newTenant("business");
    const bytes = readFileSync(path);
    const a = await upload(t.owner, "contact", path.split("/").pop()!, bytes);
    expect(a.job.headers.length).toBeGreaterThan(0);
    const mapping = [...a.suggestion];
    // A file without a name-like column still imports: its first unmapped column becomes the name.
    if (!mapping.some((m) => m === "name" || m === "firstName" || m === "lastName")) mapping[mapping.findIndex((m) => !m)] = "name";
    const start = await t.owner.post(`/api/imports/${a.job.importId}/start`, { mapping, duplicateMode: "skip" });
    expect(start.status, JSON.stringify(start.body)).toBe(200);
    const job = await waitDone(t.owner, a.job.importId);
    expect(job.status).toBe("done");
    expect(job.created + job.updated + job.skipped + job.failed).toBe(job.rowsDone);
    expect(job.rowsDone).toBeGreaterThan(0);
    const res = await app.request(`/api/imports/${a.job.importId}/errors.csv`, { headers: { cookie: t.owner.cookie } });
    const report = Papa.parse<string[]>((await res.text()).replace(/^\uFEFF/, ""), { skipEmptyLines: true }).data;
    expect(report.length - 1).toBe(job.failed + job.skipped);
    for (const line of report.slice(1)) expect(line[1]).toMatch(/^[a-z_]+\.[a-z_.A-Z]+$/);
  }, 300_000);
});
