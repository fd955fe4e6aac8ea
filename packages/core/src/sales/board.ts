import { createConversions } from "electrodb";
import { z } from "zod";
import { assertScope, useTenant } from "../actor";
import { DealEntity, type DealItem } from "../db/deal";
import { NotFoundError, ValidationError } from "../errors";
import { Records } from "../records";
import { Search } from "../search";
import { parse } from "../validation";
import { Visibility } from "../visibility";
import { ownerScope } from "./counters";
import { Deal } from "./deal";
import { Pipeline } from "./pipeline";
import { ReportMath } from "./report-math";
import type { Stage } from "./stage-rules";

export * as Board from "./board";

const Filters = {
  limit: z.coerce.number().int().min(1).max(100).default(20),
  q: z.string().trim().max(100).optional(),
  tag: z.string().trim().max(50).optional(),
  ownerId: z.string().max(64).optional(),
  closeFrom: z.iso.date().optional(),
  closeTo: z.iso.date().optional(),
  amountMin: z.coerce.number().int().min(0).optional(),
  amountMax: z.coerce.number().int().min(0).optional(),
};
/** Filters of the board and of a column: owner, tag, title search, close-date and amount ranges. */
export const BoardQuery = z.strictObject(Filters);
export const ColumnQuery = z.strictObject({ ...Filters, cursor: z.string().max(2000).optional() });
type Query = z.infer<typeof ColumnQuery>;

type Where = (a: any, op: any) => string;

function wheres(scope: string[] | null, q: Query): Where[] {
  const out: Where[] = Records.filters(scope, q);
  if (q.q) {
    const term = Search.normalize(q.q);
    out.push((a, op) => op.contains(a.titleKey, term));
  }
  if (q.closeFrom) out.push((a, op) => op.gte(a.closeDate, q.closeFrom));
  if (q.closeTo) out.push((a, op) => op.lte(a.closeDate, q.closeTo));
  if (q.amountMin !== undefined) out.push((a, op) => op.gte(a.amount, q.amountMin));
  if (q.amountMax !== undefined) out.push((a, op) => op.lte(a.amount, q.amountMax));
  return out;
}

/** DynamoDB pages of `limit` cards a filtered column reads at most per request. */
const MAX_READS = 10;
const conversions = createConversions(DealEntity);

/**
 * One page of a column in position order. Each read is limited to `limit` items, so an unfiltered page
 * is one read of exactly the cards shown; with filters (or a member's visibility) at most MAX_READS reads.
 * A sparse filter may then answer fewer cards with a cursor to go on, instead of scanning the column.
 */
async function page(pipelineId: string, stageId: string, scope: string[] | null, q: Query) {
  const filters = wheres(scope, q);
  const items: DealItem[] = [];
  let cursor: string | null = q.cursor ?? null;
  try {
    for (let read = 0; read < (filters.length ? MAX_READS : 1); read++) {
      let query: any = DealEntity.query.byColumn({ tenantId: useTenant(), pipelineId, stageId });
      for (const w of filters) query = query.where(w);
      const res = await query.go({ cursor, limit: q.limit });
      items.push(...(res.data as DealItem[]));
      cursor = res.cursor ?? null;
      if (!cursor || items.length >= q.limit) break;
    }
  } catch (err) {
    if (q.cursor) throw new ValidationError("The cursor is invalid; start from the first page.", { cursor: "Invalid." }, "cursor.invalid");
    throw err;
  }
  if (items.length > q.limit) {
    items.length = q.limit;
    const last = items[items.length - 1];
    cursor = conversions.byAccessPattern.byColumn.fromComposite.toCursor(last);
  }
  return { items: items.map(Deal.present), cursor };
}

/**
 * Column totals: the stage's own counters for those who see every deal; otherwise the sum of the owner
 * counters of the people whose deals the actor sees (a member: their own deals). An owner filter narrows
 * the totals to that owner. Either way one query per owner at most, never a read of the deals.
 */
async function totals(pipelineId: string, scope: string[] | null, ownerId: string | undefined) {
  if (scope === null && !ownerId) return { basis: "pipeline" as const, counts: await Pipeline.stageCounts(pipelineId) };
  const owners = ownerId ? (scope === null || scope.includes(ownerId) ? [ownerId] : []) : scope!;
  const counts = new Map<string, { count: number; amount: number }>();
  for (const one of await Promise.all(owners.map((o) => Pipeline.stageCounts(pipelineId, ownerScope(o))))) {
    for (const [stageId, c] of one) {
      const t = counts.get(stageId) ?? counts.set(stageId, { count: 0, amount: 0 }).get(stageId)!;
      t.count += c.count;
      t.amount += c.amount;
    }
  }
  return { basis: "owners" as const, counts };
}

/**
 * The board of a pipeline: per stage its count, total and weighted total, and the first page of cards.
 * Reads the pipeline, its counters and one bounded page per column, however many deals there are.
 */
export async function get(pipelineId: string, raw: unknown) {
  assertScope("deals:read");
  const q = parse(BoardQuery, raw ?? {});
  const pipeline = await Pipeline.load(pipelineId);
  const scope = await Visibility.ownerScope();
  const [sums, pages] = await Promise.all([
    totals(pipelineId, scope, q.ownerId),
    Promise.all(pipeline.stages.map((s) => page(pipelineId, s.stageId, scope, q))),
  ]);
  const column = (s: Stage, i: number) => {
    const c = sums.counts.get(s.stageId) ?? { count: 0, amount: 0 };
    return { stage: s, count: c.count, amount: c.amount, weightedAmount: ReportMath.weighted(c.amount, s.probability), ...pages[i] };
  };
  return {
    pipeline,
    /** `pipeline`: totals of every deal; `owners`: of the deals of the owners the actor sees (or the owner filtered on). */
    totals: sums.basis,
    filtered: !!(q.q || q.tag || q.closeFrom || q.closeTo || q.amountMin !== undefined || q.amountMax !== undefined),
    columns: pipeline.stages.map(column),
  };
}

/** The next page of one column (cursor from the board or the previous page). */
export async function column(pipelineId: string, stageId: string, raw: unknown) {
  assertScope("deals:read");
  const q = parse(ColumnQuery, raw ?? {});
  const pipeline = await Pipeline.load(pipelineId);
  if (!pipeline.stages.some((s) => s.stageId === stageId)) throw new NotFoundError("stage");
  return page(pipelineId, stageId, await Visibility.ownerScope(), q);
}

