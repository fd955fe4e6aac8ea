import { call } from "../../api";

/** The work-efficiency report resource of the API client (types mirror packages/core/src/reports/efficiency.ts). */
export const KINDS = ["call", "meeting", "visit", "email"] as const;
export type Kind = (typeof KINDS)[number];

export interface Figures {
  activities: Record<Kind | "total", number>;
  dealsTouched: number;
  dealsMoved: number;
  stageChanges: number;
  ticketsHandled: number;
  firstResponse: { count: number; medianMinutes: number | null; p90Minutes: number | null };
  tasksDone: number;
  tasksOverdue: number;
}
export interface EfficiencyReport {
  from: string; to: string; today: string; timeZone: string; teamId: string | null; userId: string | null;
  teams: { teamId: string; name: string }[];
  rows: (Figures & { userId: string; name: string; teamIds: string[] })[];
  totals: Figures;
  series: (Figures & { day: string })[];
}
export interface EfficiencyParams { from?: string; to?: string; teamId?: string; userId?: string; lang?: string }

const qs = (params: object) => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== "") p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : "";
};

export const efficiencyApi = {
  get: (params: EfficiencyParams) => call<EfficiencyReport>("GET", `/reports/efficiency${qs(params)}`),
  /** Where the browser downloads the CSV (a plain link: the session cookie goes along). */
  csvUrl: (params: EfficiencyParams) => `/api/reports/efficiency.csv${qs(params)}`,
};

export type PeriodKind = "day" | "week" | "month" | "quarter" | "custom";
export const PERIODS: PeriodKind[] = ["day", "week", "month", "quarter", "custom"];

const iso = (d: Date) => d.toISOString().slice(0, 10);

/** The day, week (Monday first), month or quarter around `day` (YYYY-MM-DD), as the server counts days. */
export function periodOf(kind: Exclude<PeriodKind, "custom">, day: string): { from: string; to: string } {
  const d = new Date(`${day}T00:00:00Z`);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  if (kind === "day") return { from: day, to: day };
  if (kind === "week") {
    const monday = new Date(d.getTime() - ((d.getUTCDay() + 6) % 7) * 86400_000);
    return { from: iso(monday), to: iso(new Date(monday.getTime() + 6 * 86400_000)) };
  }
  const first = kind === "month" ? m : m - (m % 3);
  const months = kind === "month" ? 1 : 3;
  return { from: iso(new Date(Date.UTC(y, first, 1))), to: iso(new Date(Date.UTC(y, first + months, 0))) };
}

/** Today's date where the browser is (the server's report says the workspace's today). */
export function localToday(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}
