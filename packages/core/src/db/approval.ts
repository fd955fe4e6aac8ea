import { Entity, type EntityItem } from "electrodb";
import { entityConfig, SERVICE } from "./config";

const Step = { type: "map", properties: { type: { type: "string", required: true }, userId: { type: "string" }, role: { type: "string" } } } as const;

/** An approval flow (审批流程): what it guards, when, and its ordered steps. A tenant has a handful; all are read at once. */
export const ApprovalFlowEntity = new Entity(
  {
    model: { entity: "approvalflow", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true, readOnly: true },
      flowId: { type: "string", required: true, readOnly: true },
      name: { type: "string", required: true },
      trigger: { type: ["contract.create", "payment.record", "deal.discount", "deal.stage"] as const, required: true },
      /** contract.create / payment.record: applies at or above this amount (minor unit); unset: always. */
      minAmount: { type: "number" },
      /** deal.discount: applies when the discount percent rises above this. */
      discountAbove: { type: "number" },
      /** deal.stage: the stages whose entry needs approval. */
      stageIds: { type: "list", items: { type: "string" } },
      steps: { type: "list", items: Step, required: true },
      active: { type: "boolean", required: true },
      version: { type: "number", required: true },
      createdAt: { type: "string", required: true, readOnly: true },
      updatedAt: { type: "string", required: true },
    },
    indexes: {
      primary: { pk: { field: "pk", composite: ["tenantId"] }, sk: { field: "sk", composite: ["flowId"] } },
    },
  },
  entityConfig(),
);
export type ApprovalFlowItem = EntityItem<typeof ApprovalFlowEntity>;

/**
 * An approval request: the held action, the flow's steps copied at request time (a later edit of the flow
 * does not change a running request), the current step and its approvers, and the decisions so far.
 * Every decision is conditional on `version`, so two approvers acting at once cannot both decide a step.
 */
export const ApprovalRequestEntity = new Entity(
  {
    model: { entity: "approvalrequest", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true, readOnly: true },
      approvalId: { type: "string", required: true, readOnly: true },
      flowId: { type: "string", required: true },
      flowName: { type: "string", required: true },
      trigger: { type: ["contract.create", "payment.record", "deal.discount", "deal.stage"] as const, required: true },
      recordType: { type: ["deal", "contract"] as const, required: true },
      recordId: { type: "string", required: true },
      recordTitle: { type: "string", required: true },
      ownerId: { type: "string", required: true },
      requesterId: { type: "string", required: true },
      status: { type: ["pending", "approved", "rejected", "cancelled"] as const, required: true },
      step: { type: "number", required: true },
      steps: { type: "list", items: Step, required: true },
      /** Who may decide the current step: `user#<id>` or `role#<role>` keys (also the inbox items' keys). */
      approvers: { type: "list", items: { type: "string" }, required: true },
      decisions: {
        type: "list",
        items: { type: "map", properties: { step: { type: "number" }, by: { type: "string" }, decision: { type: "string" }, comment: { type: "string" }, at: { type: "string" } } },
      },
      /** The held action's input (a stage move, a deal patch, a payment, the contract's requested status). */
      action: { type: "any", required: true },
      summary: { type: "string", required: true },
      version: { type: "number", required: true },
      createdAt: { type: "string", required: true, readOnly: true },
      updatedAt: { type: "string", required: true },
      decidedAt: { type: "string" },
    },
    indexes: {
      primary: { pk: { field: "pk", composite: ["tenantId", "approvalId"] }, sk: { field: "sk", composite: [] } },
      byRequester: { index: "gsi1", pk: { field: "gsi1pk", composite: ["tenantId", "requesterId"] }, sk: { field: "gsi1sk", composite: ["createdAt", "approvalId"] } },
      byRecord: { index: "gsi2", pk: { field: "gsi2pk", composite: ["tenantId", "recordType", "recordId"] }, sk: { field: "gsi2sk", composite: ["createdAt", "approvalId"] } },
      byTenant: { index: "gsi3", pk: { field: "gsi3pk", composite: ["tenantId"] }, sk: { field: "gsi3sk", composite: ["createdAt", "approvalId"] } },
    },
  },
  entityConfig(),
);
export type ApprovalRequestItem = EntityItem<typeof ApprovalRequestEntity>;

/**
 * The approvers' inbox: one item per approver key (`user#<id>`, `role#<role>`) of a request's current
 * step, written and removed in the same transaction as the step changes, so "my pending approvals" is one
 * query per key and never a filter over requests.
 */
export const ApprovalInboxEntity = new Entity(
  {
    model: { entity: "approvalinbox", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true, readOnly: true },
      approverKey: { type: "string", required: true, readOnly: true },
      createdAt: { type: "string", required: true, readOnly: true },
      approvalId: { type: "string", required: true, readOnly: true },
    },
    indexes: {
      primary: { pk: { field: "pk", composite: ["tenantId", "approverKey"] }, sk: { field: "sk", composite: ["createdAt", "approvalId"] } },
    },
  },
  entityConfig(),
);
