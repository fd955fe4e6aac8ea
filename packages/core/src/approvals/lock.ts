import { ContractEntity } from "../db/contract";
import { DealEntity } from "../db/deal";
import { DomainError } from "../errors";

export * as ApprovalLock from "./lock";

/**
 * A record waiting for approval carries the request's id (`approvalId`). Edits, moves and deletes answer
 * 409 `approval.pending` until the request is decided or cancelled; only the request's own final
 * approval (`held`) may write it, and that write clears the lock.
 */
export interface Held {
  approvalId: string;
  /** Adds the final decision's writes to the transaction that applies the held action. */
  extend(tx: { add(op: () => object, onFail?: () => DomainError): unknown }): void;
}

export function pendingError(approvalId?: string): DomainError {
  return new DomainError("approval.pending", "This record is waiting for approval; it cannot change until the request is decided.", 409, undefined, approvalId ? { approvalId } : undefined);
}

/** Throws 409 `approval.pending` when the record is locked by a request other than `held`. */
export function assertFree(record: { approvalId?: string }, held?: Held): void {
  if (record.approvalId && record.approvalId !== held?.approvalId) throw pendingError(record.approvalId);
}

type Ref = { tenantId: string; recordType: "deal" | "contract"; recordId: string };

/** Locks a record for a request: only if it is still at `version` and not locked already (the version moves on). */
export function lockOp(r: Ref, version: number, approvalId: string, at: string) {
  const update = r.recordType === "deal" ? DealEntity.update({ tenantId: r.tenantId, dealId: r.recordId }) : ContractEntity.update({ tenantId: r.tenantId, contractId: r.recordId });
  return () => update.set({ approvalId, updatedAt: at }).add({ version: 1 }).where((a, op) => `${op.eq(a.version, version)} AND ${op.notExists(a.approvalId)}`);
}

/** Releases a record after a rejection or cancellation; a contract created for approval goes back to draft. */
export function unlockOp(r: Ref, approvalId: string, at: string, toDraft: boolean) {
  if (r.recordType === "deal") {
    return () => DealEntity.update({ tenantId: r.tenantId, dealId: r.recordId }).remove(["approvalId"]).set({ updatedAt: at }).add({ version: 1 }).where((a, op) => op.eq(a.approvalId, approvalId));
  }
  return () => ContractEntity.update({ tenantId: r.tenantId, contractId: r.recordId }).remove(["approvalId"]).set({ updatedAt: at, ...(toDraft ? { status: "draft" as const } : {}) }).add({ version: 1 }).where((a, op) => op.eq(a.approvalId, approvalId));
}
