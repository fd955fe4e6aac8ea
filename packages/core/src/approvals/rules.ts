export * as ApprovalRules from "./rules";

/**
 * The pure part of approvals: which flow guards an action, who approves a step, whether a person may
 * decide it, and where a decision leaves the request. No I/O: the callers pass the members and the flows.
 */

export type Trigger = "contract.create" | "payment.record" | "deal.discount" | "deal.stage";
export type Role = "owner" | "admin" | "manager" | "member" | "viewer";
export interface Step { type: "user" | "manager" | "role"; userId?: string; role?: string }
export interface Flow { flowId: string; trigger: Trigger; active: boolean; minAmount?: number; discountAbove?: number; stageIds?: string[]; steps: Step[]; createdAt: string }
export interface Member { userId: string; role: Role; teamIds?: string[] }

/** What the guarded action is about: an amount (contracts, payments), a discount raised from → to, a stage entered. */
export type Facts =
  | { trigger: "contract.create" | "payment.record"; amount: number }
  | { trigger: "deal.discount"; from: number | null; to: number | null }
  | { trigger: "deal.stage"; toStageId: string };

/** Whether `flow` guards the action. A discount needs approval only when it rises above the threshold. */
export function matches(flow: Flow, facts: Facts): boolean {
  if (!flow.active || flow.trigger !== facts.trigger || !flow.steps.length) return false;
  switch (facts.trigger) {
    case "contract.create":
    case "payment.record":
      return flow.minAmount === undefined || facts.amount >= flow.minAmount;
    case "deal.discount": {
      const limit = flow.discountAbove ?? 0;
      return facts.to !== null && facts.to > limit && facts.to > (facts.from ?? 0);
    }
    case "deal.stage":
      return (flow.stageIds ?? []).includes(facts.toStageId);
  }
}

/** The flow that guards the action: the oldest active one that matches (flows are few; order is stable). */
export function pick(flows: Flow[], facts: Facts): Flow | undefined {
  return [...flows].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.flowId.localeCompare(b.flowId)).find((f) => matches(f, facts));
}

const ADMIN_ROLES: Role[] = ["owner", "admin"];
const userKey = (id: string) => `user#${id}`;
export const roleKey = (role: string) => `role#${role}`;

/** The workspace's admins and owner: who approves when a step has nobody else. */
function admins(members: Member[]): string[] {
  return members.filter((m) => ADMIN_ROLES.includes(m.role)).map((m) => userKey(m.userId)).sort();
}

/**
 * Who may decide a step, as inbox keys. A named user (still a member, not a viewer); the record owner's
 * managers (members with the manager role sharing a team with the owner, the owner excluded); or anyone
 * holding a role (`role#<role>`, so someone given the role later sees the request too). A step that
 * resolves to nobody falls back to the admins, so no request is stuck without an approver.
 */
export function approversOf(step: Step, ownerId: string, members: Member[]): string[] {
  if (step.type === "user") {
    const m = members.find((x) => x.userId === step.userId);
    if (m && m.role !== "viewer") return [userKey(m.userId)];
  }
  if (step.type === "manager") {
    const owner = members.find((x) => x.userId === ownerId);
    const teams = new Set(owner?.teamIds ?? []);
    const managers = members.filter((m) => m.role === "manager" && m.userId !== ownerId && (m.teamIds ?? []).some((t) => teams.has(t)));
    if (managers.length) return managers.map((m) => userKey(m.userId)).sort();
  }
  if (step.type === "role" && step.role) return [roleKey(step.role)];
  return admins(members);
}

/** Whether a person (by id and role) is among a step's approvers. */
export function mayDecide(approvers: string[], userId: string, role: string | undefined): boolean {
  return approvers.includes(userKey(userId)) || (role !== undefined && approvers.includes(roleKey(role)));
}

export type Outcome = { status: "pending"; step: number } | { status: "approved" } | { status: "rejected" };

/** Where a decision on step `step` of `stepCount` leaves the request: the next step, approved after the last, or rejected. */
export function next(step: number, stepCount: number, decision: "approve" | "reject"): Outcome {
  if (decision === "reject") return { status: "rejected" };
  return step + 1 >= stepCount ? { status: "approved" } : { status: "pending", step: step + 1 };
}
