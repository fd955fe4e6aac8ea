import { z } from "zod";
import { assertScope, useTenant } from "../actor";
import { DealEntity, type DealItem } from "../db/deal";
import { DealHistoryEntity } from "../db/deal-history";
import { ConflictError, ValidationError } from "../errors";
import { now } from "../ports";
import { Tx } from "../tx";
import { Id, parse } from "../validation";
import { Counters } from "./counters";
import { Deal, Reason } from "./deal";
import { Ledger } from "./ledger";
import { Pipeline } from "./pipeline";
import { Position } from "./position";
import { type Stage, StageRules } from "./stage-rules";
import { ApprovalLock } from "../approvals/lock";

export * as DealMove from "./deal-move";

/**
 * Moves a deal to a stage (or within its column): `afterId` is the card it lands below, `beforeId` the
 * card it lands above (either, both, or neither for the top of the column). Needs the deal's version.
 */
export const MoveInput = z.strictObject({
  version: z.number().int().positive(),
  stageId: Id,
  beforeId: Id.optional(),
  afterId: Id.optional(),
  reason: Reason.optional(),
});

type Column = { tenantId: string; pipelineId: string; stageId: string };

function badAnchor(field: "beforeId" | "afterId") {
  return new ValidationError("Place the deal next to a card of the target column.", { [field]: "Not a card of that column." }, "deal.bad_anchor");
}

async function anchor(column: Column, dealId: string, self: string, field: "beforeId" | "afterId"): Promise<DealItem> {
  if (dealId === self) throw badAnchor(field);
  const { data } = await DealEntity.get({ tenantId: column.tenantId, dealId }).go();
  if (!data || data.pipelineId !== column.pipelineId || data.stageId !== column.stageId) throw badAnchor(field);
  return data;
}

/**
 * The new position key: between the anchors and their neighbours in the column's index. At most two
 * reads, whatever the column's length; the moved deal itself is skipped where it shows up as a neighbour.
 */
async function positionFor(column: Column, self: string, input: { beforeId?: string; afterId?: string }): Promise<string> {
  const q = () => DealEntity.query.byColumn(column);
  const other = (items: DealItem[]) => items.find((d) => d.dealId !== self);
  if (input.afterId && input.beforeId) {
    const [a, b] = await Promise.all([anchor(column, input.afterId, self, "afterId"), anchor(column, input.beforeId, self, "beforeId")]);
    if (a.position <= b.position) return Position.jittered(a.position, b.position);
  }
  if (input.afterId) {
    const a = await anchor(column, input.afterId, self, "afterId");
    const { data } = await q().gt({ position: a.position, dealId: a.dealId }).go({ limit: 2 });
    return Position.jittered(a.position, other(data)?.position ?? null);
  }
  if (input.beforeId) {
    const b = await anchor(column, input.beforeId, self, "beforeId");
    const { data } = await q().lt({ position: b.position, dealId: b.dealId }).go({ limit: 2, order: "desc" });
    return Position.jittered(other(data)?.position ?? null, b.position);
  }
  const { data } = await q().go({ limit: 2 });
  return Position.jittered(null, other(data)?.position ?? null);
}

/** 400 `deal.stage_requirements` naming the fields the current stage wants filled before the deal leaves it. */
export function checkRequirements(deal: DealItem, from: Stage, to: Stage) {
  // Losing a deal is always allowed: nobody should have to invent an amount to close a dead deal.
  if (to.kind === "lost") return;
  const missing = StageRules.missingFields(deal, from.requiredFields);
  if (missing.length) {
    throw new ValidationError(
      `Fill in ${missing.join(", ")} before the deal leaves "${from.name}".`,
      Object.fromEntries(missing.map((f) => [f, `Required before leaving ${from.name}.`])),
      "deal.stage_requirements",
    );
  }
}

/**
 * Moves a deal: checks the stage it leaves, wants a reason for won and lost, records the stage history,
 * keeps the counters in the same transaction, and publishes `deal.stage_changed` (and `deal.won` or
 * `deal.lost`). A move within the column only writes the deal's new position.
 */
export async function move(dealId: string, raw: unknown, held?: ApprovalLock.Held): Promise<Deal.Deal> {
  assertScope("deals:write");
  const input = parse(MoveInput, raw);
  if (input.beforeId && input.beforeId === input.afterId) throw badAnchor("beforeId");
  const before = await Deal.load(dealId);
  ApprovalLock.assertFree(before, held);
  const pipeline = await Pipeline.load(before.pipelineId);
  const to = pipeline.stages.find((s) => s.stageId === input.stageId);
  if (!to) throw new ValidationError("The stage is not in this deal's pipeline.", { stageId: "Unknown stage." });
  const from = pipeline.stages.find((s) => s.stageId === before.stageId)!;
  const changed = to.stageId !== before.stageId;
  if (changed) {
    checkRequirements(before, from, to);
    if (to.kind !== "open" && !input.reason) throw Deal.reasonRequired(to);
  }
  if (input.reason && (!changed || to.kind === "open")) throw new ValidationError("A reason is only kept when a deal is won or lost.", { reason: "Only when entering a won or lost stage." });
  const tenantId = useTenant();
  const [position, month] = await Promise.all([positionFor({ tenantId, pipelineId: pipeline.pipelineId, stageId: to.stageId }, dealId, input), Deal.monthNow()]);
  if (!Position.isValid(position)) throw new ConflictError("This spot has been used too often; drop the deal at the top or bottom of the column.", "deal.position_exhausted");
  const at = now().toISOString();
  const after: DealItem = { ...before, stageId: to.stageId, position, version: before.version + 1, updatedAt: at };
  delete after.approvalId;
  let reached: string[] = [];
  if (changed) {
    reached = Counters.newlyReached(pipeline.stages, to.stageId, before.reached ?? []);
    Object.assign(after, { status: to.kind, stageEnteredAt: at, reached: [...(before.reached ?? []), ...reached] });
    delete after.wonReason;
    delete after.lostReason;
    delete after.closedAt;
    delete after.closedMonth;
    if (to.kind !== "open") Object.assign(after, { closedAt: at, closedMonth: month, [to.kind === "won" ? "wonReason" : "lostReason"]: input.reason });
  }
  const tx = new Tx(tenantId).add(() => DealEntity.put(after).where((a, op) => op.eq(a.version, input.version)), () => new ConflictError());
  if (changed) {
    tx.add(() => DealHistoryEntity.create(Deal.historyItem(after, to, from, input.reason)));
    const flows = Counters.entryFlows({ pipelineId: pipeline.pipelineId, month, stageId: to.stageId, reached });
    Ledger.addTo(tx, tenantId, Counters.changes(Deal.facts(before), Deal.facts(after), flows), { stageId: to.stageId, kind: to.kind });
  }
  tx.audit({ action: changed ? "deal.stage_changed" : "deal.reordered", recordType: "deal", recordId: dealId, before: Deal.present(before), after: Deal.present(after) });
  if (changed) {
    const change = { deal: Deal.present(after), fromStageId: from.stageId, toStageId: to.stageId, reason: input.reason ?? null };
    tx.event("deal.stage_changed", change);
    if (to.kind !== "open") tx.event(`deal.${to.kind}`, change);
  }
  held?.extend(tx);
  await tx.run();
  return Deal.present(after);
}
