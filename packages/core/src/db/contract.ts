import { Entity, type EntityItem } from "electrodb";
import { entityConfig, SERVICE } from "./config";

/**
 * A contract (合同) with a customer: its number (drawn from a per-period counter, never reused), amounts in
 * the currency's minor unit, dates, and its payment plan (回款计划) as a list of instalments.
 */
export const ContractEntity = new Entity(
  {
    model: { entity: "contract", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true, readOnly: true },
      contractId: { type: "string", required: true, readOnly: true },
      number: { type: "string", required: true, readOnly: true },
      title: { type: "string", required: true },
      companyId: { type: "string", required: true },
      contactId: { type: "string" },
      dealId: { type: "string" },
      ownerId: { type: "string", required: true },
      amount: { type: "number", required: true },
      currency: { type: "string", required: true },
      signedDate: { type: "string" },
      startDate: { type: "string" },
      endDate: { type: "string" },
      signer: { type: "string" },
      status: { type: ["draft", "active", "ended", "terminated", "pending_approval"] as const, required: true },
      /** The pending approval request that locks the contract (see approvals/). */
      approvalId: { type: "string" },
      /** [{ instalmentId, amount, dueDate }] */
      instalments: { type: "any", required: true },
      /** Sum of recorded payments (minor unit). */
      collected: { type: "number", required: true, default: 0 },
      /** The payments in short, appended atomically with `collected`, so the plan's state needs only this item. */
      paymentLog: {
        type: "list",
        items: { type: "map", properties: { paymentId: { type: "string" }, amount: { type: "number" }, paidOn: { type: "string" }, instalmentId: { type: "string" } } },
      },
      notes: { type: "string" },
      version: { type: "number", required: true },
      createdAt: { type: "string", required: true, readOnly: true },
      updatedAt: { type: "string", required: true },
    },
    indexes: {
      primary: { pk: { field: "pk", composite: ["tenantId", "contractId"] }, sk: { field: "sk", composite: [] } },
      byCompany: { index: "gsi1", pk: { field: "gsi1pk", composite: ["tenantId", "companyId"] }, sk: { field: "gsi1sk", composite: ["createdAt", "contractId"] } },
      byUpdated: { index: "gsi2", pk: { field: "gsi2pk", composite: ["tenantId"] }, sk: { field: "gsi2sk", composite: ["updatedAt", "contractId"] } },
    },
  },
  entityConfig(),
);
export type ContractItem = EntityItem<typeof ContractEntity>;

/** A payment received (回款) against a contract, optionally for one instalment. */
export const PaymentEntity = new Entity(
  {
    model: { entity: "payment", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true, readOnly: true },
      contractId: { type: "string", required: true, readOnly: true },
      paymentId: { type: "string", required: true, readOnly: true },
      amount: { type: "number", required: true },
      paidOn: { type: "string", required: true },
      instalmentId: { type: "string" },
      method: { type: "string" },
      note: { type: "string" },
      recordedBy: { type: "string", required: true },
      createdAt: { type: "string", required: true, readOnly: true },
    },
    indexes: {
      primary: { pk: { field: "pk", composite: ["tenantId", "contractId"] }, sk: { field: "sk", composite: ["paymentId"] } },
    },
  },
  entityConfig(),
);
export type PaymentItem = EntityItem<typeof PaymentEntity>;

/** How contract numbers are made, and how early the owner hears of an ending contract. */
export const ContractSettingsEntity = new Entity(
  {
    model: { entity: "contractsettings", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true, readOnly: true },
      pattern: { type: "string", required: true },
      reset: { type: ["never", "yearly", "monthly", "daily"] as const, required: true },
      remindDaysBeforeEnd: { type: "number", required: true },
      version: { type: "number", required: true },
      updatedAt: { type: "string", required: true },
    },
    indexes: {
      primary: { pk: { field: "pk", composite: ["tenantId"] }, sk: { field: "sk", composite: [] } },
    },
  },
  entityConfig(),
);
