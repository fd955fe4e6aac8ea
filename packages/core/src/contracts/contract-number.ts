import { DateTime } from "luxon";

export * as ContractNumber from "./contract-number";

/**
 * Contract numbers from a pattern such as `HT-{yyyyMM}-{seq}` or `{yy}{MM}{dd}-{seq:3}`. The sequence resets
 * per period (never, yearly, monthly, daily, in the tenant's zone) and is drawn from one counter per period, so
 * a number is never reused; the pattern must carry the date parts of its reset period, otherwise two periods
 * would print the same numbers.
 */
export type Reset = "never" | "yearly" | "monthly" | "daily";

const TOKEN = /\{(yyyyMMdd|yyyyMM|yyyy|yy|MM|dd|seq(?::(\d))?)\}/g;

export type PatternProblem = "pattern.no_seq" | "pattern.many_seq" | "pattern.unknown_token" | "pattern.missing_date_parts" | "pattern.too_long";

/** Why a pattern cannot serve with this reset, or undefined if it can. */
export function problem(pattern: string, reset: Reset): PatternProblem | undefined {
  if (pattern.length > 60) return "pattern.too_long";
  const tokens = [...pattern.matchAll(TOKEN)].map((m) => m[1]);
  const rest = pattern.replace(TOKEN, "");
  if (/[{}]/.test(rest)) return "pattern.unknown_token";
  const seqs = tokens.filter((t) => t.startsWith("seq")).length;
  if (seqs === 0) return "pattern.no_seq";
  if (seqs > 1) return "pattern.many_seq";
  const has = (part: "y" | "M" | "d") => tokens.some((t) => t !== "seq" && !t.startsWith("seq") && t.includes(part));
  const needs: Record<Reset, Array<"y" | "M" | "d">> = { never: [], yearly: ["y"], monthly: ["y", "M"], daily: ["y", "M", "d"] };
  if (needs[reset].some((p) => !has(p))) return "pattern.missing_date_parts";
  // Two-digit years repeat after a century; accepted, as every Chinese CRM does.
  return undefined;
}

/** The counter a number is drawn from: one per reset period. */
export function periodKey(reset: Reset, at: Date, zone: string): string {
  const d = DateTime.fromJSDate(at, { zone });
  if (reset === "yearly") return d.toFormat("yyyy");
  if (reset === "monthly") return d.toFormat("yyyy-MM");
  if (reset === "daily") return d.toFormat("yyyy-MM-dd");
  return "all";
}

/** The number for sequence value `seq` (1-based) at `at` in `zone`. */
export function render(pattern: string, at: Date, zone: string, seq: number): string {
  const d = DateTime.fromJSDate(at, { zone });
  return pattern.replace(TOKEN, (_, token: string, width?: string) => {
    if (token.startsWith("seq")) return String(seq).padStart(width ? Number(width) : 4, "0");
    return d.toFormat(token);
  });
}
