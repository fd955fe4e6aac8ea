import { z } from "zod";
import { assertScope, useTenant } from "../actor";
import { LifecycleCountEntity, LifecycleStatEntity } from "../db/lifecycle";
import { UsageEntity } from "../db/usage";
import { ValidationError } from "../errors";
import { now } from "../ports";
import { parse } from "../validation";
import { LifecycleRules, STAGES, type Stage } from "./lifecycle-rules";

export * as LifecycleReport from "./lifecycle-report";

const Day = z.iso.date();
export const ReportQuery = z.strictObject({
  /** First and last day (UTC) of the period, both included; the last 30 days by default. */
  from: Day.optional(),
  to: Day.optional(),
  recordType: z.enum(["contact", "company", "all"]).default("all"),
});

/** The longest period one report reads (its counters are one item per move kind and day). */
const MAX_DAYS = 366;
const DAY = 86_400_000;

/**
 * The lifecycle report: how many contacts and companies are in each stage now (counters kept on every
 * move; subscribers are the rest of the plan's usage count), the moves between stages over the period
 * with a series per day, and the median time spent in each stage by the stays that ended in the period.
 * Reads a handful of counter items and one range of daily counters, never the records.
 */
export async function report(raw: unknown) {
  assertScope("reports:read");
  const q = parse(ReportQuery, raw ?? {});
  const today = now().toISOString().slice(0, 10);
  const to = q.to ?? today;
  const from = q.from ?? new Date(Date.parse(`${to}T00:00:00Z`) - 29 * DAY).toISOString().slice(0, 10);
  if (from > to) throw new ValidationError("The period ends before it starts.", { to: "Before `from`." });
  if ((Date.parse(to) - Date.parse(from)) / DAY >= MAX_DAYS) throw new ValidationError(`A period of at most ${MAX_DAYS} days.`, { from: "Too long a period." });
  const tenantId = useTenant();
  const types = q.recordType === "all" ? (["contact", "company"] as const) : ([q.recordType] as const);

  const [{ data: counts }, { data: usage }, { data: stats }] = await Promise.all([
    LifecycleCountEntity.query.primary({ tenantId }).go({ pages: "all" }),
    UsageEntity.get({ tenantId }).go(),
    LifecycleStatEntity.query.primary({ tenantId }).between({ day: from }, { day: `${to}~` }).go({ pages: "all" }),
  ]);

  const now_ = STAGES.map((stage) => ({ stage, contacts: 0, companies: 0 }));
  const byStage = new Map(now_.map((r) => [r.stage, r]));
  for (const c of counts) {
    const row = byStage.get(c.stage as Stage);
    if (!row || !types.includes(c.recordType as never)) continue;
    if (c.recordType === "contact") row.contacts += Math.max(0, c.count);
    else row.companies += Math.max(0, c.count);
  }
  const sub = byStage.get("subscriber")!;
  const staged = (k: "contacts" | "companies") => now_.reduce((a, r) => a + r[k], 0);
  if (types.includes("contact" as never)) sub.contacts = Math.max(0, (usage?.contacts ?? 0) - staged("contacts"));
  if (types.includes("company" as never)) sub.companies = Math.max(0, (usage?.companies ?? 0) - staged("companies"));

  const flows = new Map<string, number>();
  const entered = new Map<string, Record<string, number>>();
  const stays = new Map<Stage, Record<number, number>>();
  for (const s of stats) {
    const [kind, type, a, b] = s.dimension.split("#");
    if (!types.includes(type as never) || s.day < from || s.day > to) continue;
    if (kind === "flow") {
      flows.set(`${a}>${b}`, (flows.get(`${a}>${b}`) ?? 0) + s.count);
      const day = entered.get(s.day) ?? entered.set(s.day, {}).get(s.day)!;
      day[b] = (day[b] ?? 0) + s.count;
    } else if (kind === "stay") {
      const h = stays.get(a as Stage) ?? stays.set(a as Stage, {}).get(a as Stage)!;
      h[Number(b)] = (h[Number(b)] ?? 0) + s.count;
    }
  }
  return {
    from, to, recordType: q.recordType,
    stages: now_.map((r) => ({ ...r, total: r.contacts + r.companies })),
    flows: [...flows].map(([k, count]) => ({ from: k.split(">")[0] as Stage, to: k.split(">")[1] as Stage, count })).sort((a, b) => b.count - a.count),
    days: LifecycleRules.days(from, to).map((day) => ({ day, entered: entered.get(day) ?? {} })),
    timeInStage: STAGES.map((stage) => {
      const h = stays.get(stage) ?? {};
      return { stage, stays: Object.values(h).reduce((a, b) => a + b, 0), medianDays: LifecycleRules.medianDays(h) };
    }),
  };
}
