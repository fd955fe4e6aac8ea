import { withActor } from "../actor";
import { Contract } from "../contracts/contract";
import { ContractEntity } from "../db/contract";
import { DealEntity } from "../db/deal";
import type { ApprovalRequestItem } from "../db/approval";
import { NotFoundError } from "../errors";
import { Deal } from "../sales/deal";
import { DealMove } from "../sales/deal-move";
import type { ApprovalLock } from "./lock";

export * as ApprovalApply from "./apply";

/**
 * Applies a request's held action with the final approval's writes in the same transaction (`held`):
 * the action commits with the decision or neither does. It runs as the system on behalf of the flow,
 * since an approver by role may not otherwise see the record.
 */
export async function apply(r: ApprovalRequestItem, held: ApprovalLock.Held): Promise<void> {
  const action = r.action as Record<string, unknown>;
  await withActor({ type: "system", tenantId: r.tenantId, reason: "approval" }, async () => {
    if (r.recordType === "deal") {
      const { data } = await DealEntity.get({ tenantId: r.tenantId, dealId: r.recordId }).go();
      if (!data) throw new NotFoundError("deal");
      if (r.trigger === "deal.stage") {
        await DealMove.move(r.recordId, { version: data.version, stageId: action.stageId, ...(action.reason ? { reason: action.reason } : {}) }, held);
      } else {
        await Deal.update(r.recordId, { ...(action.patch as object), version: data.version }, held);
      }
      return;
    }
    const { data } = await ContractEntity.get({ tenantId: r.tenantId, contractId: r.recordId }).go();
    if (!data) throw new NotFoundError("contract");
    if (r.trigger === "payment.record") await Contract.recordPayment(r.recordId, action.payment, held);
    else await Contract.activate(r.recordId, (action.status as "active" | "ended") ?? "active", held);
  });
}
