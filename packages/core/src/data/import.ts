import { stringify } from "csv-stringify/sync";
import { z } from "zod";
import { actorRef, assertScope, useTenant } from "../actor";
import { CustomField } from "../custom-field";
import { DueEntity } from "../db/due";
import { ImportErrorEntity, ImportJobEntity, ImportMappingEntity, type ImportJobItem } from "../db/import-job";
import { ConflictError, DomainError, NotFoundError, ValidationError } from "../errors";
import { newId } from "../id";
import { now, usePorts } from "../ports";
import { Tenant } from "../tenant";
import { Tx } from "../tx";
import { parse } from "../validation";
import { ImportMapping, type CustomDef, type ImportObject } from "./import-mapping";
import { ImportQueue } from "./import-queue";
import { ImportRead } from "./import-read";

export * as Import from "./import";

/** The largest file an import takes (a local upload streams to disk; S3 takes it by presigned PUT). */
export const MAX_BYTES = 200 * 1024 * 1024;
export const PREVIEW_ROWS = 20;
/** The due-time queue that lists running imports, so a restarted runtime resumes them. */
export const DUE_QUEUE = "import";

export const CreateInput = z.strictObject({
  object: z.enum(["contact", "company"]),
  fileName: z.string().trim().min(1).max(255),
  size: z.number().int().min(1).max(MAX_BYTES),
});
export const PreviewInput = z.strictObject({ mapping: ImportMapping.Mapping });
export const StartInput = z.strictObject({ mapping: ImportMapping.Mapping, duplicateMode: z.enum(["skip", "update", "create"]) });
export const ListQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(50).optional() });

export const JobResponse = z.object({
  importId: z.string(), object: z.enum(["contact", "company"]), fileName: z.string(), size: z.number(),
  status: z.enum(["uploading", "ready", "running", "done", "cancelled", "failed"]),
  format: z.string().nullable(), encoding: z.string().nullable(), delimiter: z.string().nullable(),
  headers: z.array(z.string()), mapping: z.array(z.string().nullable()), duplicateMode: z.string().nullable(),
  totalRows: z.number().nullable(), rowsDone: z.number(), created: z.number(), updated: z.number(), skipped: z.number(), failed: z.number(),
  error: z.string().nullable(), createdAt: z.string(), updatedAt: z.string(), finishedAt: z.string().nullable(),
});
const PreviewRow = z.object({ row: z.number(), cells: z.array(z.string()), problems: z.array(z.object({ code: z.string(), field: z.string().optional(), message: z.string() })) });
export const AnalysisResponse = z.object({
  job: JobResponse,
  fields: z.array(z.object({ key: z.string(), custom: z.boolean(), labels: z.object({ en: z.string().optional(), "zh-CN": z.string().optional() }).optional() })),
  suggestion: z.array(z.string().nullable()),
  preview: z.array(PreviewRow),
});
export const CreateResponse = z.object({ job: JobResponse, upload: z.object({ method: z.literal("PUT"), url: z.string(), direct: z.boolean() }) });
export const ListResponse = z.object({ items: z.array(JobResponse) });

export function present(j: ImportJobItem) {
  return {
    importId: j.importId, object: j.object, fileName: j.fileName, size: j.size, status: j.status,
    format: j.format ?? null, encoding: j.encoding ?? null, delimiter: j.delimiter ?? null,
    headers: j.headers ?? [], mapping: (j.mapping ?? []).map((m) => m || null), duplicateMode: j.duplicateMode ?? null,
    totalRows: j.totalRows ?? null, rowsDone: j.rowsDone ?? 0, created: j.created ?? 0, updated: j.updated ?? 0, skipped: j.skipped ?? 0, failed: j.failed ?? 0,
    error: j.error ?? null, createdAt: j.createdAt, updatedAt: j.updatedAt, finishedAt: j.finishedAt ?? null,
  };
}
export type ImportJob = ReturnType<typeof present>;

const scopeOf = (object: ImportObject) => (object === "contact" ? "contacts:write" : "companies:write");

/** Reads a job of the current tenant (another tenant's id answers like a missing one). */
export async function load(importId: string): Promise<ImportJobItem> {
  const { data } = await ImportJobEntity.get({ tenantId: useTenant(), importId }).go();
  if (!data) throw new NotFoundError("import");
  assertScope(scopeOf(data.object));
  return data;
}

/** Starts an import: the job, and where the file goes (a presigned S3 URL on AWS, the API locally). */
export async function create(raw: unknown) {
  const input = parse(CreateInput, raw);
  assertScope(scopeOf(input.object));
  await Tenant.requireFeature(input.object === "contact" ? "contacts" : "companies");
  const tenantId = useTenant();
  const importId = newId();
  const at = now().toISOString();
  const item: ImportJobItem = {
    tenantId, importId, object: input.object, fileName: input.fileName, size: input.size,
    blobKey: `tenants/${tenantId}/imports/${importId}`, status: "uploading",
    nextChunk: 0, rowsDone: 0, created: 0, updated: 0, skipped: 0, failed: 0,
    createdBy: actorRef().id, createdAt: at, updatedAt: at,
  };
  await new Tx(tenantId)
    .add(() => ImportJobEntity.create(item))
    .audit({ action: "import.created", recordType: "import", recordId: importId, after: { object: item.object, fileName: item.fileName, size: item.size } })
    .run();
  const blobs = usePorts().blobs;
  const direct = typeof blobs.presignPut === "function";
  const url = direct ? await blobs.presignPut!(item.blobKey, "application/octet-stream", 3600) : `/api/imports/${importId}/file`;
  return { job: present(item), upload: { method: "PUT" as const, url, direct } };
}

/** Stores the file's bytes (the local upload route), streamed: the body never sits in memory whole. */
export async function putFile(importId: string, body: ReadableStream<Uint8Array> | null) {
  const job = await load(importId);
  if (job.status !== "uploading" && job.status !== "ready") throw new ConflictError("This import has started; upload a file to a new import.", "import.already_started");
  if (!body) throw new ValidationError("Send the file's bytes as the request body.", { file: "Required." }, "import.no_file");
  const blobs = usePorts().blobs;
  const { Readable } = await import("node:stream");
  const stream = Readable.fromWeb(body as never);
  if (blobs.putStream) await blobs.putStream(job.blobKey, stream);
  else {
    const parts: Buffer[] = [];
    for await (const p of stream) parts.push(Buffer.from(p as Uint8Array));
    await blobs.put(job.blobKey, Buffer.concat(parts));
  }
  return (await analyze(importId)).job;
}

async function openFile(job: ImportJobItem) {
  const blobs = usePorts().blobs;
  const stream = blobs.getStream ? await blobs.getStream(job.blobKey) : await blobs.get(job.blobKey).then(async (b) => (b ? (await import("node:stream")).Readable.from([b]) : undefined));
  if (!stream) throw new ValidationError("Upload the file first.", { file: "Not uploaded yet." }, "import.no_file");
  return stream;
}

/** The rows of a job's file as a stream (the header first), by the encoding and delimiter found at analysis. */
export async function openRows(job: ImportJobItem) {
  return ImportRead.rows(await openFile(job), job.format ?? "csv", job.encoding ?? "utf-8", job.delimiter ?? ",");
}

/** The custom fields a column can go to. */
export async function customDefs(object: ImportObject): Promise<CustomDef[]> {
  return (await CustomField.definitions(object)) as CustomDef[];
}

async function readPreview(job: ImportJobItem, max = PREVIEW_ROWS) {
  let headers: string[] | undefined;
  const rows: Array<{ row: number; cells: string[] }> = [];
  let n = 1;
  for await (const cells of await openRows(job)) {
    if (!headers) headers = cells.map((c) => c.trim());
    else rows.push({ row: ++n, cells });
    if (rows.length >= max) break;
  }
  return { headers: headers ?? [], rows };
}

/** Each preview row's problems under `mapping`, the domain's custom-field validation included. */
async function check(job: ImportJobItem, headers: string[], rows: Array<{ row: number; cells: string[] }>, mapping: Array<string | null>) {
  const settings = await Tenant.settings();
  const custom = await customDefs(job.object);
  const out = [];
  for (const r of rows) {
    const res = ImportMapping.toInput(job.object, r.cells, mapping, { columns: headers.length, region: settings.phoneRegion, currency: settings.currency, custom });
    const problems = [...res.problems];
    if (res.input.custom) {
      try {
        await CustomField.validate(job.object, res.input.custom);
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
        for (const [field, message] of Object.entries(err.fields ?? { custom: err.message })) problems.push({ code: `${job.object}.${field}_invalid`, field, message });
      }
    }
    // Long cells are cut for the preview only; the import reads them whole.
    out.push({ row: r.row, cells: r.cells.map((c) => (c.length > 200 ? c.slice(0, 200) + "…" : c)), problems });
  }
  return out;
}

/** Rows to expect, for the progress bar: counted by a parse-only pass, estimated from the sample past 20 MB. */
async function countRows(job: ImportJobItem, sampleBytes: number, sample: Array<{ row: number }>): Promise<number> {
  if (job.size > 20 * 1024 * 1024 && sample.length) return Math.round((sample.length * job.size) / Math.min(sampleBytes, job.size));
  let n = -1;
  for await (const _ of await openRows(job)) n++;
  return Math.max(0, n);
}

/**
 * Reads the start of the uploaded file: format, encoding, delimiter and headers (saved on the job), the
 * suggested mapping (the tenant's last choice for the same headers first), and a preview of the first rows.
 */
export async function analyze(importId: string) {
  const job = await load(importId);
  if (job.status !== "uploading" && job.status !== "ready") throw new ConflictError("This import has started already.", "import.already_started");
  const head = await ImportRead.readHead(await openFile(job));
  if (!head.length) throw new ValidationError("The file is empty.", { file: "Empty." }, "import.empty_file");
  const format = ImportRead.formatOf(head);
  const encoding = format === "csv" ? ImportRead.detectEncoding(head) : "utf-8";
  const delimiter = format === "csv" ? ImportRead.detectDelimiter(ImportRead.decodeSample(head, encoding)) : ",";
  let read: Awaited<ReturnType<typeof readPreview>>;
  try {
    read = await readPreview({ ...job, format, encoding, delimiter });
  } catch (err) {
    if (err instanceof DomainError) throw err;
    throw new ValidationError("The file cannot be read as CSV or XLSX.", { file: "Unreadable." }, "import.unreadable");
  }
  if (!read.headers.length) throw new ValidationError("The file has no header row.", { file: "No header." }, "import.empty_file");
  const custom = await customDefs(job.object);
  const { data: remembered } = await ImportMappingEntity.get({ tenantId: job.tenantId, object: job.object }).go();
  const suggestion = ImportMapping.suggest(read.headers, job.object, custom, (remembered?.fields as Record<string, string>) ?? {});
  const totalRows = await countRows({ ...job, format, encoding, delimiter }, head.length, read.rows);
  const { data: updated } = await ImportJobEntity.patch({ tenantId: job.tenantId, importId })
    .set({ totalRows, format, encoding, delimiter, headers: read.headers.map((h) => h.slice(0, 200)), status: "ready", updatedAt: now().toISOString() })
    .where((a, op) => `${op.eq(a.status, "uploading")} OR ${op.eq(a.status, "ready")}`)
    .go({ response: "all_new" });
  const next = updated as ImportJobItem;
  return {
    job: present(next),
    fields: [
      ...Object.keys(ImportMapping.FIELDS[job.object]).map((key) => ({ key, custom: false })),
      ...custom.map((d) => ({ key: `custom.${d.key}`, custom: true, labels: d.labels })),
    ],
    suggestion,
    preview: await check(next, read.headers, read.rows, suggestion),
  };
}

function checkMapping(job: ImportJobItem, mapping: Array<string | null>, custom: CustomDef[]) {
  const headers = job.headers ?? [];
  const valid = new Set(ImportMapping.fieldKeys(job.object, custom));
  const fields: Record<string, string> = {};
  if (mapping.length > headers.length) fields.mapping = `The file has ${headers.length} columns.`;
  const seen = new Set<string>();
  mapping.forEach((m, i) => {
    if (!m) return;
    if (!valid.has(m)) fields[`mapping.${i}`] = "Unknown field.";
    else if (seen.has(m)) fields[`mapping.${i}`] = "Mapped twice.";
    seen.add(m);
  });
  const named = seen.has("name") || seen.has("firstName") || seen.has("lastName");
  if (!named && !Object.keys(fields).length) fields.mapping = "Map a column to the name.";
  if (Object.keys(fields).length) throw new ValidationError("Check the mapping.", fields, "import.mapping_invalid");
}

/** The preview under a mapping the user is choosing. */
export async function preview(importId: string, raw: unknown) {
  const input = parse(PreviewInput, raw);
  const job = await load(importId);
  if (job.status === "uploading") throw new ValidationError("Upload the file first.", { file: "Not uploaded yet." }, "import.no_file");
  const read = await readPreview(job);
  return { rows: await check(job, read.headers, read.rows, input.mapping) };
}
export const PreviewResponse = z.object({ rows: z.array(PreviewRow) });

/** Starts the background run: saves the mapping (remembered for the next import) and queues chunk 0. */
export async function start(importId: string, raw: unknown) {
  const input = parse(StartInput, raw);
  const job = await load(importId);
  if (job.status === "uploading") throw new ValidationError("Upload the file first.", { file: "Not uploaded yet." }, "import.no_file");
  if (job.status !== "ready") throw new ConflictError("This import has started already.", "import.already_started");
  checkMapping(job, input.mapping, await customDefs(job.object));
  const tenantId = useTenant();
  const at = now().toISOString();
  const remembered: Record<string, string> = {};
  (job.headers ?? []).forEach((h, i) => {
    const f = input.mapping[i];
    if (f) remembered[ImportMapping.normalizeHeader(h)] = f;
  });
  const mapping = (job.headers ?? []).map((_, i) => input.mapping[i] ?? "");
  await new Tx(tenantId)
    .add(
      () => ImportJobEntity.patch({ tenantId, importId }).set({ status: "running", mapping, duplicateMode: input.duplicateMode, updatedAt: at }).where((a, op) => op.eq(a.status, "ready")),
      () => new ConflictError("This import has started already.", "import.already_started"),
    )
    .add(() => DueEntity.put({ queue: DUE_QUEUE, dueAt: job.createdAt, tenantId, recordId: importId }))
    .add(() => ImportMappingEntity.put({ tenantId, object: job.object, fields: remembered, updatedAt: at }))
    .audit({ action: "import.started", recordType: "import", recordId: importId, after: { mapping, duplicateMode: input.duplicateMode } })
    .event("import.started", { importId, object: job.object })
    .run();
  await ImportQueue.dispatch({ tenantId, importId, chunk: 0 });
  return present({ ...job, status: "running", mapping, duplicateMode: input.duplicateMode, updatedAt: at });
}

/** Stops a job; the chunk being written finishes, no further chunk starts. */
export async function cancel(importId: string) {
  const job = await load(importId);
  if (job.status === "done" || job.status === "cancelled" || job.status === "failed") return present(job);
  const tenantId = useTenant();
  const at = now().toISOString();
  await new Tx(tenantId)
    .add(
      () => ImportJobEntity.patch({ tenantId, importId }).set({ status: "cancelled", finishedAt: at, updatedAt: at }).where((a, op) => op.eq(a.status, job.status)),
      () => new ConflictError("The import changed meanwhile; reload it.", "conflict"),
    )
    .add(() => DueEntity.delete({ queue: DUE_QUEUE, dueAt: job.createdAt, tenantId, recordId: importId }))
    .audit({ action: "import.cancelled", recordType: "import", recordId: importId })
    .event("import.cancelled", { importId })
    .run();
  return present((await ImportJobEntity.get({ tenantId, importId }).go()).data!);
}

export async function get(importId: string) {
  return present(await load(importId));
}

/** The newest imports of the workspace the actor may see (contacts and companies by scope). */
export async function list(raw: unknown) {
  const query = parse(ListQuery, raw ?? {});
  const { data } = await ImportJobEntity.query.primary({ tenantId: useTenant() }).go({ order: "desc", count: query.limit ?? 20 });
  const allowed = (j: ImportJobItem) => {
    try {
      assertScope(scopeOf(j.object));
      return true;
    } catch {
      return false;
    }
  };
  return { items: data.filter(allowed).map(present) };
}

/** A cell that begins like a formula is prefixed with ' so a spreadsheet shows it as text (CSV injection). */
export function safeCell(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/**
 * The error report: a UTF-8 CSV with a BOM (so Excel reads Chinese), one line per row that was not
 * written or was skipped as a duplicate: its row number, reason code, message and the original cells.
 * Read a page at a time, so a report of many rows is never held whole.
 */
export async function errorReport(importId: string): Promise<ReadableStream<Uint8Array>> {
  const job = await load(importId);
  const tenantId = useTenant();
  const header = ["row", "reason", "message", ...(job.headers ?? [])];
  let cursor: string | null | undefined;
  let first = true;
  const enc = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (first) {
        first = false;
        controller.enqueue(enc.encode("\uFEFF" + stringify([header])));
        return;
      }
      if (cursor === null) return controller.close();
      const page = await ImportErrorEntity.query.primary({ tenantId, importId }).go({ cursor: cursor ?? undefined, count: 500 });
      cursor = page.cursor;
      if (page.data.length) controller.enqueue(enc.encode(stringify(page.data.map((e) => [String(e.row), e.reason, e.message ?? "", ...(e.cells ?? []).map(safeCell)]))));
      if (!page.cursor) {
        cursor = null;
        controller.close();
      }
    },
  });
}
