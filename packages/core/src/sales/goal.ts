import { z } from "zod";
import { actorRef, assertScope, isAdmin, useActor, useTenant } from "../actor";
import { ActivityStatEntity, type ActivityStatItem } from "../db/activity-stat";
import { CollectionStatEntity, type CollectionStatItem } from "../db/collection-stat";
import { GoalEntity, type GoalItem } from "../db/goal";
import { MembershipEntity, type MembershipItem } from "../db/membership";
import { PipelineEntity } from "../db/pipeline";
import { SalesStatEntity, type SalesStatItem } from "../db/sales-stat";
import { TeamEntity } from "../db/team";
import { UniqueEntity } from "../db/unique";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "../errors";
import { newId } from "../id";
import { now } from "../ports";
import { Tenant } from "../tenant";
import { Tx } from "../tx";
import { Id, parse } from "../validation";
import { ownerScope } from "./counters";
import { Deal } from "./deal";
import { GoalMath } from "./goal-math";
import { ReportCsv } from "./report-csv";

export * as Goal from "./goal";

/** `collectedAmount` is 回款: payments recorded on the subject's contracts, by payment date. */
export const Metric = z.enum(["wonAmount", "wonDeals", "newLeads", "activities", "collectedAmount"]);
export type Metric = z.infer<typeof Metric>;
export const GoalInput = z.strictObject({
  subjectType: z.enum(["user", "team"]),
  subjectId: Id,
  metric: Metric,
  period: GoalMath.Period,
  /** Won or collected amount in minor units; otherwise a count. */
  target: z.number().int().min(1).max(1e12),
  pipelineId: Id.optional(),
});
export const GoalPatch = z.strictObject({ version: z.number().int().positive(), target: z.number().int().min(1).max(1e12) });
export const GoalQuery = z.strictObject({ period: GoalMath.Period.optional() });
export const GoalCsvQuery = GoalQuery.extend({ lang: z.enum(["en", "zh-CN"]).optional() });

const RULE = "goal";
const uniqueValue = (g: Pick<GoalItem, "subjectType" | "subjectId" | "metric" | "period" | "pipelineId">) =>
  [g.subjectType, g.subjectId, g.metric, g.period, g.pipelineId ?? ""].join("#");
const taken = () => new ConflictError("This goal is already set; change its target instead.", "goal.exists", { metric: "Already set for this period." });

export function present(g: GoalItem) {
  const { tenantId: _t, ...rest } = g;
  return { ...rest, pipelineId: rest.pipelineId ?? null };
}

/**
 * Who the actor may see goals of: null for everyone (admins, keys, the system), else user and team ids.
 * Managers see their teams and their teammates; members and viewers themselves and their teams.
 */
async function audience(): Promise<{ users: Set<string>; teams: Set<string> } | null> {
  const actor = useActor();
  if (actor.type !== "user" || isAdmin(actor)) return null;
  const teams = new Set(actor.teamIds ?? []);
  if (actor.role !== "manager") return { users: new Set([actor.userId]), teams };
  const members = await MembershipEntity.query.primary({ tenantId: useTenant() }).go({ pages: "all" });
  const users = members.data.filter((m) => m.userId === actor.userId || (m.teamIds ?? []).some((t) => teams.has(t))).map((m) => m.userId);
  return { users: new Set(users), teams };
}

const sees = (a: Awaited<ReturnType<typeof audience>>, g: Pick<GoalItem, "subjectType" | "subjectId">) =>
  a === null || (g.subjectType === "user" ? a.users : a.teams).has(g.subjectId);

/** Setting goals needs a manager (for their teams and teammates) or an admin. */
async function assertMaySet(g: Pick<GoalItem, "subjectType" | "subjectId">) {
  assertScope("reports:read");
  const a = await audience();
  if (!sees(a, g)) throw new ForbiddenError("Managers set goals for their own teams and teammates only.", "goal.not_your_team");
}

async function load(goalId: string): Promise<GoalItem> {
  const { data } = await GoalEntity.get({ tenantId: useTenant(), goalId }).go();
  if (!data || !sees(await audience(), data)) throw new NotFoundError("goal");
  return data;
}

/** Creates a goal for a member or team of this workspace; one per subject, metric, period and pipeline. */
export async function create(raw: unknown) {
  const input = parse(GoalInput, raw);
  await assertMaySet(input);
  const tenantId = useTenant();
  const [subject, pipeline] = await Promise.all([
    input.subjectType === "user" ? MembershipEntity.get({ tenantId, userId: input.subjectId }).go() : TeamEntity.get({ tenantId, teamId: input.subjectId }).go(),
    input.pipelineId ? PipelineEntity.get({ tenantId, pipelineId: input.pipelineId }).go() : null,
  ]);
  if (!subject.data) throw new ValidationError(`The ${input.subjectType === "user" ? "member" : "team"} does not exist.`, { subjectId: "Unknown." });
  if (pipeline && !pipeline.data) throw new ValidationError("The pipeline does not exist.", { pipelineId: "Unknown pipeline." });
  if (input.pipelineId && (input.metric === "newLeads" || input.metric === "activities" || input.metric === "collectedAmount")) {
    throw new ValidationError("Only won amount and won deals are counted per pipeline.", { pipelineId: "Only for won metrics." });
  }
  const at = now().toISOString();
  const item = { tenantId, goalId: newId(), ...input, createdBy: actorRef().id, version: 1, createdAt: at, updatedAt: at } as GoalItem;
  await new Tx(tenantId)
    .add(() => GoalEntity.create(item))
    .add(() => UniqueEntity.create({ tenantId, rule: RULE, value: uniqueValue(item), recordId: item.goalId }), taken)
    .audit({ action: "goal.created", recordType: "goal", recordId: item.goalId, after: present(item) })
    .event("goal.created", present(item))
    .run();
  return (await withProgress([item]))[0];
}

/** A goal with its progress. */
export async function get(goalId: string) {
  assertScope("deals:read");
  return (await withProgress([await load(goalId)]))[0];
}

/** Changes the target, if `version` is still current. */
export async function update(goalId: string, raw: unknown) {
  const { version, target } = parse(GoalPatch, raw);
  const before = await load(goalId);
  await assertMaySet(before);
  const after = { ...before, target, version: before.version + 1, updatedAt: now().toISOString() };
  await new Tx(before.tenantId)
    .add(() => GoalEntity.put(after).where((a, op) => op.eq(a.version, version)), () => new ConflictError())
    .audit({ action: "goal.updated", recordType: "goal", recordId: goalId, before: present(before), after: present(after) })
    .event("goal.updated", present(after))
    .run();
  return (await withProgress([after]))[0];
}

export async function remove(goalId: string): Promise<void> {
  const before = await load(goalId);
  await assertMaySet(before);
  await new Tx(before.tenantId)
    .add(() => GoalEntity.delete({ tenantId: before.tenantId, goalId }).where((a, op) => op.eq(a.version, before.version)), () => new ConflictError())
    .add(() => UniqueEntity.delete({ tenantId: before.tenantId, rule: RULE, value: uniqueValue(before) }))
    .audit({ action: "goal.deleted", recordType: "goal", recordId: goalId, before: present(before) })
    .event("goal.deleted", { goalId })
    .run();
}

export type GoalList = Awaited<ReturnType<typeof list>>;

/** The goals of a period as CSV (UTF-8 with BOM), headers in the workspace language unless `lang` is given. */
export async function csv(raw: unknown) {
  const { lang, ...rest } = parse(GoalCsvQuery, raw ?? {});
  const data = await list(rest);
  const settings = await Tenant.settings();
  return { filename: `goals-${data.period}.csv`, text: ReportCsv.goals(data, lang ?? (settings.locale === "en" ? "en" : "zh-CN"), settings.currency) };
}

/** The goals of a period (this month unless given) the actor may see, with progress. */
export async function list(raw: unknown) {
  assertScope("deals:read");
  const q = parse(GoalQuery, raw ?? {});
  const period = q.period ?? (await Deal.monthNow());
  const tenantId = useTenant();
  const [{ data }, a] = await Promise.all([GoalEntity.query.byPeriod({ tenantId, period }).go({ pages: "all" }), audience()]);
  const visible = data.filter((g) => sees(a, g)).sort((x, y) => x.metric.localeCompare(y.metric) || x.createdAt.localeCompare(y.createdAt));
  return { period, previous: GoalMath.previousOf(period), items: await withProgress(visible) };
}

/**
 * Progress of goals from the counters of their periods' months and the periods before: one sales-stat
 * partition per pipeline and month and one activity partition per month, each read once however many goals
 * and deals there are.
 */
export async function withProgress(goals: GoalItem[]) {
  if (!goals.length) return [];
  const tenantId = useTenant();
  const cache = new Map<string, Promise<unknown[]>>();
  const once = <T>(key: string, load: () => Promise<T[]>) => (cache.get(key) ?? cache.set(key, load()).get(key)!) as Promise<T[]>;
  const members = () => once<MembershipItem>("members", () => MembershipEntity.query.primary({ tenantId }).go({ pages: "all" }).then((r) => r.data));
  const pipelines = () => once<string>("pipelines", () => PipelineEntity.query.primary({ tenantId }).go({ pages: "all" }).then((r) => r.data.map((p) => p.pipelineId)));
  const sales = (pipelineId: string, month: string) =>
    once<SalesStatItem>(`s|${pipelineId}|${month}`, () => SalesStatEntity.query.primary({ tenantId, pipelineId, month }).go({ pages: "all" }).then((r) => r.data));
  const collections = (month: string) =>
    once<CollectionStatItem>(`c|${month}`, () => CollectionStatEntity.query.primary({ tenantId, month }).go({ pages: "all" }).then((r) => r.data));
  const activity = (month: string) => once<ActivityStatItem>(`a|${month}`, () => ActivityStatEntity.query.primary({ tenantId, period: month }).go({ pages: "all" }).then((r) => r.data));

  const teams = () => once<{ teamId: string; name: string }>("teams", () => TeamEntity.query.primary({ tenantId }).go({ pages: "all" }).then((r) => r.data));
  const nameOf = async (g: GoalItem) =>
    g.subjectType === "user" ? (await members()).find((m) => m.userId === g.subjectId)?.name ?? g.subjectId : (await teams()).find((t) => t.teamId === g.subjectId)?.name ?? g.subjectId;
  const userIds = async (g: GoalItem) =>
    g.subjectType === "user" ? [g.subjectId] : (await members()).filter((m) => (m.teamIds ?? []).includes(g.subjectId)).map((m) => m.userId);

  const valueOf = async (g: GoalItem, period: string, users: string[]) => {
    const months = GoalMath.monthsOf(period);
    if (g.metric === "wonAmount" || g.metric === "wonDeals") {
      const ids = g.pipelineId ? [g.pipelineId] : await pipelines();
      const items = (await Promise.all(ids.flatMap((p) => months.map((m) => sales(p, m))))).flat();
      return { value: GoalMath.sumFor(items, "dimension", new Set(users.map(ownerScope)), [g.metric === "wonAmount" ? "wonAmount" : "won"]) };
    }
    const subjects = new Set(users.map((u) => `user#${u}`));
    if (g.metric === "collectedAmount") return { value: GoalMath.sumFor((await Promise.all(months.map(collections))).flat(), "subject", subjects, ["collected"]) };
    const items = (await Promise.all(months.map(activity))).flat();
    if (g.metric === "newLeads") return { value: GoalMath.sumFor(items, "subject", subjects, ["leads"]) };
    const parts = {
      notes: GoalMath.sumFor(items, "subject", subjects, ["notes"]), tasks: GoalMath.sumFor(items, "subject", subjects, ["tasks"]),
      replies: GoalMath.sumFor(items, "subject", subjects, ["replies"]), logged: GoalMath.sumFor(items, "subject", subjects, ["logged"]),
    };
    return { value: parts.notes + parts.tasks + parts.replies + parts.logged, parts };
  };

  return Promise.all(
    goals.map(async (g) => {
      const users = await userIds(g);
      const previousPeriod = GoalMath.previousOf(g.period);
      const [current, before, subjectName] = await Promise.all([valueOf(g, g.period, users), valueOf(g, previousPeriod, users), nameOf(g)]);
      return { ...present(g), subjectName, previousPeriod, progress: GoalMath.progress(current.value, g.target, before.value), ...(current.parts ? { activities: current.parts } : {}) };
    }),
  );
}
