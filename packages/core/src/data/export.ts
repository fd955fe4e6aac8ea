import { Readable, PassThrough } from "node:stream";
import { stringify } from "csv-stringify/sync";
import ExcelJS from "exceljs";
import { assertScope, useActor, useTenant, withActor } from "../actor";
import { AuditLog } from "../audit-log";
import { CustomField } from "../custom-field";
import { MembershipEntity } from "../db/membership";
import { now } from "../ports";
import { parse } from "../validation";
import { ExportCells, type Cell, type Lang } from "./export-cells";
import { type Column, ExportColumns, type Names, type ObjectType, type Row } from "./export-columns";

export * as Export from "./export";

/** Rows read per page of the list query: a page is read, written out and dropped before the next. */
export const PAGE = 100;

export interface Download {
  filename: string;
  contentType: string;
  body: ReadableStream<Uint8Array>;
}

type Definition = { key: string; type?: string; label?: string; labels?: Partial<Record<string, string>> };

/** Custom fields as trailing columns, headed by their label in the requester's language (the key otherwise). */
function customColumns(definitions: Definition[], lang: Lang): Column[] {
  return definitions.map((d) => {
    const label = d.labels?.[lang] || d.labels?.[lang === "en" ? "zh-CN" : "en"] || d.label || d.key;
    return { key: `custom.${d.key}`, en: label, zh: label, value: (r: Row) => (r.custom as Record<string, unknown> | undefined)?.[d.key] };
  });
}

async function memberNames(): Promise<Names> {
  const { data } = await MembershipEntity.query.primary({ tenantId: useTenant() }).go({ pages: "all" });
  return new Map(data.map((m) => [m.userId, m.name ?? m.email]));
}

async function definitionsOf(object: ObjectType): Promise<Definition[]> {
  if (object === "lead") return [];
  const defs = (await CustomField.definitions(object)) as Definition[];
  return defs.filter((d) => !(d as { deletedAt?: string }).deletedAt);
}

/**
 * Exports a list view with its filters as CSV (UTF-8 with a BOM, so Excel reads Chinese right) or XLSX.
 * The filters are validated and the first page read before anything is sent, so bad input is a 400 and
 * never a broken file; the rest streams a page at a time through the list's own query, which applies
 * the actor's visibility. The export is audited (`<object>.exported`) with its filters.
 */
export async function open(object: ObjectType, raw: unknown, acceptLanguage?: string): Promise<Download> {
  const spec = ExportColumns.Specs[object];
  assertScope(spec.scope);
  const { format, lang: asked, ...filters } = parse(ExportColumns.Queries[object] as never, raw ?? {}) as Record<string, unknown> & { format: "csv" | "xlsx"; lang?: Lang };
  const lang = ExportCells.language(asked, acceptLanguage);
  const tenantId = useTenant();
  const actor = useActor();
  const [names, definitions, first] = await Promise.all([memberNames(), definitionsOf(object), spec.list(filters, undefined, PAGE)]);
  const columns = [...spec.columns(names), ...customColumns(definitions, lang)];
  const header = columns.map((c) => ExportCells.escape(lang === "zh-CN" ? c.zh : c.en));
  await AuditLog.record(tenantId, { action: `${object}.exported`, recordType: object, recordId: tenantId, after: { format, filters } });

  // The stream is read after the handler returned, outside the request's actor: each page runs inside it again.
  // The next page is read while the current one is written out: one page ahead, never more in memory.
  const read = (cursor: string | null) => (cursor ? withActor(actor, () => spec.list(filters, cursor, PAGE)) : Promise.resolve(null));
  let current: Promise<{ items: Row[]; cursor: string | null } | null> = Promise.resolve(first);
  const pageRows = async (): Promise<Cell[][] | null> => {
    const page = await current;
    if (!page) return null;
    current = read(page.cursor);
    current.catch(() => undefined); // surfaced by the next call's await
    if (spec.enrich) await withActor(actor, () => spec.enrich!(page.items));
    return page.items.map((r) => columns.map((c) => ExportCells.cell(c.value(r))));
  };
  const day = now().toISOString().slice(0, 10);
  const filename = `${lang === "zh-CN" ? spec.file.zh : spec.file.en}-${day}.${format}`;
  if (format === "csv") return { filename, contentType: "text/csv; charset=utf-8", body: csvStream(header, pageRows) };
  return { filename, contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body: xlsxStream(header, pageRows, spec.file[lang === "zh-CN" ? "zh" : "en"]) };
}

/** CSV pulled a page at a time: the consumer's pace decides when the next page is read. */
export function csvStream(header: string[], pageRows: () => Promise<Cell[][] | null>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let started = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode("\ufeff" + stringify([header])));
        return;
      }
      // A pull that enqueues nothing is not called again: skip empty pages (a filtered board column).
      for (;;) {
        const rows = await pageRows();
        if (!rows) return controller.close();
        // Typed cells: csv-stringify writes booleans as 1/"" by default; "true"/"false" read better.
        if (rows.length) return controller.enqueue(encoder.encode(stringify(rows, { cast: { boolean: (b) => String(b) } })));
      }
    },
  });
}

/**
 * XLSX through exceljs's streaming writer: each row is committed (serialized into the zip) as it is added,
 * and the producer waits for the response to drain before reading the next page.
 */
export function xlsxStream(header: string[], pageRows: () => Promise<Cell[][] | null>, sheetName: string): ReadableStream<Uint8Array> {
  const out = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet(sheetName, { views: [{ state: "frozen", ySplit: 1 }] });
  const produce = async () => {
    const head = sheet.addRow(header);
    head.font = { bold: true };
    head.commit();
    for (let rows = await pageRows(); rows; rows = await pageRows()) {
      for (const r of rows) sheet.addRow(r).commit();
      if (out.writableNeedDrain) await new Promise((resolve) => out.once("drain", resolve));
    }
    sheet.commit();
    await workbook.commit();
  };
  produce().catch((err) => out.destroy(err as Error));
  return Readable.toWeb(out) as unknown as ReadableStream<Uint8Array>;
}
