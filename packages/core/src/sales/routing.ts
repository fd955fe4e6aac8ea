import { z } from "zod";
import { Id } from "../validation";

export * as Routing from "./routing";

/**
 * Lead routing as pure data and functions: which rule a lead matches, and whom that rule gives it to,
 * given the team members and the counters read beforehand. No I/O here; lead-routing.ts does the reads
 * and the conditional writes.
 */

const Text = z.string().trim().min(1).max(100);
export const Conditions = z.strictObject({
  /** Any of these sources (case-insensitive). */
  sources: z.array(Text).max(20).optional(),
  /** Any of these regions or provinces (case-insensitive). */
  regions: z.array(Text).max(50).optional(),
  /** At least one of these tags. */
  tags: z.array(z.string().trim().min(1).max(50)).max(20).optional(),
  /** Amount bounds in minor units, both inclusive; a lead without an amount matches neither. */
  amountMin: z.number().int().min(0).max(1e12).optional(),
  amountMax: z.number().int().min(0).max(1e12).optional(),
});
export type Conditions = z.infer<typeof Conditions>;

export const Action = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("owner"), ownerId: Id }),
  z.strictObject({ type: z.literal("round_robin"), teamId: Id }),
  z.strictObject({ type: z.literal("fewest_open"), teamId: Id }),
]);
export type Action = z.infer<typeof Action>;

export const Rule = z.strictObject({
  ruleId: Id,
  name: z.string().trim().min(1, "Required.").max(100),
  conditions: Conditions,
  action: Action,
});
export type Rule = z.infer<typeof Rule>;

/** What of a lead the rules look at. */
export interface LeadFacts {
  source?: string | null;
  region?: string | null;
  tags?: string[] | null;
  amount?: number | null;
}

const norm = (s: string) => s.normalize("NFKC").trim().toLowerCase();
const anyOf = (wanted: string[] | undefined, have: string[]) => !wanted?.length || wanted.some((w) => have.includes(norm(w)));

/** Whether a lead meets every condition given (an empty condition set matches every lead). */
export function matches(c: Conditions, lead: LeadFacts): boolean {
  if (!anyOf(c.sources, lead.source ? [norm(lead.source)] : [])) return false;
  if (!anyOf(c.regions, lead.region ? [norm(lead.region)] : [])) return false;
  if (!anyOf(c.tags, (lead.tags ?? []).map(norm))) return false;
  if (c.amountMin !== undefined && (lead.amount == null || lead.amount < c.amountMin)) return false;
  if (c.amountMax !== undefined && (lead.amount == null || lead.amount > c.amountMax)) return false;
  return true;
}

/** The first rule, in order, that the lead matches. */
export function firstMatch(rules: Rule[], lead: LeadFacts): Rule | null {
  return rules.find((r) => matches(r.conditions, lead)) ?? null;
}

/** The member whose turn it is: the counter's position modulo the team (members in a stable order). */
export function roundRobin(members: string[], position: number): string | null {
  if (!members.length) return null;
  const sorted = [...members].sort();
  return sorted[((position % sorted.length) + sorted.length) % sorted.length];
}

/** The member with the fewest open leads; ties go to the first in a stable order. */
export function fewestOpen(members: string[], open: Record<string, number>): string | null {
  let best: string | null = null;
  for (const m of [...members].sort()) if (best === null || (open[m] ?? 0) < (open[best] ?? 0)) best = m;
  return best;
}

/** What routing read before choosing: members per team, round-robin positions, open-lead counts. */
export interface State {
  /** Members who may own leads, per team id. */
  teams: Record<string, string[]>;
  /** Members of the workspace who may own leads. */
  members: string[];
  roundRobin: Record<string, number>;
  open: Record<string, number>;
  defaultOwnerId: string | null;
  tenantOwnerId: string;
}

/** A counter the choice depends on, with the value it was read at; the write is conditional on it. */
export type Guard = { kind: "round_robin"; teamId: string; expected: number } | { kind: "open"; userId: string; expected: number };

export interface Choice {
  ownerId: string;
  /** The rule that decided, or "default" when none matched or its target had nobody. */
  routedBy: string;
  guard: Guard | null;
}

/**
 * Whom a lead goes to. The first matching rule decides; a rule whose owner left or whose team has nobody
 * falls back to the default owner (and that to the workspace owner), so every lead gets an owner.
 */
export function choose(rules: Rule[], lead: LeadFacts, state: State): Choice {
  const rule = firstMatch(rules, lead);
  const fallback = (): Choice => ({
    ownerId: state.defaultOwnerId && state.members.includes(state.defaultOwnerId) ? state.defaultOwnerId : state.tenantOwnerId,
    routedBy: "default",
    guard: null,
  });
  if (!rule) return fallback();
  const a = rule.action;
  if (a.type === "owner") return state.members.includes(a.ownerId) ? { ownerId: a.ownerId, routedBy: rule.ruleId, guard: null } : fallback();
  const team = state.teams[a.teamId] ?? [];
  if (a.type === "round_robin") {
    const position = state.roundRobin[a.teamId] ?? 0;
    const ownerId = roundRobin(team, position);
    return ownerId ? { ownerId, routedBy: rule.ruleId, guard: { kind: "round_robin", teamId: a.teamId, expected: position } } : fallback();
  }
  const ownerId = fewestOpen(team, state.open);
  return ownerId ? { ownerId, routedBy: rule.ruleId, guard: { kind: "open", userId: ownerId, expected: state.open[ownerId] ?? 0 } } : fallback();
}

/** Which counters a choice needs read: the teams the rules name. */
export function teamsNamed(rules: Rule[]): string[] {
  return [...new Set(rules.flatMap((r) => (r.action.type === "owner" ? [] : [r.action.teamId])))];
}
