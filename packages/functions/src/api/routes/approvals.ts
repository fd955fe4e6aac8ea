import type { Context } from "hono";
import { z } from "zod";
import { Approval } from "@crm/core/approvals/approval";
import { ApprovalFlow } from "@crm/core/approvals/flow";
import { route, type RouteSpec } from "../route";

const tags = ["approvals"];
const feature = "approvals" as const;
const TRIGGER = z.enum(["contract.create", "payment.record", "deal.discount", "deal.stage"]);
const Step = z.strictObject({ type: z.enum(["user", "manager", "role"]), userId: z.string().nullable(), role: z.string().nullable() });

const FlowOut = z.strictObject({
  flowId: z.string(), name: z.string(), trigger: TRIGGER, minAmount: z.number().nullable(), discountAbove: z.number().nullable(), stageIds: z.array(z.string()),
  steps: z.array(Step), active: z.boolean(), version: z.number(), createdAt: z.string(), updatedAt: z.string(),
});

export const ApprovalOut = z.strictObject({
  approvalId: z.string(), flowId: z.string(), flowName: z.string(), trigger: TRIGGER, recordType: z.enum(["deal", "contract"]), recordId: z.string(), recordTitle: z.string(),
  ownerId: z.string(), requesterId: z.string(), status: z.enum(["pending", "approved", "rejected", "cancelled"]), step: z.number(), steps: z.array(Step),
  /** `user#<id>` or `role#<role>`. */
  approvers: z.array(z.string()),
  decisions: z.array(z.strictObject({ step: z.number(), by: z.string(), decision: z.string(), comment: z.string().nullable(), at: z.string() })),
  action: z.record(z.string(), z.unknown()), summary: z.string(), version: z.number(), createdAt: z.string(), updatedAt: z.string(), decidedAt: z.string().nullable(),
});

/** The 202 body of an action held for approval: nothing changed yet. */
export const Pending = z.strictObject({ status: z.literal("pending"), approval: ApprovalOut });

/** Answers a guarded action: 202 with the request when it was held, otherwise the result as the route declares it. */
export async function heldOr(c: Context, result: Promise<unknown>): Promise<unknown> {
  const out = await result;
  if (out && typeof out === "object" && (out as { status?: unknown }).status === "pending" && "approval" in out) return c.json(out, 202);
  return out;
}

/** Approvals (审批): flows (settings) and requests (the inbox, decisions). */
export const approvalRoutes: RouteSpec[] = [
  route({ method: "get", path: "/api/approval-flows", summary: "Approval flows: what needs approval and who approves each step", auth: "tenant", scope: "settings:read", feature, tags,
    response: z.strictObject({ items: z.array(FlowOut) }), handler: () => ApprovalFlow.list() }),
  route({ method: "post", path: "/api/approval-flows", summary: "Create an approval flow (contracts, payments, deal discounts or stage moves; ordered steps)", auth: "tenant", scope: "settings:write", feature, tags,
    body: ApprovalFlow.FlowInput, status: 201, response: FlowOut, handler: ({ body }) => ApprovalFlow.create(body) }),
  route({ method: "get", path: "/api/approval-flows/:approvalFlowId", summary: "An approval flow", auth: "tenant", scope: "settings:read", feature, tags,
    response: FlowOut, handler: ({ params }) => ApprovalFlow.get(params.approvalFlowId) }),
  route({ method: "patch", path: "/api/approval-flows/:approvalFlowId", summary: "Change an approval flow (needs its version); running requests keep their steps", auth: "tenant", scope: "settings:write", feature, tags,
    body: ApprovalFlow.FlowPatch, response: FlowOut, handler: ({ params, body }) => ApprovalFlow.update(params.approvalFlowId, body) }),
  route({ method: "delete", path: "/api/approval-flows/:approvalFlowId", summary: "Delete an approval flow", auth: "tenant", scope: "settings:write", feature, tags,
    handler: ({ params }) => ApprovalFlow.remove(params.approvalFlowId) }),
  route({ method: "get", path: "/api/approvals", summary: "Approval requests: waiting for me (box=mine), mine (requested) or, for admins, all", auth: "tenant", scope: "deals:read", feature, tags,
    query: Approval.ListQuery, response: z.strictObject({ items: z.array(ApprovalOut), cursor: z.string().nullable() }), handler: ({ query }) => Approval.list(query) }),
  route({ method: "get", path: "/api/approval-badge", summary: "How many approvals wait for me", auth: "tenant", scope: "deals:read", feature, tags,
    response: z.strictObject({ pending: z.number() }), handler: () => Approval.count() }),
  route({ method: "get", path: "/api/approvals/:approvalId", summary: "An approval request with its steps and decisions", auth: "tenant", scope: "deals:read", feature, tags,
    response: ApprovalOut, handler: ({ params }) => Approval.get(params.approvalId) }),
  route({ method: "post", path: "/api/approvals/:approvalId/approve", summary: "Approve the current step; the last approval applies the held action", auth: "tenant", scope: "deals:write", feature, tags,
    body: Approval.DecisionInput, response: ApprovalOut, handler: ({ params, body }) => Approval.decide(params.approvalId, "approve", body) }),
  route({ method: "post", path: "/api/approvals/:approvalId/reject", summary: "Reject with a comment: the record is released and the requester told", auth: "tenant", scope: "deals:write", feature, tags,
    body: Approval.RejectInput, response: ApprovalOut, handler: ({ params, body }) => Approval.decide(params.approvalId, "reject", body) }),
  route({ method: "post", path: "/api/approvals/:approvalId/cancel", summary: "Withdraw my request: the record is released", auth: "tenant", scope: "deals:write", feature, tags,
    body: Approval.DecisionInput, response: ApprovalOut, handler: ({ params, body }) => Approval.decide(params.approvalId, "cancel", body) }),
];
