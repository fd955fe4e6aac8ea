import { z } from "zod";
import { assertScope, useTenant } from "../actor";
import { ApprovalFlowEntity, type ApprovalFlowItem } from "../db/approval";
import { ConflictError, NotFoundError, ValidationError } from "../errors";
import { newId } from "../id";
import { now } from "../ports";
import { Tx } from "../tx";
import { Id, Name, parse } from "../validation";
import type { ApprovalRules } from "./rules";

export * as ApprovalFlow from "./flow";

const MAX_FLOWS = 50;
export const TRIGGERS = ["contract.create", "payment.record", "deal.discount", "deal.stage"] as const;
export const StepInput = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("user"), userId: Id }),
  z.strictObject({ type: z.literal("manager") }),
  z.strictObject({ type: z.literal("role"), role: z.enum(["owner", "admin", "manager", "member"]) }),
]);
const Fields = {
  name: Name,
  trigger: z.enum(TRIGGERS),
  minAmount: z.number().int().min(0).max(1e12).nullable(),
  discountAbove: z.number().min(0).max(100).nullable(),
  stageIds: z.array(Id).max(50),
  steps: z.array(StepInput).min(1, "Add at least one step.").max(10),
  active: z.boolean(),
};
export const FlowInput = z.strictObject(Fields).partial().required({ name: true, trigger: true, steps: true });
export const FlowPatch = z.strictObject(Fields).partial().extend({ version: z.number().int().positive() });

export function present(f: ApprovalFlowItem) {
  const { tenantId: _t, ...rest } = f;
  return {
    ...rest,
    minAmount: rest.minAmount ?? null, discountAbove: rest.discountAbove ?? null, stageIds: rest.stageIds ?? [],
    steps: (rest.steps ?? []).map((s) => ({ type: s.type as "user" | "manager" | "role", userId: s.userId ?? null, role: s.role ?? null })),
  };
}
export type Flow = ReturnType<typeof present>;

/** The trigger's own settings must be there: a stage flow names stages, a discount flow its threshold. */
function check(f: { trigger: string; stageIds?: string[]; discountAbove?: number | null }) {
  if (f.trigger === "deal.stage" && !(f.stageIds ?? []).length) throw new ValidationError("Choose the stages that need approval.", { stageIds: "Required for stage moves." });
  if (f.trigger === "deal.discount" && (f.discountAbove === undefined || f.discountAbove === null)) throw new ValidationError("Set the discount above which approval is needed.", { discountAbove: "Required for discounts." });
}

function compact<T extends Record<string, unknown>>(o: T): T {
  for (const k of Object.keys(o)) if (o[k] === null || o[k] === undefined) delete o[k];
  return o;
}

/** Every flow of the tenant, oldest first (one query; a tenant has a handful). */
export async function all(): Promise<ApprovalFlowItem[]> {
  const { data } = await ApprovalFlowEntity.query.primary({ tenantId: useTenant() }).go({ pages: "all" });
  return data.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

/** A flow as the pure rules read it. */
export function asRule(f: ApprovalFlowItem): ApprovalRules.Flow {
  return { ...f, steps: f.steps as ApprovalRules.Step[] } as ApprovalRules.Flow;
}

export async function list() {
  assertScope("settings:read");
  return { items: (await all()).map(present) };
}

async function load(flowId: string): Promise<ApprovalFlowItem> {
  const { data } = await ApprovalFlowEntity.get({ tenantId: useTenant(), flowId }).go();
  if (!data) throw new NotFoundError("approval flow");
  return data;
}

export async function get(flowId: string) {
  assertScope("settings:read");
  return present(await load(flowId));
}

export async function create(raw: unknown) {
  assertScope("settings:write");
  const input = parse(FlowInput, raw);
  check(input);
  const tenantId = useTenant();
  if ((await all()).length >= MAX_FLOWS) throw new ValidationError(`A workspace has at most ${MAX_FLOWS} approval flows.`, { name: "Too many flows." }, "approval.too_many_flows");
  const at = now().toISOString();
  const item = compact({ ...input, tenantId, flowId: newId(), active: input.active ?? true, version: 1, createdAt: at, updatedAt: at }) as ApprovalFlowItem;
  await new Tx(tenantId).add(() => ApprovalFlowEntity.create(item)).audit({ action: "approval_flow.created", recordType: "approval_flow", recordId: item.flowId, after: present(item) }).run();
  return present(item);
}

export async function update(flowId: string, raw: unknown) {
  assertScope("settings:write");
  const { version, ...changes } = parse(FlowPatch, raw);
  const before = await load(flowId);
  const after = compact({ ...before, ...changes, version: before.version + 1, updatedAt: now().toISOString() } as Record<string, unknown>) as ApprovalFlowItem;
  check(after);
  await new Tx(before.tenantId)
    .add(() => ApprovalFlowEntity.put(after).where((a, op) => op.eq(a.version, version)), () => new ConflictError())
    .audit({ action: "approval_flow.updated", recordType: "approval_flow", recordId: flowId, before: present(before), after: present(after) })
    .run();
  return present(after);
}

/** Deletes a flow; requests already running keep their copied steps and finish as they started. */
export async function remove(flowId: string) {
  assertScope("settings:write");
  const before = await load(flowId);
  await new Tx(before.tenantId)
    .add(() => ApprovalFlowEntity.delete({ tenantId: before.tenantId, flowId }).where((a, op) => op.eq(a.version, before.version)), () => new ConflictError())
    .audit({ action: "approval_flow.deleted", recordType: "approval_flow", recordId: flowId, before: present(before) })
    .run();
}
