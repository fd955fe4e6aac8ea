import ExcelJS from "exceljs";
import Papa from "papaparse";
import { expect } from "vitest";
import { app, type Client } from "./api";

/** A raw download: the bytes and headers (content type and disposition at hand), as a browser saves them. */
export async function download(client: Client, path: string, headers: Record<string, string> = {}) {
  const res = await app.request(path, { headers: { cookie: client.cookie, ...headers } }, { incoming: { socket: { remoteAddress: client.ip } } });
  const bytes = Buffer.from(await res.arrayBuffer());
  return { status: res.status, headers: res.headers, type: res.headers.get("content-type"), disposition: res.headers.get("content-disposition"), bytes };
}

/** The rows of a CSV export, after checking it starts with the UTF-8 byte-order mark Excel needs. */
export function csvRows(bytes: Buffer): string[][] {
  const text = bytes.toString("utf8");
  expect(text.charCodeAt(0)).toBe(0xfeff);
  return Papa.parse<string[]>(text.slice(1), { skipEmptyLines: true }).data;
}

/** The rows of an XLSX export's first sheet. */
export async function xlsxRows(bytes: Buffer): Promise<unknown[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as never);
  const rows: unknown[][] = [];
  wb.worksheets[0].eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
}
