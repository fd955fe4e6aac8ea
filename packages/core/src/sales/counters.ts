export * as Counters from "./counters";

/**
 * Which counter items a deal write adds to, as pure data. Board counters and closed-deal outcomes are
 * *state* counters: what a deal contributes follows from its state alone, so a write adds
 * `contributions(after) - contributions(before)` and the counters always equal a recount of the deals.
 * Funnel entries and creations are *flow* counters: events of a month, added once when they happen.
 */
export type StageKind = "open" | "won" | "lost";

/** What of a deal the counters depend on. */
export interface DealFacts {
  pipelineId: string;
  stageId: string;
  status: StageKind;
  ownerId: string;
  /** Minor units; a deal without an amount counts as 0. */
  amount: number;
  closedMonth?: string | null;
  /** Seconds from creation to the close, for won deals. */
  cycleSeconds?: number | null;
  /** Where the deal came from (free text); outcomes are also counted per source. */
  source?: string | null;
}

export type Target =
  | { type: "board"; pipelineId: string; scope: string; stageId: string }
  | { type: "stat"; pipelineId: string; month: string; dimension: string };

export interface Change {
  target: Target;
  add: Record<string, number>;
}

export const ALL = "all";
export const ownerScope = (ownerId: string) => `owner#${ownerId}`;
export const stageDimension = (stageId: string) => `stage#${stageId}`;
/** `source#` alone stands for deals without a source. */
export const sourceDimension = (source: string | null | undefined) => `source#${source ?? ""}`;

export function keyOf(t: Target): string {
  return t.type === "board" ? `board|${t.pipelineId}|${t.scope}|${t.stageId}` : `stat|${t.pipelineId}|${t.month}|${t.dimension}`;
}

function board(d: DealFacts, scope: string): Target {
  return { type: "board", pipelineId: d.pipelineId, scope, stageId: d.stageId };
}

/** What one deal in this state adds to the counters. */
export function contributions(d: DealFacts): Change[] {
  const out: Change[] = [
    { target: board(d, ALL), add: { count: 1, amount: d.amount } },
    { target: board(d, ownerScope(d.ownerId)), add: { count: 1, amount: d.amount } },
  ];
  if (d.status !== "open" && d.closedMonth) {
    const stat = (dimension: string): Target => ({ type: "stat", pipelineId: d.pipelineId, month: d.closedMonth!, dimension });
    const outcome: Record<string, number> = d.status === "won" ? { won: 1, wonAmount: d.amount } : { lost: 1, lostAmount: d.amount };
    out.push({ target: stat(ALL), add: d.status === "won" ? { ...outcome, cycleSeconds: d.cycleSeconds ?? 0 } : outcome });
    out.push({ target: stat(ownerScope(d.ownerId)), add: outcome });
    out.push({ target: stat(sourceDimension(d.source)), add: outcome });
  }
  return out;
}

/**
 * The additions for a deal going from `before` to `after` (null: not there), plus flow additions, merged
 * per item (a transaction may touch an item once) and without zeros.
 */
export function changes(before: DealFacts | null, after: DealFacts | null, flows: Change[] = []): Change[] {
  const merged = new Map<string, Change>();
  const put = (c: Change, sign: number) => {
    const key = keyOf(c.target);
    const into = merged.get(key) ?? merged.set(key, { target: c.target, add: {} }).get(key)!;
    for (const [field, v] of Object.entries(c.add)) into.add[field] = (into.add[field] ?? 0) + sign * v;
  };
  if (before) for (const c of contributions(before)) put(c, -1);
  if (after) for (const c of contributions(after)) put(c, 1);
  for (const c of flows) put(c, 1);
  const out: Change[] = [];
  for (const c of merged.values()) {
    const add = Object.fromEntries(Object.entries(c.add).filter(([, v]) => v !== 0));
    if (Object.keys(add).length) out.push({ target: c.target, add });
  }
  return out;
}

export interface StageRef {
  stageId: string;
  kind: StageKind;
}

/**
 * Stages a deal newly reaches by entering `stageId`: in the funnel (the pipeline's stages without the lost
 * ones, in order) entering a stage means having reached every earlier one too, so a deal created in
 * "Proposal" also counts for "Qualified". Entering a lost stage reaches nothing.
 */
export function newlyReached(stages: StageRef[], stageId: string, already: string[]): string[] {
  const funnel = stages.filter((s) => s.kind !== "lost");
  const i = funnel.findIndex((s) => s.stageId === stageId);
  if (i < 0) return [];
  return funnel.slice(0, i + 1).map((s) => s.stageId).filter((id) => !already.includes(id));
}

/** Flow additions when a deal enters a stage (and, at creation, the month's created count). */
export function entryFlows(input: { pipelineId: string; month: string; stageId: string; reached: string[]; created?: { amount: number; source?: string | null } }): Change[] {
  const stat = (dimension: string): Target => ({ type: "stat", pipelineId: input.pipelineId, month: input.month, dimension });
  const out: Change[] = [{ target: stat(stageDimension(input.stageId)), add: { entered: 1 } }];
  for (const id of input.reached) out.push({ target: stat(stageDimension(id)), add: { reached: 1 } });
  if (input.created) {
    const add = { created: 1, createdAmount: input.created.amount };
    out.push({ target: stat(ALL), add }, { target: stat(sourceDimension(input.created.source)), add });
  }
  return out;
}
