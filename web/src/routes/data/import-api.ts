import { ApiError, call } from "../../api";

/** The import resource of the API (the page's own client; the shapes mirror packages/core/src/data/import.ts). */
export type ImportObject = "contact" | "company";
export type DuplicateMode = "skip" | "update" | "create";
export interface ImportJob {
  importId: string; object: ImportObject; fileName: string; size: number;
  status: "uploading" | "ready" | "running" | "done" | "cancelled" | "failed";
  format: string | null; encoding: string | null; delimiter: string | null; headers: string[]; mapping: Array<string | null>;
  duplicateMode: DuplicateMode | null; totalRows: number | null; rowsDone: number; created: number; updated: number; skipped: number; failed: number;
  error: string | null; createdAt: string; updatedAt: string; finishedAt: string | null;
}
export interface PreviewRow { row: number; cells: string[]; problems: Array<{ code: string; field?: string; message: string }> }
export interface ImportField { key: string; custom: boolean; labels?: { en?: string; "zh-CN"?: string } }
export interface Analysis { job: ImportJob; fields: ImportField[]; suggestion: Array<string | null>; preview: PreviewRow[] }

export const importsApi = {
  list: () => call<{ items: ImportJob[] }>("GET", "/imports"),
  get: (id: string) => call<ImportJob>("GET", `/imports/${id}`),
  create: (input: { object: ImportObject; fileName: string; size: number }) =>
    call<{ job: ImportJob; upload: { method: "PUT"; url: string; direct: boolean } }>("POST", "/imports", input),
  /** PUTs the file's bytes where the API said: a presigned S3 URL on AWS, the API itself locally. */
  async upload(url: string, file: Blob) {
    const res = await fetch(url, { method: "PUT", body: file, credentials: url.startsWith("/") ? "same-origin" : "omit", headers: { "content-type": "application/octet-stream" } });
    if (!res.ok) {
      const json = await res.json().catch(() => ({}));
      throw new ApiError(res.status, json?.error?.code ?? "unknown", json?.error?.message ?? res.statusText, json?.error?.fields);
    }
  },
  analyze: (id: string) => call<Analysis>("POST", `/imports/${id}/analyze`),
  preview: (id: string, mapping: Array<string | null>) => call<{ rows: PreviewRow[] }>("POST", `/imports/${id}/preview`, { mapping }),
  start: (id: string, mapping: Array<string | null>, duplicateMode: DuplicateMode) => call<ImportJob>("POST", `/imports/${id}/start`, { mapping, duplicateMode }),
  cancel: (id: string) => call<ImportJob>("POST", `/imports/${id}/cancel`),
  errorsUrl: (id: string) => `/api/imports/${id}/errors.csv`,
};
