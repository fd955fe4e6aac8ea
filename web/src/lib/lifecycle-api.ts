import { call } from "../api";

/** The lifecycle stages, in journey order (packages/core/src/data/lifecycle-rules.ts). */
export const STAGES = ["subscriber", "lead", "qualified", "opportunity", "customer", "at_risk", "churned", "won_back"] as const;
export type LifecycleStage = (typeof STAGES)[number];

export interface LifecycleOf {
  stage: LifecycleStage;
  since: string;
  history: Array<{ from: LifecycleStage; to: LifecycleStage; at: string; cause: string; reason: string | null; byType: string; byId: string }>;
}
export interface LifecycleReport {
  from: string; to: string; recordType: "contact" | "company" | "all";
  stages: Array<{ stage: LifecycleStage; contacts: number; companies: number; total: number }>;
  flows: Array<{ from: LifecycleStage; to: LifecycleStage; count: number }>;
  days: Array<{ day: string; entered: Partial<Record<LifecycleStage, number>> }>;
  timeInStage: Array<{ stage: LifecycleStage; stays: number; medianDays: number | null }>;
}

type RecordPath = "contacts" | "companies";

/** Lifecycle calls, through the one HTTP client. */
export const lifecycleApi = {
  of: (path: RecordPath, id: string) => call<LifecycleOf>("GET", `/${path}/${id}/lifecycle`),
  move: (path: RecordPath, id: string, input: { stage: LifecycleStage; reason: string; version: number }) =>
    call<{ version: number; lifecycleStage?: LifecycleStage }>("PATCH", `/${path}/${id}/lifecycle`, input),
  report: (q: { from?: string; to?: string; recordType?: string }) =>
    call<LifecycleReport>("GET", `/reports/lifecycle?${new URLSearchParams(Object.entries(q).filter(([, v]) => v) as Array<[string, string]>)}`),
};
