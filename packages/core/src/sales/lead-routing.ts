import { z } from "zod";
import { assertScope, useTenant } from "../actor";
import { LeadCounterEntity, LeadRoutingEntity, openLeadsKey, roundRobinKey } from "../db/lead-routing";
import { MembershipEntity } from "../db/membership";
import { TeamEntity } from "../db/team";
import { TenantEntity } from "../db/tenant";
import { ConflictError, DomainError, ValidationError } from "../errors";
import { newId } from "../id";
import { now } from "../ports";
import { Tx } from "../tx";
import { Id, parse } from "../validation";
import { Routing } from "./routing";

export * as LeadRouting from "./lead-routing";

const MAX_RULES = 50;

const RuleInput = Routing.Rule.extend({ ruleId: Id.optional() });
export const RoutingInput = z.strictObject({
  /** The version read (0 before the first save). */
  version: z.number().int().min(0),
  rules: z.array(RuleInput).max(MAX_RULES),
  defaultOwnerId: Id.nullable().optional(),
});

export interface Settings {
  rules: Routing.Rule[];
  defaultOwnerId: string | null;
  version: number;
}

async function read(tenantId: string): Promise<Settings> {
  const { data } = await LeadRoutingEntity.get({ tenantId }).go();
  return { rules: (data?.rules as Routing.Rule[] | undefined) ?? [], defaultOwnerId: data?.defaultOwnerId ?? null, version: data?.version ?? 0 };
}

/** The ordered rules and the default owner. */
export async function get(): Promise<Settings> {
  assertScope("settings:read");
  return read(useTenant());
}

/** Replaces the rules (in the order given) and the default owner, if `version` is still current. */
export async function put(raw: unknown): Promise<Settings> {
  assertScope("settings:write");
  const input = parse(RoutingInput, raw);
  const tenantId = useTenant();
  const [members, teams] = await Promise.all([
    MembershipEntity.query.primary({ tenantId }).go({ pages: "all" }),
    TeamEntity.query.primary({ tenantId }).go({ pages: "all" }),
  ]);
  const memberIds = new Set(members.data.map((m) => m.userId));
  const teamIds = new Set(teams.data.map((t) => t.teamId));
  const fields: Record<string, string> = {};
  input.rules.forEach((r, i) => {
    const c = r.conditions;
    if (c.amountMin !== undefined && c.amountMax !== undefined && c.amountMin > c.amountMax) fields[`rules.${i}.conditions.amountMax`] = "Must not be below the minimum.";
    if (r.action.type === "owner" && !memberIds.has(r.action.ownerId)) fields[`rules.${i}.action.ownerId`] = "Unknown member.";
    if (r.action.type !== "owner" && !teamIds.has(r.action.teamId)) fields[`rules.${i}.action.teamId`] = "Unknown team.";
  });
  if (input.defaultOwnerId && !memberIds.has(input.defaultOwnerId)) fields.defaultOwnerId = "Unknown member.";
  const ids = input.rules.map((r) => r.ruleId).filter(Boolean);
  if (new Set(ids).size !== ids.length) fields.rules = "Rule ids must be unique.";
  if (Object.keys(fields).length) throw new ValidationError("Check the routing rules.", fields);
  const before = await read(tenantId);
  const rules: Routing.Rule[] = input.rules.map((r) => ({ ...r, ruleId: r.ruleId ?? newId() }));
  const after = { rules, defaultOwnerId: input.defaultOwnerId ?? null, version: input.version + 1 };
  await new Tx(tenantId)
    .add(
      () => LeadRoutingEntity.put({ tenantId, rules, defaultOwnerId: after.defaultOwnerId ?? undefined, version: after.version, updatedAt: now().toISOString() })
        .where((a, op) => (input.version === 0 ? op.notExists(a.version) : op.eq(a.version, input.version))),
      () => new ConflictError(),
    )
    .audit({ action: "lead_routing.updated", recordType: "lead_routing", recordId: tenantId, before: { ...before }, after: { ...after } })
    .event("lead_routing.updated", { rules: rules.length, defaultOwnerId: after.defaultOwnerId })
    .run();
  return after;
}

/** Members who may own leads (everyone but viewers), and per team. */
async function owners(tenantId: string) {
  const { data } = await MembershipEntity.query.primary({ tenantId }).go({ pages: "all" });
  const eligible = data.filter((m) => m.role !== "viewer");
  const teams: Record<string, string[]> = {};
  for (const m of eligible) for (const t of m.teamIds ?? []) (teams[t] ??= []).push(m.userId);
  return { members: eligible.map((m) => m.userId), teams };
}

async function counterValues(tenantId: string, names: string[]): Promise<Record<string, number>> {
  if (!names.length) return {};
  const { data } = await LeadCounterEntity.get(names.map((name) => ({ tenantId, name }))).go();
  return Object.fromEntries(data.map((c) => [c.name, c.value ?? 0]));
}

/** What routing reads once per lead: the rules, who may own leads, the workspace owner, the matching rule. */
export interface Prepared {
  rules: Routing.Rule[];
  rule: Routing.Rule | null;
  lead: Routing.LeadFacts;
  state: Routing.State;
}

/** Reads the rules and the members and finds the matching rule (once per lead, however often it is retried). */
export async function plan(lead: Routing.LeadFacts): Promise<Prepared> {
  const tenantId = useTenant();
  const [settings, who, tenant] = await Promise.all([read(tenantId), owners(tenantId), TenantEntity.get({ tenantId }).go()]);
  const state: Routing.State = { ...who, roundRobin: {}, open: {}, defaultOwnerId: settings.defaultOwnerId, tenantOwnerId: tenant.data!.ownerId };
  return { rules: settings.rules, rule: Routing.firstMatch(settings.rules, lead), lead, state };
}

/**
 * Reads the counters the matching rule needs (the team's round-robin position or its members' open-lead
 * counts, nothing for other rules) and chooses the owner. Called again when a concurrent lead moved them.
 */
export async function choose(p: Prepared): Promise<Routing.Choice> {
  const tenantId = useTenant();
  const state = { ...p.state, roundRobin: {} as Record<string, number>, open: {} as Record<string, number> };
  const action = p.rule?.action;
  if (action?.type === "round_robin") {
    state.roundRobin[action.teamId] = (await counterValues(tenantId, [roundRobinKey(action.teamId)]))[roundRobinKey(action.teamId)] ?? 0;
  } else if (action?.type === "fewest_open") {
    const team = state.teams[action.teamId] ?? [];
    const values = await counterValues(tenantId, team.map(openLeadsKey));
    for (const m of team) state.open[m] = values[openLeadsKey(m)] ?? 0;
  }
  return Routing.choose(p.rules, p.lead, state);
}

/** Raised when a counter the choice depended on moved meanwhile: the caller routes again. */
export function moved() {
  return new DomainError("lead.routing_moved", "Another lead was routed at the same moment; try again.", 409);
}

const expecting = (expected: number) => (a: any, op: any) => (expected === 0 ? `(${op.notExists(a.value)} OR ${op.eq(a.value, 0)})` : op.eq(a.value, expected));

/**
 * Adds the counter writes of a lead write to its transaction: the guarded counter of the choice (only if
 * it still holds what was read) and the open-lead changes per member (one write per item).
 */
export function addCounters(tx: Tx, tenantId: string, openDeltas: Record<string, number>, guard: Routing.Guard | null): Tx {
  const deltas = { ...openDeltas };
  if (guard?.kind === "round_robin") {
    tx.add(() => LeadCounterEntity.update({ tenantId, name: roundRobinKey(guard.teamId) }).set({ value: guard.expected + 1 }).where(expecting(guard.expected)), moved);
  }
  if (guard?.kind === "open") {
    const value = guard.expected + (deltas[guard.userId] ?? 0);
    delete deltas[guard.userId];
    tx.add(() => LeadCounterEntity.update({ tenantId, name: openLeadsKey(guard.userId) }).set({ value }).where(expecting(guard.expected)), moved);
  }
  for (const [userId, delta] of Object.entries(deltas)) {
    if (delta) tx.add(() => LeadCounterEntity.update({ tenantId, name: openLeadsKey(userId) }).add({ value: delta }));
  }
  return tx;
}

/** Open leads per member, as the counters hold them (for the routing page and tests). */
export async function openCounts(): Promise<Record<string, number>> {
  assertScope("settings:read");
  const tenantId = useTenant();
  const { data } = await LeadCounterEntity.query.primary({ tenantId }).begins({ name: "open#" }).go({ pages: "all" });
  return Object.fromEntries(data.map((c) => [c.name.slice(5), c.value ?? 0]));
}
