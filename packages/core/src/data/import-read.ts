import { isUtf8 } from "node:buffer";
import { type Duplex, type Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import chardet from "chardet";
import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import Papa from "papaparse";

export * as ImportRead from "./import-read";

/**
 * Reading an import file as a stream of rows: the encoding and delimiter are detected from a sample,
 * the bytes are decoded by iconv-lite and split by papaparse (CSV) or read by exceljs's streaming reader
 * (XLSX, first sheet). Nothing here holds more than a row (and the parsers' small buffers).
 */
export type Format = "csv" | "xlsx";

/** XLSX files are zip archives (`PK\x03\x04`); everything else is read as delimited text. */
export function formatOf(sample: Buffer): Format {
  return sample.length >= 4 && sample.readUInt32LE(0) === 0x04034b50 ? "xlsx" : "csv";
}

const CJK_LOOKALIKES = new Set(["EUC-KR", "EUC-JP", "Big5", "Shift_JIS", "ISO-2022-CN"]);

/**
 * The encoding of a text sample: a byte-order mark decides; then valid UTF-8 is UTF-8 (chardet calls
 * plain ASCII Latin-1); then chardet's best guess, preferring GB18030 (what Chinese Excel writes as
 * "ANSI") over look-alike CJK encodings, and Windows-1252 for Latin-1 (a superset Excel writes).
 */
export function detectEncoding(sample: Buffer): string {
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return "utf-8";
  if (sample[0] === 0xff && sample[1] === 0xfe) return "utf-16le";
  if (sample[0] === 0xfe && sample[1] === 0xff) return "utf-16be";
  // The sample may end inside a multi-byte character: judge it without its last three bytes.
  const body = sample.length > 4096 ? sample.subarray(0, sample.length - 3) : sample;
  if (isUtf8(body) || isUtf8(sample)) return "utf-8";
  const guesses = chardet.analyse(sample);
  const top = guesses[0];
  if (!top) return "windows-1252";
  const gb = guesses.find((g) => g.name === "GB18030");
  if (top.name === "GB18030" || (CJK_LOOKALIKES.has(top.name) && gb && gb.confidence >= 50)) return "gb18030";
  if (/^(ISO-8859-1|windows-1252)$/i.test(top.name)) return "windows-1252";
  if (top.name === "UTF-16LE" || top.name === "UTF-16BE") return top.name.toLowerCase();
  return iconv.encodingExists(top.name) ? top.name.toLowerCase() : "windows-1252";
}

/** The delimiter papaparse guesses from the first lines of the decoded sample (`,` when unsure). */
export function detectDelimiter(text: string): string {
  const cut = text.lastIndexOf("\n");
  // The sample may end mid-line: guess from whole lines only.
  const head = (cut > 0 ? text.slice(0, cut) : text).replace(/\r$/, "");
  const { meta } = Papa.parse<string[]>(head, { preview: 50, delimitersToGuess: [",", "\t", ";", "|"] });
  return meta.delimiter || ",";
}

/** Decodes a sample for display and detection (the BOM dropped). */
export function decodeSample(sample: Buffer, encoding: string): string {
  return iconv.decode(sample, encoding);
}

/** Reads up to `bytes` from the start of a stream, then lets it go. */
export async function readHead(stream: Readable, bytes = 64 * 1024): Promise<Buffer> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
    parts.push(b);
    size += b.length;
    if (size >= bytes) break;
  }
  stream.destroy();
  return Buffer.concat(parts).subarray(0, bytes);
}

/** CSV rows as arrays of cells, decoded and parsed while the bytes stream in. */
export async function* csvRows(source: Readable, encoding: string, delimiter: string): AsyncGenerator<string[]> {
  const parser = Papa.parse(Papa.NODE_STREAM_INPUT, { delimiter, skipEmptyLines: "greedy" }) as unknown as Duplex;
  const done = pipeline(source, iconv.decodeStream(encoding) as unknown as Duplex, parser).catch((err: Error) => err);
  try {
    for await (const row of parser) yield row as string[];
  } finally {
    source.destroy();
  }
  const err = await done;
  if (err instanceof Error) throw err;
}

/** The text a cell shows: formulas by their cached result, rich text joined, dates as ISO dates. */
export function cellText(v: unknown): string {
  if (v === null || v === undefined) return "";
  if (v instanceof Date) {
    const iso = v.toISOString();
    return iso.endsWith("T00:00:00.000Z") ? iso.slice(0, 10) : iso;
  }
  if (typeof v === "object") {
    const o = v as Record<string, unknown>;
    if (Array.isArray(o.richText)) return (o.richText as Array<{ text: string }>).map((t) => t.text).join("");
    if ("formula" in o || "sharedFormula" in o) return cellText(o.result);
    if ("text" in o) return cellText(o.text);
    if ("error" in o) return "";
    return "";
  }
  return String(v);
}

/** The first sheet's rows of an XLSX file, streamed (exceljs WorkbookReader). */
export async function* xlsxRows(source: Readable): AsyncGenerator<string[]> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(source, { sharedStrings: "cache", hyperlinks: "ignore", styles: "cache", worksheets: "emit", entries: "emit" });
  let width: number | undefined;
  try {
    for await (const sheet of reader) {
      for await (const row of sheet as AsyncIterable<ExcelJS.Row>) {
        const values = (row.values as unknown[]) ?? [];
        const cells: string[] = [];
        // exceljs rows are 1-based and sparse; a sheet omits trailing empty cells, so rows are padded to the header.
        for (let i = 1; i < values.length; i++) cells.push(cellText(values[i]));
        if (!cells.some((c) => c.trim() !== "")) continue;
        width ??= cells.length;
        while (cells.length < width) cells.push("");
        yield cells;
      }
      break;
    }
  } finally {
    source.destroy();
  }
}

/** Every row of a file (the header first). */
export function rows(source: Readable, format: Format, encoding: string, delimiter: string): AsyncGenerator<string[]> {
  return format === "xlsx" ? xlsxRows(source) : csvRows(source, encoding, delimiter);
}
