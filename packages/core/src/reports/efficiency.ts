import { z } from "zod";
import { assertScope, isAdmin, useActor, useTenant } from "../actor";
import { EfficiencyStatEntity } from "../db/efficiency-stat";
import { MembershipEntity, type MembershipItem } from "../db/membership";
import { TeamEntity } from "../db/team";
import { ForbiddenError, NotFoundError, ValidationError } from "../errors";
import { now } from "../ports";
import { ReportCsv } from "../sales/report-csv";
import { Tenant } from "../tenant";
import { Id, parse } from "../validation";
import { EfficiencyCsv } from "./efficiency-csv";
import { EfficiencyMath } from "./efficiency-math";

export * as Efficiency from "./efficiency";

const Day = z.iso.date({ message: "Use YYYY-MM-DD." });
export const EfficiencyQuery = z.strictObject({
  /** First and last day of the period (inclusive, in the workspace's time zone); this month so far by default. */
  from: Day.optional(),
  to: Day.optional(),
  teamId: Id.optional(),
  userId: Id.optional(),
});
export const EfficiencyCsvQuery = EfficiencyQuery.extend({ lang: z.enum(["en", "zh-CN"]).optional() });
export const MAX_DAYS = 366;

const Response = z.object({ count: z.number().int(), medianMinutes: z.number().nullable(), p90Minutes: z.number().nullable() });
const FiguresSchema = z.object({
  activities: z.object({ call: z.number().int(), meeting: z.number().int(), visit: z.number().int(), email: z.number().int(), total: z.number().int() }),
  dealsTouched: z.number().int(),
  dealsMoved: z.number().int(),
  stageChanges: z.number().int(),
  ticketsHandled: z.number().int(),
  firstResponse: Response,
  tasksDone: z.number().int(),
  tasksOverdue: z.number().int(),
});
/** The report's JSON, as the OpenAPI document publishes it. */
export const EfficiencyReport = z.object({
  from: z.string(),
  to: z.string(),
  today: z.string(),
  timeZone: z.string(),
  teamId: z.string().nullable(),
  userId: z.string().nullable(),
  teams: z.array(z.object({ teamId: z.string(), name: z.string() })),
  rows: z.array(FiguresSchema.extend({ userId: z.string(), name: z.string(), teamIds: z.array(z.string()) })),
  totals: FiguresSchema,
  series: z.array(FiguresSchema.extend({ day: z.string() })),
});
export type EfficiencyReport = z.infer<typeof EfficiencyReport>;

/**
 * Whose figures the actor may see: everyone for admins, owners, API keys with the reports scope and the
 * system; a manager the members of the manager's teams (and the manager); nobody else (403).
 */
function audience(members: MembershipItem[]): { users: MembershipItem[]; teams: Set<string> | null } {
  const actor = useActor();
  if (actor.type !== "user" || isAdmin(actor)) return { users: members, teams: null };
  if (actor.role !== "manager") throw new ForbiddenError("The work-efficiency report is for managers and admins.", "forbidden.scope");
  const mine = new Set(members.find((m) => m.userId === actor.userId)?.teamIds ?? actor.teamIds ?? []);
  return { users: members.filter((m) => m.userId === actor.userId || (m.teamIds ?? []).some((t) => mine.has(t))), teams: mine };
}

/**
 * The work-efficiency report of a period: per member activities by type, deals touched and moved, tickets
 * handled, first-response median and p90, tasks done and overdue; the totals; and a series per day. Reads
 * the members, the teams and one counter partition per month of the period: never the records themselves.
 */
export async function get(raw: unknown): Promise<EfficiencyReport> {
  assertScope("reports:read");
  const q = parse(EfficiencyQuery, raw ?? {});
  const tenantId = useTenant();
  const { timeZone } = await Tenant.settings();
  const today = EfficiencyMath.dayOf(now(), timeZone);
  const to = q.to ?? today;
  const from = q.from ?? (q.to ? EfficiencyMath.periodOf("month", to).from : `${today.slice(0, 8)}01`);
  if (from > to) throw new ValidationError("`from` is after `to`.", { from: "After to." });
  if (EfficiencyMath.daysBetween(from, to).length > MAX_DAYS) throw new ValidationError(`Ask for at most ${MAX_DAYS} days.`, { from: "Range too long." });
  const [members, allTeams] = await Promise.all([
    MembershipEntity.query.primary({ tenantId }).go({ pages: "all" }).then((r) => r.data),
    TeamEntity.query.primary({ tenantId }).go({ pages: "all" }).then((r) => r.data),
  ]);
  const seen = audience(members);
  let users = seen.users;
  if (q.teamId) {
    // Another workspace's team answers like a missing one.
    if (!allTeams.some((t) => t.teamId === q.teamId)) throw new NotFoundError("team");
    if (seen.teams && !seen.teams.has(q.teamId)) throw new ForbiddenError("You see the report of your own teams.", "efficiency.not_your_team");
    users = users.filter((m) => (m.teamIds ?? []).includes(q.teamId!));
  }
  if (q.userId) {
    if (!members.some((m) => m.userId === q.userId)) throw new NotFoundError("member");
    if (!seen.users.some((m) => m.userId === q.userId)) throw new ForbiddenError("You see the report of your teams' members.", "efficiency.not_your_team");
    users = users.filter((m) => m.userId === q.userId);
  }
  const wanted = new Set(users.map((u) => u.userId));
  const months = EfficiencyMath.monthsOf(from, to);
  const items = (await Promise.all(months.map((month) => EfficiencyStatEntity.query.primary({ tenantId, month }).go({ pages: "all" }).then((r) => r.data))))
    .flat()
    .filter((i) => wanted.has(i.userId) && i.day >= from && i.day <= to);
  const sorted = [...users].sort((a, b) => a.name.localeCompare(b.name));
  const result = EfficiencyMath.aggregate(items as EfficiencyMath.DayItem[], { userIds: sorted.map((u) => u.userId), from, to, today });
  const byId = new Map(sorted.map((u) => [u.userId, u]));
  return {
    from, to, today, timeZone, teamId: q.teamId ?? null, userId: q.userId ?? null,
    teams: allTeams.filter((t) => !seen.teams || seen.teams.has(t.teamId)).map((t) => ({ teamId: t.teamId, name: t.name })).sort((a, b) => a.name.localeCompare(b.name)),
    rows: result.rows.map((r) => ({ ...r, name: byId.get(r.userId)!.name, teamIds: byId.get(r.userId)!.teamIds ?? [] })),
    totals: result.totals,
    series: result.series,
  };
}

/** The report as CSV (UTF-8 with BOM), one row per member and a totals row; headers in the workspace language unless `lang` is given. */
export async function csv(raw: unknown) {
  const { lang, ...rest } = parse(EfficiencyCsvQuery, raw ?? {});
  const report = await get(rest);
  const settings = await Tenant.settings();
  const language: ReportCsv.Lang = lang ?? (settings.locale === "en" ? "en" : "zh-CN");
  return { filename: `efficiency-${report.from}-${report.to}.csv`, text: EfficiencyCsv.toText(report, language) };
}
