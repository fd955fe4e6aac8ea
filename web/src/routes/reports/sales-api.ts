import { call } from "../../api";
import type { StageKind } from "../../lib/sales-api";

/** The sales report and goals resources of the API client (types mirror packages/core/src/sales). */
export interface Summary {
  leads: number; created: number; createdAmount: number; won: number; wonAmount: number; lost: number; lostAmount: number;
  winRate: number | null; averageDealSize: number | null; averageCycleDays: number | null;
}
export type ComparedMetric = keyof Summary;
export interface FullSalesReport {
  pipeline: { pipelineId: string; name: string; currency: string };
  from: string; to: string;
  summary: Summary;
  previous: { from: string; to: string; summary: Summary };
  comparison: { metric: ComparedMetric; current: number | null; previous: number | null; change: number | null; changeRatio: number | null }[];
  funnel: { stageId: string; name: string; kind: StageKind; entered: number; reached: number; conversion: number | null }[];
  byOwner: { ownerId: string; name: string; won: number; wonAmount: number; lost: number; winRate: number | null }[];
  byTeam: { teamId: string; name: string; won: number; wonAmount: number; lost: number; winRate: number | null }[];
  bySource: { source: string | null; leads: number; created: number; createdAmount: number; won: number; wonAmount: number; lost: number; winRate: number | null; wonPerLead: number | null }[];
  months: (Omit<Summary, "leads"> & { month: string; leads: number })[];
  pipelineValue: {
    stages: { stageId: string; name: string; kind: StageKind; probability: number; count: number; amount: number; weighted: number }[];
    open: { count: number; amount: number; weighted: number };
  };
}

export type GoalMetric = "wonAmount" | "wonDeals" | "newLeads" | "activities" | "collectedAmount";
/** In the order the goals page shows them: 回款 (collected) beside won amount. */
export const GOAL_METRICS: GoalMetric[] = ["wonAmount", "collectedAmount", "wonDeals", "newLeads", "activities"];
/** Metrics counted in money (minor units). */
export const isAmountMetric = (m: GoalMetric) => m === "wonAmount" || m === "collectedAmount";
export interface Goal {
  goalId: string; subjectType: "user" | "team"; subjectId: string; subjectName: string; metric: GoalMetric; period: string; target: number;
  pipelineId: string | null; version: number; previousPeriod: string;
  progress: { value: number; target: number; ratio: number; previous: number; change: number; changeRatio: number | null; reached: boolean };
  activities?: { notes: number; tasks: number; replies: number };
}
export interface GoalInput { subjectType: "user" | "team"; subjectId: string; metric: GoalMetric; period: string; target: number; pipelineId?: string }

const qs = (params: object) => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== "") p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : "";
};
const id = encodeURIComponent;

export const reportsApi = {
  sales: (params: { pipelineId?: string; from?: string; to?: string }) => call<FullSalesReport>("GET", `/reports/sales${qs(params)}`),
  /** Where the browser downloads the CSV (a plain link: the session cookie goes along). */
  salesCsvUrl: (params: { pipelineId?: string; from?: string; to?: string; lang?: string }) => `/api/reports/sales.csv${qs(params)}`,
  goalsCsvUrl: (params: { period?: string; lang?: string }) => `/api/reports/goals.csv${qs(params)}`,
  goals: {
    list: (period?: string) => call<{ period: string; previous: string; items: Goal[] }>("GET", `/goals${qs({ period })}`),
    create: (input: GoalInput) => call<Goal>("POST", "/goals", input),
    update: (goalId: string, input: { version: number; target: number }) => call<Goal>("PATCH", `/goals/${id(goalId)}`, input),
    remove: (goalId: string) => call<void>("DELETE", `/goals/${id(goalId)}`),
  },
};
