import { assertScope, useTenant } from "../actor";
import { Contract } from "../contracts/contract";
import { ConflictError, DomainError, ValidationError } from "../errors";
import { Deal } from "../sales/deal";
import { DealMove } from "../sales/deal-move";
import { Pipeline } from "../sales/pipeline";
import { Tx } from "../tx";
import { parse } from "../validation";
import { ApprovalLock } from "./lock";
import { ApprovalRequest, type Opened, type Pending } from "./request";

export * as ApprovalGate from "./gate";

/**
 * The guarded actions. Each checks the action as if it applied now, then either applies it or, when a
 * flow guards it, writes the request and locks the record in one transaction and answers `Pending`
 * (the API's 202). A contract created under a flow is written in `pending_approval` instead (Contract.create).
 */

async function hold(opened: Opened, recordType: "deal" | "contract", recordId: string, version: number): Promise<Pending> {
  const tenantId = useTenant();
  const tx = new Tx(tenantId).add(
    ApprovalLock.lockOp({ tenantId, recordType, recordId }, version, opened.item.approvalId, opened.item.createdAt),
    () => new ConflictError(),
  );
  opened.addTo(tx);
  await tx.run();
  return opened.after();
}

const STAGE_NEEDS_APPROVAL = "Entering this stage needs approval. Create the deal in an open stage, then move it to ask for approval.";
const DISCOUNT_NEEDS_APPROVAL = "This discount needs approval. Create the deal without it, then set the discount to ask for approval.";

/** For actions that can't wait for approval (creates, bulk sync rows): 409 `approval.required` when a flow would hold them. */
export async function refuseIfGuarded(facts: ApprovalRequest.Facts, message: string): Promise<void> {
  if (await ApprovalRequest.guarded(facts)) throw new DomainError("approval.required", message, 409);
}

/**
 * A new deal. A create can't wait for approval, so a deal a flow would guard — opened straight in a guarded
 * stage, or with a discount above a flow's threshold — is refused with what to do instead; nothing is written.
 */
export async function create(raw: unknown): Promise<Deal.Deal> {
  assertScope("deals:write");
  const input = parse(Deal.DealInput, raw);
  if (input.stageId) await refuseIfGuarded({ trigger: "deal.stage", toStageId: input.stageId }, STAGE_NEEDS_APPROVAL);
  if (input.discount != null) await refuseIfGuarded({ trigger: "deal.discount", from: null, to: input.discount }, DISCOUNT_NEEDS_APPROVAL);
  return Deal.create(input);
}

/** A synced deal's stage move or discount: applied only when no flow would hold it (a sync can't wait). */
export async function refuseSyncChange(deal: { discount?: number | null }, change: { stageId?: string; discount?: number | null }): Promise<void> {
  if (change.stageId) await refuseIfGuarded({ trigger: "deal.stage", toStageId: change.stageId }, "Entering this stage needs approval: move the deal in the app or with POST /api/deals/:dealId/move.");
  if (change.discount != null) {
    await refuseIfGuarded({ trigger: "deal.discount", from: deal.discount ?? null, to: change.discount }, "This discount needs approval: set it in the app or with PATCH /api/deals/:dealId.");
  }
}

/** A stage move, held when a flow guards the stage it enters (the move's own checks run first). */
export async function move(dealId: string, raw: unknown): Promise<Deal.Deal | Pending> {
  assertScope("deals:write");
  const input = parse(DealMove.MoveInput, raw);
  const deal = await Deal.load(dealId);
  ApprovalLock.assertFree(deal);
  if (input.stageId === deal.stageId) return DealMove.move(dealId, input);
  const pipeline = await Pipeline.load(deal.pipelineId);
  const to = pipeline.stages.find((s) => s.stageId === input.stageId);
  const from = pipeline.stages.find((s) => s.stageId === deal.stageId);
  if (!to || !from) return DealMove.move(dealId, input); // the move itself answers the bad stage
  DealMove.checkRequirements(deal, from, to);
  if (to.kind !== "open" && !input.reason) throw Deal.reasonRequired(to);
  const opened = await ApprovalRequest.open({
    trigger: "deal.stage", facts: { trigger: "deal.stage", toStageId: to.stageId }, recordType: "deal", recordId: dealId, recordTitle: deal.title, ownerId: deal.ownerId,
    action: { stageId: to.stageId, stageName: to.name, ...(input.reason ? { reason: input.reason } : {}) }, summary: `${from.name} → ${to.name}`,
  });
  if (!opened) return DealMove.move(dealId, input);
  if (deal.version !== input.version) throw new ConflictError();
  return hold(opened, "deal", dealId, input.version);
}

/** A deal edit, held (the whole patch) when it raises the discount above a flow's threshold. */
export async function update(dealId: string, raw: unknown): Promise<Deal.Deal | Pending> {
  assertScope("deals:write");
  const patch = parse(Deal.DealPatch, raw);
  if (patch.discount === undefined) return Deal.update(dealId, patch);
  const deal = await Deal.load(dealId);
  ApprovalLock.assertFree(deal);
  const { version, ...changes } = patch;
  const opened = await ApprovalRequest.open({
    trigger: "deal.discount", facts: { trigger: "deal.discount", from: deal.discount ?? null, to: patch.discount }, recordType: "deal", recordId: dealId,
    recordTitle: deal.title, ownerId: deal.ownerId, action: { patch: changes }, summary: `Discount ${deal.discount ?? 0}% → ${patch.discount ?? 0}%`,
  });
  if (!opened) return Deal.update(dealId, patch);
  if (deal.version !== version) throw new ConflictError();
  return hold(opened, "deal", dealId, version);
}

/** A payment, held when a flow guards payments of its amount; the contract is locked meanwhile. */
export async function recordPayment(contractId: string, raw: unknown): Promise<Awaited<ReturnType<typeof Contract.recordPayment>> | Pending> {
  assertScope("deals:write");
  const input = parse(Contract.PaymentInput, raw);
  const c = await Contract.load(contractId);
  ApprovalLock.assertFree(c);
  if (input.instalmentId && !((c.instalments as Array<{ instalmentId: string }>) ?? []).some((i) => i.instalmentId === input.instalmentId)) {
    throw new ValidationError("The instalment is not in this contract's plan.", { instalmentId: "Unknown instalment." });
  }
  const opened = await ApprovalRequest.open({
    trigger: "payment.record", facts: { trigger: "payment.record", amount: input.amount }, recordType: "contract", recordId: contractId,
    recordTitle: `${c.number} ${c.title}`, ownerId: c.ownerId, action: { payment: input }, summary: `${input.amount / 100} ${c.currency} · ${input.paidOn}`,
  });
  if (!opened) return Contract.recordPayment(contractId, input);
  return hold(opened, "contract", contractId, c.version);
}
