import { z } from "zod";
import { assertScope, useTenant } from "../actor";
import { ActivityStatEntity } from "../db/activity-stat";
import { MembershipEntity } from "../db/membership";
import { PipelineEntity } from "../db/pipeline";
import { SalesStatEntity } from "../db/sales-stat";
import { TeamEntity } from "../db/team";
import { NotFoundError, ValidationError } from "../errors";
import { Tenant } from "../tenant";
import { Id, parse } from "../validation";
import { ALL, stageDimension } from "./counters";
import { Deal } from "./deal";
import { Pipeline } from "./pipeline";
import { ReportCsv } from "./report-csv";
import { ReportMath } from "./report-math";

export * as SalesReport from "./sales-report";

const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "Use YYYY-MM.");
export const SalesReportQuery = z.strictObject({ pipelineId: Id.optional(), from: Month.optional(), to: Month.optional() });
const MAX_MONTHS = 24;

/**
 * The sales report of one pipeline (the first one unless given) for the months `from`..`to` (default: this
 * month, in the tenant's time zone): funnel, win rate, average deal size and sales cycle, won amount by
 * owner, team and source (with the new leads per source), a row per month, the previous period's headline
 * figures and their comparison, and the current pipeline value by stage (weighted by probability). Reads
 * one counter partition and one activity partition per month, one item per earlier month, the stage
 * counters, members and teams: a bounded number of items, however many deals there are.
 */
export async function get(raw: unknown) {
  assertScope("reports:read");
  const q = parse(SalesReportQuery, raw ?? {});
  const tenantId = useTenant();
  const to = q.to ?? (await Deal.monthNow());
  const from = q.from ?? to;
  if (from > to) throw new ValidationError("`from` is after `to`.", { from: "After to." });
  const months = ReportMath.monthsBetween(from, to);
  if (months.length > MAX_MONTHS) throw new ValidationError(`Ask for at most ${MAX_MONTHS} months.`, { from: "Range too long." });
  const pipeline = q.pipelineId ? await Pipeline.load(q.pipelineId) : await firstPipeline();
  const pipelineId = pipeline.pipelineId;
  const previous = ReportMath.previousPeriod(from, to);
  const stats = (month: string) => SalesStatEntity.query.primary({ tenantId, pipelineId, month }).go({ pages: "all" }).then((r) => r.data);
  // New leads per source: the `source#` items of the month's activity partition (the tenant's, not the pipeline's).
  const leadsOf = (month: string) =>
    ActivityStatEntity.query.primary({ tenantId, period: month }).begins({ subject: "source#" }).go({ pages: "all" })
      .then((r) => r.data.map((x) => [x.subject.slice("source#".length), x.leads ?? 0] as [string, number]));
  const [perMonth, before, counts, members, teams, leadsNow, leadsBefore] = await Promise.all([
    Promise.all(months.map(stats)),
    // Only the `all` item of each earlier month: the comparison needs the headline figures.
    Promise.all(ReportMath.monthsBetween(previous.from, previous.to).map((month) => SalesStatEntity.get({ tenantId, pipelineId, month, dimension: ALL }).go().then((r) => r.data))),
    Pipeline.stageCounts(pipelineId),
    MembershipEntity.query.primary({ tenantId }).go({ pages: "all" }).then((r) => new Map(r.data.map((m) => [m.userId, m]))),
    TeamEntity.query.primary({ tenantId }).go({ pages: "all" }).then((r) => new Map(r.data.map((t) => [t.teamId, t.name]))),
    Promise.all(months.map(leadsOf)),
    Promise.all(ReportMath.monthsBetween(previous.from, previous.to).map(leadsOf)),
  ]);
  const leads = ReportMath.sumCounts(leadsNow.flat());
  const total = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
  const dims = ReportMath.sumByDimension(perMonth.flat());
  const summary = { leads: total(leads), ...ReportMath.summary(dims.get(ALL) ?? ReportMath.empty()) };
  const owners = ReportMath.byOwner(dims, (id) => members.get(id)?.name);
  const earlier = ReportMath.sumByDimension(before.filter((x) => !!x)).get(ALL) ?? ReportMath.empty();
  const previousSummary = { leads: total(ReportMath.sumCounts(leadsBefore.flat())), ...ReportMath.summary(earlier) };
  return {
    pipeline: { pipelineId, name: pipeline.name, currency: pipeline.currency },
    from,
    to,
    summary,
    /** The same figures for as many months just before, for period-over-period comparison. */
    previous: { ...previous, summary: previousSummary },
    comparison: ReportMath.comparison(summary, previousSummary),
    funnel: ReportMath.funnel(pipeline.stages, (id) => dims.get(stageDimension(id))),
    byOwner: owners,
    byTeam: ReportMath.byTeam(owners, (id) => members.get(id)?.teamIds ?? [], (id) => teams.get(id)),
    bySource: ReportMath.bySource(dims, leads),
    months: months.map((month, i) => ({ month, leads: total(ReportMath.sumCounts(leadsNow[i])), ...ReportMath.summary(ReportMath.sumByDimension(perMonth[i]).get(ALL) ?? ReportMath.empty()) })),
    pipelineValue: ReportMath.pipelineValue(pipeline.stages, (id) => counts.get(id)),
  };
}

export type Report = Awaited<ReturnType<typeof get>>;
export const SalesReportCsvQuery = SalesReportQuery.extend({ lang: z.enum(["en", "zh-CN"]).optional() });

/** The sales report as CSV (UTF-8 with BOM), headers in the workspace language unless `lang` is given. */
export async function csv(raw: unknown) {
  const { lang, ...rest } = parse(SalesReportCsvQuery, raw ?? {});
  const report = await get(rest);
  const settings = await Tenant.settings();
  return { filename: `sales-${report.from}-${report.to}.csv`, text: ReportCsv.sales(report, lang ?? (settings.locale === "en" ? "en" : "zh-CN")) };
}

async function firstPipeline() {
  const { data } = await PipelineEntity.query.primary({ tenantId: useTenant() }).go({ limit: 1 });
  if (!data[0]) throw new NotFoundError("pipeline");
  return Pipeline.present(data[0]);
}
