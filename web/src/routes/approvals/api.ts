import { call } from "../../api";

/** Approvals (审批): the typed client. A held action answers 202 with `{ status: "pending", approval }`. */
export type Trigger = "contract.create" | "payment.record" | "deal.discount" | "deal.stage";
export const TRIGGERS: Trigger[] = ["contract.create", "payment.record", "deal.discount", "deal.stage"];
export interface Step { type: "user" | "manager" | "role"; userId: string | null; role: string | null }
export interface Flow {
  flowId: string; name: string; trigger: Trigger; minAmount: number | null; discountAbove: number | null; stageIds: string[];
  steps: Step[]; active: boolean; version: number; createdAt: string; updatedAt: string;
}
export interface FlowInput { name: string; trigger: Trigger; minAmount?: number | null; discountAbove?: number | null; stageIds?: string[]; steps: ({ type: "user"; userId: string } | { type: "manager" } | { type: "role"; role: string })[]; active?: boolean }
export interface Decision { step: number; by: string; decision: string; comment: string | null; at: string }
export interface Approval {
  approvalId: string; flowId: string; flowName: string; trigger: Trigger; recordType: "deal" | "contract"; recordId: string; recordTitle: string;
  ownerId: string; requesterId: string; status: "pending" | "approved" | "rejected" | "cancelled"; step: number; steps: Step[]; approvers: string[];
  decisions: Decision[]; summary: string; version: number; createdAt: string; updatedAt: string; decidedAt: string | null;
}
export type Box = "mine" | "requested" | "all";

const id = encodeURIComponent;
export const approvalsApi = {
  flows: () => call<{ items: Flow[] }>("GET", "/approval-flows"),
  createFlow: (input: FlowInput) => call<Flow>("POST", "/approval-flows", input),
  updateFlow: (flowId: string, input: Partial<FlowInput> & { version: number }) => call<Flow>("PATCH", `/approval-flows/${id(flowId)}`, input),
  removeFlow: (flowId: string) => call<void>("DELETE", `/approval-flows/${id(flowId)}`),
  list: (box: Box, cursor?: string) => call<{ items: Approval[]; cursor: string | null }>("GET", `/approvals?box=${box}${cursor ? `&cursor=${id(cursor)}` : ""}`),
  get: (approvalId: string) => call<Approval>("GET", `/approvals/${id(approvalId)}`),
  badge: () => call<{ pending: number }>("GET", "/approval-badge"),
  approve: (approvalId: string, comment?: string) => call<Approval>("POST", `/approvals/${id(approvalId)}/approve`, comment ? { comment } : {}),
  reject: (approvalId: string, comment: string) => call<Approval>("POST", `/approvals/${id(approvalId)}/reject`, { comment }),
  cancel: (approvalId: string) => call<Approval>("POST", `/approvals/${id(approvalId)}/cancel`, {}),
};

/** A record link for a request. */
export const recordLink = (a: { recordType: string; recordId: string }) => `/${a.recordType}s/${a.recordId}`;
