import { stringify } from "csv-stringify/sync";
import { strToU8, Zip, ZipDeflate, ZipPassThrough } from "fflate";

export * as ExportZip from "./tenant-export-zip";

/** The record types that also get a CSV file, with their columns before the custom fields. */
export const CSV_COLUMNS: Record<string, string[]> = {
  contact: ["contactId", "name", "email", "phone", "title", "companyId", "tags", "ownerId", "shared", "birthday", "language", "externalId", "createdAt", "updatedAt"],
  company: ["companyId", "name", "domain", "phone", "industry", "tags", "ownerId", "shared", "createdAt", "updatedAt"],
  deal: ["dealId", "title", "pipelineId", "stageId", "status", "amount", "currency", "contactId", "companyId", "ownerId", "closeDate", "source", "tags", "wonReason", "lostReason", "closedAt", "createdAt", "updatedAt"],
  ticket: ["ticketId", "number", "subject", "status", "priority", "requesterId", "requesterEmail", "requesterName", "assigneeId", "groupId", "companyId", "channel", "tags", "solvedAt", "createdAt", "updatedAt"],
};

const CSV_FILES: Record<string, string> = { contact: "contacts.csv", company: "companies.csv", deal: "deals.csv", ticket: "tickets.csv" };

/** What never leaves the system, even in the tenant's own export: secrets and their hashes. */
const SECRET_FIELDS = new Set(["tokenHash", "passwordHash", "secret", "signingSecret", "replyToken"]);
/**
 * Items that are machinery, not data: sessions and link tokens, rate limits, idempotency keys, the due
 * index, and the search and unique-rule items derived from the records (rebuilt from them on any import).
 */
const SKIPPED_ENTITIES = new Set(["lookup", "due", "user", "search", "unique"]);

export function exportable(entity: string, item: Record<string, unknown>): Record<string, unknown> | undefined {
  if (SKIPPED_ENTITIES.has(entity)) return undefined;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(item)) if (!SECRET_FIELDS.has(k)) out[k] = v;
  return out;
}

/** A spreadsheet must not run a cell as a formula: such cells get a leading quote (the JSONL keeps the exact value). */
export function cell(value: unknown): string {
  if (value === undefined || value === null) return "";
  const text = Array.isArray(value) ? value.join(", ") : typeof value === "object" ? JSON.stringify(value) : String(value);
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** One CSV row: the fixed columns, then one column per custom field key, then any other custom values as JSON. */
export function csvRow(entity: string, item: Record<string, unknown>, customKeys: string[]): string[] {
  const custom = (item.custom ?? {}) as Record<string, unknown>;
  const rest = Object.fromEntries(Object.entries(custom).filter(([k]) => !customKeys.includes(k)));
  return [
    ...CSV_COLUMNS[entity].map((c) => cell(item[c])),
    ...customKeys.map((k) => cell(custom[k])),
    Object.keys(rest).length ? JSON.stringify(rest) : "",
  ];
}

export function csvHeader(entity: string, customKeys: string[]): string[] {
  return [...CSV_COLUMNS[entity], ...customKeys.map((k) => `custom.${k}`), "custom.other"];
}

/** A file name safe inside a zip (no folders, no control characters). */
export function safeName(name: string): string {
  return (name.replace(/[\\/\x00-\x1f:*?"<>|]+/g, "_").replace(/^\.+/, "_").slice(0, 120)) || "file";
}

/**
 * The export archive, written as the scan goes: one deflated JSON Lines file per entity type and one CSV
 * per record type, opened when the first item of that type arrives. fflate emits the compressed archive in
 * chunks; files after the first are held compressed until the earlier ones end, so memory follows the
 * compressed size, not the raw data.
 */
export class Archive {
  private readonly chunks: Uint8Array[] = [];
  private readonly zip: Zip;
  private readonly files = new Map<string, ZipDeflate>();
  private readonly done: Promise<void>;
  private bytes = 0;

  constructor(private readonly customKeys: Record<string, string[]> = {}) {
    let resolve!: () => void;
    let reject!: (err: Error) => void;
    this.done = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
    this.zip = new Zip((err, data, final) => {
      if (err) return reject(err);
      this.chunks.push(data);
      this.bytes += data.length;
      if (final) resolve();
    });
  }

  private file(name: string, header?: string): ZipDeflate {
    let f = this.files.get(name);
    if (!f) {
      f = new ZipDeflate(name, { level: 6 });
      this.zip.add(f);
      this.files.set(name, f);
      if (header) f.push(strToU8(header));
    }
    return f;
  }

  /** Adds items of one page; returns how many went in. */
  addItems(entity: string, items: Record<string, unknown>[]): void {
    const lines = items.map((i) => JSON.stringify(i)).join("\n") + "\n";
    this.file(`data/${safeName(entity)}.jsonl`).push(strToU8(lines));
    if (CSV_COLUMNS[entity]) {
      const keys = this.customKeys[entity] ?? [];
      const csv = stringify(items.map((i) => csvRow(entity, i, keys)));
      // The BOM lets spreadsheet programs read the UTF-8 (Chinese names) correctly.
      this.file(`csv/${CSV_FILES[entity]}`, "\ufeff" + stringify([csvHeader(entity, keys)])).push(strToU8(csv));
    }
  }

  /** A blob as it is (attachments and raw mail are mostly compressed already). */
  addBlob(path: string, body: Uint8Array): void {
    const f = new ZipPassThrough(path);
    this.zip.add(f);
    f.push(body, true);
  }

  addJson(path: string, value: unknown): void {
    const f = new ZipDeflate(path, { level: 6 });
    this.zip.add(f);
    f.push(strToU8(JSON.stringify(value, null, 2)), true);
  }

  async finish(): Promise<Buffer> {
    for (const f of this.files.values()) f.push(new Uint8Array(0), true);
    this.zip.end();
    await this.done;
    return Buffer.concat(this.chunks, this.bytes);
  }
}
