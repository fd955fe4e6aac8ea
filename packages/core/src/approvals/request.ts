import { actorRef, useActor, useTenant } from "../actor";
import { Notification } from "../collab/notification";
import { ApprovalInboxEntity, ApprovalRequestEntity, type ApprovalRequestItem } from "../db/approval";
import { MembershipEntity } from "../db/membership";
import { newId } from "../id";
import { now } from "../ports";
import { Tenant } from "../tenant";
import type { Tx } from "../tx";
import { ApprovalFlow } from "./flow";
import { ApprovalRules } from "./rules";

export * as ApprovalRequest from "./request";

/** What the API shows of a request. */
export function present(r: ApprovalRequestItem) {
  const { tenantId: _t, ...rest } = r;
  return {
    ...rest,
    steps: (rest.steps ?? []).map((s) => ({ type: s.type as "user" | "manager" | "role", userId: s.userId ?? null, role: s.role ?? null })),
    decisions: (rest.decisions ?? []).map((d) => ({ step: d.step ?? 0, by: d.by ?? "", decision: d.decision ?? "", comment: d.comment ?? null, at: d.at ?? "" })),
    action: (rest.action ?? {}) as Record<string, unknown>,
    decidedAt: rest.decidedAt ?? null,
  };
}
export type Approval = ReturnType<typeof present>;
/** The answer of a held action: the request, and that nothing was applied yet. */
export interface Pending { status: "pending"; approval: Approval }

export async function members(): Promise<ApprovalRules.Member[]> {
  const { data } = await MembershipEntity.query.primary({ tenantId: useTenant() }).go({ pages: "all" });
  return data.map((m) => ({ userId: m.userId, role: m.role, teamIds: m.teamIds ?? [] }));
}

/** The event payload: enough for the timeline (recordType/recordId), robots and webhooks. */
export function eventData(r: ApprovalRequestItem, extra: Record<string, unknown> = {}) {
  return {
    approvalId: r.approvalId, trigger: r.trigger, recordType: r.recordType, recordId: r.recordId, [`${r.recordType}Id`]: r.recordId,
    title: r.recordTitle, summary: r.summary, status: r.status, step: r.step, approvers: r.approvers, ownerId: r.ownerId, requesterId: r.requesterId, ...extra,
  };
}

export const link = (r: { recordType: string; recordId: string }) => `/${r.recordType}s/${r.recordId}`;

/** Inbox items for a step's approvers (keyed by the request's creation time, so the inbox reads oldest first). */
export function inboxPuts(r: { tenantId: string; approvalId: string; createdAt: string }, keys: string[]) {
  return keys.map((approverKey) => () => ApprovalInboxEntity.put({ tenantId: r.tenantId, approverKey, createdAt: r.createdAt, approvalId: r.approvalId }));
}
export function inboxDeletes(r: { tenantId: string; approvalId: string; createdAt: string }, keys: string[]) {
  return keys.map((approverKey) => () => ApprovalInboxEntity.delete({ tenantId: r.tenantId, approverKey, createdAt: r.createdAt, approvalId: r.approvalId }));
}

/** Tells the current step's approvers (a role step: every member with the role) that a request waits for them. */
export async function notifyStep(r: ApprovalRequestItem): Promise<void> {
  const all = await members();
  const users = new Set<string>();
  for (const key of r.approvers) {
    const [kind, id] = key.split("#");
    if (kind === "user") users.add(id);
    else for (const m of all) if (m.role === id) users.add(m.userId);
  }
  // The request is already committed: a failed notification (a mail relay down) must not fail the action.
  await Promise.all([...users].map((userId) => Notification.send(userId, {
    kind: "approval", sourceId: `approval-${r.approvalId}-${r.step}`, title: `Approval needed: ${r.recordTitle}`, body: r.summary, link: "/approvals",
  }).catch((err) => console.error(`[approvals] notifying ${userId} failed`, err))));
}

export interface Opening {
  trigger: ApprovalRules.Trigger;
  facts: ApprovalRules.Facts;
  recordType: "deal" | "contract";
  recordId: string;
  recordTitle: string;
  ownerId: string;
  action: Record<string, unknown>;
  summary: string;
}

/** A request about to be written: `addTo` puts it (with its inbox items, audit and event) into the action's transaction; `after` notifies. */
export interface Opened {
  item: ApprovalRequestItem;
  addTo(tx: Tx): void;
  after(): Promise<Pending>;
}

/** Whether the tenant's plan (and switches) include approvals. */
export async function enabled(): Promise<boolean> {
  return (await Tenant.features()).includes("approvals");
}

export type Facts = ApprovalRules.Facts;

/** The flow that guards an action with these facts (the stored flow), or undefined when none does or the feature is off. */
async function guardOf(facts: Facts) {
  if (!(await enabled())) return undefined;
  const flows = await ApprovalFlow.all();
  const rule = ApprovalRules.pick(flows.map(ApprovalFlow.asRule), facts);
  return rule && { rule, flow: flows.find((f) => f.flowId === rule.flowId)! };
}

/** Whether a flow would hold an action with these facts (for actions that can't wait, such as a create). */
export async function guarded(facts: Facts): Promise<boolean> {
  return Boolean(await guardOf(facts));
}

/**
 * The request for an action a flow guards, or null when none does (or the feature is off): the action
 * then applies directly. The flow's steps are copied, and the first step's approvers resolved now.
 */
export async function open(o: Opening): Promise<Opened | null> {
  const guard = await guardOf(o.facts);
  if (!guard) return null;
  const { rule: flow, flow: full } = guard;
  const tenantId = useTenant();
  const at = now().toISOString();
  const actor = useActor();
  const approvers = ApprovalRules.approversOf(flow.steps[0], o.ownerId, await members());
  const item: ApprovalRequestItem = {
    tenantId, approvalId: newId(), flowId: flow.flowId, flowName: full.name, trigger: o.trigger, recordType: o.recordType, recordId: o.recordId,
    recordTitle: o.recordTitle.slice(0, 200), ownerId: o.ownerId, requesterId: actor.type === "user" ? actor.userId : actorRef(actor).id,
    status: "pending", step: 0, steps: flow.steps.map((s) => ({ ...s })), approvers, decisions: [], action: o.action, summary: o.summary.slice(0, 500),
    version: 1, createdAt: at, updatedAt: at,
  };
  return {
    item,
    addTo(tx) {
      tx.add(() => ApprovalRequestEntity.create(item));
      for (const op of inboxPuts(item, approvers)) tx.add(op);
      tx.audit({ action: "approval.requested", recordType: o.recordType, recordId: o.recordId, after: { approvalId: item.approvalId, flow: item.flowName, summary: item.summary } });
      tx.event("approval.requested", eventData(item));
    },
    async after() {
      await notifyStep(item);
      return { status: "pending", approval: present(item) };
    },
  };
}
