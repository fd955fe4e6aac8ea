import { z } from "zod";
import { assertScope, useTenant } from "../actor";
import { MembershipEntity } from "../db/membership";
import { SlaStatEntity, type SlaStatItem } from "../db/sla-stat";
import { ValidationError } from "../errors";
import { now } from "../ports";
import { parse } from "../validation";
import { BUCKETS, METRIC_CODES, percentile } from "./sla-buckets";
import { SlaConfig } from "./sla-config";

export * as SlaReport from "./sla-report";

const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "Use YYYY-MM.");
export const SlaReportQuery = z.strictObject({
  from: Month.optional(),
  to: Month.optional(),
  by: z.enum(["policy", "priority", "agent"]).default("policy"),
});

type Totals = Record<string, number>;
const MAX_MONTHS = 24;

function months(from: string, to: string): string[] {
  const out: string[] = [];
  let [y, m] = from.split("-").map(Number);
  const [ty, tm] = to.split("-").map(Number);
  while (y < ty || (y === ty && m <= tm)) {
    out.push(`${y}-${String(m).padStart(2, "0")}`);
    if (++m > 12) { m = 1; y++; }
    if (out.length > MAX_MONTHS) throw new ValidationError(`Ask for at most ${MAX_MONTHS} months.`, { from: "Range too long." });
  }
  return out;
}

function metrics(t: Totals) {
  return Object.fromEntries(
    Object.entries(METRIC_CODES).map(([metric, code]) => {
      const met = t[`${code}_met`] ?? 0;
      const breached = t[`${code}_breached`] ?? 0;
      const counts = BUCKETS.map((_, i) => t[`${code}_b${i}`] ?? 0);
      return [metric, { met, breached, compliance: met + breached ? met / (met + breached) : null, p50Minutes: percentile(counts, 0.5), p90Minutes: percentile(counts, 0.9) }];
    }),
  );
}

function addInto(target: Totals, item: SlaStatItem) {
  for (const [k, v] of Object.entries(item)) if (typeof v === "number" && /_(met|breached|b\d+)$/.test(k)) target[k] = (target[k] ?? 0) + v;
}

/**
 * SLA compliance and response-time percentiles per policy, priority or agent, and per month. Reads one
 * partition per month (its items are one per dimension), however many tickets there were.
 */
export async function get(raw: unknown) {
  assertScope("reports:read");
  const q = parse(SlaReportQuery, raw ?? {});
  const to = q.to ?? now().toISOString().slice(0, 7);
  const from = q.from ?? to;
  if (from > to) throw new ValidationError("`from` is after `to`.", { from: "After to." });
  const tenantId = useTenant();
  const list = months(from, to);
  const perMonth = await Promise.all(list.map((month) => SlaStatEntity.query.primary({ tenantId, month }).go({ pages: "all" }).then((r) => r.data)));
  const rows = new Map<string, Totals>();
  const monthRows = list.map((month, i) => {
    const totals: Totals = {};
    for (const item of perMonth[i]) {
      if (item.dimension === "all") addInto(totals, item);
      else if (item.dimension.startsWith(`${q.by}#`)) {
        const key = item.dimension.slice(q.by.length + 1);
        addInto(rows.get(key) ?? rows.set(key, {}).get(key)!, item);
      }
    }
    return { month, metrics: metrics(totals) };
  });
  const labels = await labelsFor(q.by, [...rows.keys()]);
  return {
    from, to, by: q.by,
    rows: [...rows.entries()].map(([key, t]) => ({ key, label: labels.get(key) ?? key, metrics: metrics(t) })).sort((a, b) => a.label.localeCompare(b.label)),
    months: monthRows,
  };
}

async function labelsFor(by: string, keys: string[]): Promise<Map<string, string>> {
  if (by === "policy") {
    const { policies } = await SlaConfig.load();
    return new Map(policies.map((p) => [p.policyId, p.name]));
  }
  if (by === "agent") {
    const { data } = await MembershipEntity.query.primary({ tenantId: useTenant() }).go({ pages: "all" });
    return new Map(data.map((m) => [m.userId, m.name]));
  }
  return new Map(keys.map((k) => [k, k]));
}
