import { z } from "zod";
import { assertScope, useTenant } from "../actor";
import { MembershipEntity } from "../db/membership";
import { PipelineEntity } from "../db/pipeline";
import { SalesStatEntity } from "../db/sales-stat";
import { TeamEntity } from "../db/team";
import { NotFoundError, ValidationError } from "../errors";
import { Id, parse } from "../validation";
import { ALL, stageDimension } from "./counters";
import { Deal } from "./deal";
import { Pipeline } from "./pipeline";
import { ReportMath } from "./report-math";

export * as SalesReport from "./sales-report";

const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "Use YYYY-MM.");
export const SalesReportQuery = z.strictObject({ pipelineId: Id.optional(), from: Month.optional(), to: Month.optional() });
const MAX_MONTHS = 24;

/**
 * The sales report of one pipeline (the first one unless given) for the months `from`..`to` (default: this
 * month, in the tenant's time zone): funnel, win rate, average deal size and sales cycle, won amount by
 * owner, team and source, a row per month, the previous period's headline figures, and the current
 * pipeline value by stage. Reads one counter partition per month, one item per earlier month, the stage
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
  const [perMonth, before, counts, members, teams] = await Promise.all([
    Promise.all(months.map(stats)),
    // Only the `all` item of each earlier month: the comparison needs the headline figures.
    Promise.all(ReportMath.monthsBetween(previous.from, previous.to).map((month) => SalesStatEntity.get({ tenantId, pipelineId, month, dimension: ALL }).go().then((r) => r.data))),
    Pipeline.stageCounts(pipelineId),
    MembershipEntity.query.primary({ tenantId }).go({ pages: "all" }).then((r) => new Map(r.data.map((m) => [m.userId, m]))),
    TeamEntity.query.primary({ tenantId }).go({ pages: "all" }).then((r) => new Map(r.data.map((t) => [t.teamId, t.name]))),
  ]);
  const dims = ReportMath.sumByDimension(perMonth.flat());
  const owners = ReportMath.byOwner(dims, (id) => members.get(id)?.name);
  const earlier = ReportMath.sumByDimension(before.filter((x) => !!x)).get(ALL) ?? ReportMath.empty();
  return {
    pipeline: { pipelineId, name: pipeline.name, currency: pipeline.currency },
    from,
    to,
    summary: ReportMath.summary(dims.get(ALL) ?? ReportMath.empty()),
    /** The same figures for as many months just before, for period-over-period comparison. */
    previous: { ...previous, summary: ReportMath.summary(earlier) },
    funnel: ReportMath.funnel(pipeline.stages, (id) => dims.get(stageDimension(id))),
    byOwner: owners,
    byTeam: ReportMath.byTeam(owners, (id) => members.get(id)?.teamIds ?? [], (id) => teams.get(id)),
    bySource: ReportMath.bySource(dims),
    months: months.map((month, i) => ({ month, ...ReportMath.summary(ReportMath.sumByDimension(perMonth[i]).get(ALL) ?? ReportMath.empty()) })),
    pipelineValue: ReportMath.pipelineValue(pipeline.stages, (id) => counts.get(id)),
  };
}

async function firstPipeline() {
  const { data } = await PipelineEntity.query.primary({ tenantId: useTenant() }).go({ limit: 1 });
  if (!data[0]) throw new NotFoundError("pipeline");
  return Pipeline.present(data[0]);
}
