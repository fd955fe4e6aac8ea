import { z } from "zod";
import { ReportMath } from "./report-math";

export * as GoalMath from "./goal-math";

/**
 * The arithmetic of goals, on plain data: which months a goal's period covers, the period just before it,
 * and progress figures. A period is a month (`2026-11`), a quarter (`2026-Q4`) or a year (`2026`).
 */
export const Period = z.string().regex(/^\d{4}(-(0[1-9]|1[0-2])|-Q[1-4])?$/, "Use YYYY, YYYY-Qn or YYYY-MM.");
export type PeriodKind = "month" | "quarter" | "year";

export function kindOf(period: string): PeriodKind {
  return period.length === 4 ? "year" : period.includes("Q") ? "quarter" : "month";
}

/** The months (YYYY-MM) a period covers, in order. */
export function monthsOf(period: string): string[] {
  const year = Number(period.slice(0, 4));
  const kind = kindOf(period);
  if (kind === "month") return [period];
  const first = kind === "year" ? 1 : (Number(period.slice(6)) - 1) * 3 + 1;
  const count = kind === "year" ? 12 : 3;
  return Array.from({ length: count }, (_, i) => `${year}-${String(first + i).padStart(2, "0")}`);
}

/** The period of the same kind just before: 2026-01 → 2025-12, 2026-Q1 → 2025-Q4, 2026 → 2025. */
export function previousOf(period: string): string {
  const year = Number(period.slice(0, 4));
  const kind = kindOf(period);
  if (kind === "year") return String(year - 1);
  if (kind === "quarter") {
    const q = Number(period.slice(6));
    return q === 1 ? `${year - 1}-Q4` : `${year}-Q${q - 1}`;
  }
  return ReportMath.previousPeriod(period, period).from;
}

/** The period of `kind` that holds `month`. */
export function periodOf(kind: PeriodKind, month: string): string {
  if (kind === "month") return month;
  if (kind === "year") return month.slice(0, 4);
  return `${month.slice(0, 4)}-Q${Math.floor((Number(month.slice(5, 7)) - 1) / 3) + 1}`;
}

export interface Progress {
  value: number;
  target: number;
  /** value ÷ target (1 = reached; above 1 = exceeded). */
  ratio: number;
  previous: number;
  /** value − previous. */
  change: number;
  /** (value − previous) ÷ previous, or null when the previous period had nothing. */
  changeRatio: number | null;
  reached: boolean;
}

/** Progress against the target and against the period before. */
export function progress(value: number, target: number, previous: number): Progress {
  return {
    value,
    target,
    ratio: target > 0 ? value / target : 0,
    previous,
    change: value - previous,
    changeRatio: previous > 0 ? (value - previous) / previous : null,
    reached: value >= target,
  };
}

/** Sums `field` of the items whose subject is one of `subjects`, over any number of partitions. */
export function sumFor<T extends Record<string, unknown>>(items: T[], key: keyof T, subjects: Set<string>, fields: string[]): number {
  let total = 0;
  for (const item of items) {
    if (!subjects.has(String(item[key]))) continue;
    for (const f of fields) total += Number(item[f] ?? 0);
  }
  return total;
}
