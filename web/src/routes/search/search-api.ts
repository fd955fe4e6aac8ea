import { call } from "../../api";

export type HitType = "contacts" | "companies" | "deals" | "tickets";
export const HIT_TYPES: HitType[] = ["contacts", "companies", "deals", "tickets"];
export interface Hit { id: string; name: string; subtitle: string | null; link: string }
export interface SearchResult { q: string; groups: Record<HitType, Hit[]> }
export interface ReindexJob { runId: string; status: "running" | "done" | "failed"; steps: number; step: number; done: number; startedAt: string; finishedAt: string | null }

/** The search area's client (GET /api/search and the reindex job). */
export const searchApi = {
  search: (q: string, limit = 5, types?: HitType[]) =>
    call<SearchResult>("GET", `/search?${new URLSearchParams({ q, limit: String(limit), ...(types ? { types: types.join(",") } : {}) })}`),
  reindex: () => call<{ job: ReindexJob | null }>("POST", "/search/reindex"),
  reindexStatus: () => call<{ job: ReindexJob | null }>("GET", "/search/reindex"),
};
