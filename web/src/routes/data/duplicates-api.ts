import { call } from "../../api";

export type DupObject = "contact" | "company";
export type Rule = "email" | "phone" | "name" | "pinyin";
export interface DupRecord {
  id: string; name: string; email: string | null; phone: string | null; companyId: string | null; domain: string | null;
  tags: string[]; custom: Record<string, unknown>; version: number; updatedAt: string;
}
export interface DupGroup { groupId: string; reasons: Rule[]; confidence: number; records: DupRecord[] }
export interface Scan { object: DupObject; runId: string; status: "running" | "done" | "failed"; processed: number; total: number; groups: number; startedAt: string; finishedAt: string | null }
export interface Match { id: string; name: string; reasons: Rule[]; confidence: number; link: string }

/** The duplicates area's client: scans, groups, the pre-save check and merges. */
export const dedupeApi = {
  groups: (object: DupObject, cursor?: string) =>
    call<{ scan: Scan | null; items: DupGroup[]; cursor: string | null }>("GET", `/duplicates?${new URLSearchParams({ object, ...(cursor ? { cursor } : {}) })}`),
  scan: (object: DupObject) => call<{ scan: Scan }>("POST", "/duplicates/scan", { object }),
  scanStatus: (object: DupObject) => call<{ scan: Scan | null }>("GET", `/duplicates/scan?object=${object}`),
  check: (q: { object: DupObject; name?: string; email?: string; phone?: string; companyId?: string; excludeId?: string }) => {
    const params = Object.fromEntries(Object.entries(q).filter(([, v]) => v)) as Record<string, string>;
    return call<{ matches: Match[] }>("GET", `/duplicates/check?${new URLSearchParams(params)}`);
  },
  merge: (input: { object: DupObject; survivorId: string; mergedIds: string[]; fields: Record<string, string> }) =>
    call<{ survivorId: string; record: Record<string, unknown> }>("POST", "/merge", input),
};
