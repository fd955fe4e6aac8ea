import { z } from "zod";
import { actorRef, isAdmin, useActor, useTenant } from "../actor";
import { auditDays } from "../audit-retention";
import { Notification } from "../collab/notification";
import { Config } from "../config";
import { ApprovalInboxEntity, ApprovalRequestEntity, type ApprovalRequestItem } from "../db/approval";
import { AuditEntity } from "../db/audit";
import { ContractEntity } from "../db/contract";
import { DealEntity } from "../db/deal";
import { DomainError, ForbiddenError, NotFoundError, ValidationError } from "../errors";
import { newId } from "../id";
import { type DomainEvent, now, usePorts } from "../ports";
import { Records } from "../records";
import { Tx, auditItem } from "../tx";
import { parse } from "../validation";
import { Visibility } from "../visibility";
import { ApprovalApply } from "./apply";
import { ApprovalLock } from "./lock";
import { ApprovalRequest } from "./request";
import { ApprovalRules } from "./rules";

export * as Approval from "./approval";

export const ListQuery = z.strictObject({
  box: z.enum(["mine", "requested", "all"]).default("mine"),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(2000).optional(),
});
export const DecisionInput = z.strictObject({ comment: z.string().trim().max(1000).optional() });
export const RejectInput = z.strictObject({ comment: z.string().trim().min(1, "Say why.").max(1000) });

export const alreadyDecided = () => new DomainError("approval.already_decided", "This step has already been decided.", 409);

function me(): string {
  const actor = useActor();
  return actor.type === "user" ? actor.userId : actorRef(actor).id;
}

async function load(approvalId: string): Promise<ApprovalRequestItem> {
  const { data } = await ApprovalRequestEntity.get({ tenantId: useTenant(), approvalId }).go();
  if (!data) throw new NotFoundError("approval");
  return data;
}

/** Requester, approvers (now or before), admins, and whoever may see the record see a request; others get the same 404 as a missing id. */
async function loadVisible(approvalId: string): Promise<ApprovalRequestItem> {
  const r = await load(approvalId);
  const actor = useActor();
  const id = me();
  if (isAdmin() || r.requesterId === id || r.ownerId === id || (r.decisions ?? []).some((d) => d.by === id)) return r;
  if (actor.type === "user" && ApprovalRules.mayDecide(r.approvers, actor.userId, actor.role)) return r;
  const record = r.recordType === "deal"
    ? (await DealEntity.get({ tenantId: r.tenantId, dealId: r.recordId }).go()).data
    : (await ContractEntity.get({ tenantId: r.tenantId, contractId: r.recordId }).go()).data;
  if (record && Visibility.canSee(await Visibility.ownerScope(), record)) return r;
  throw new NotFoundError("approval");
}

export async function get(approvalId: string) {
  return ApprovalRequest.present(await loadVisible(approvalId));
}

function decodeCursor(cursor: string | undefined): { p: number; c: string | null } {
  if (!cursor) return { p: 0, c: null };
  try {
    const v = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (typeof v.p === "number" && (v.c === null || typeof v.c === "string")) return v;
  } catch {
    // answered below
  }
  throw new ValidationError("The cursor is invalid; start from the first page.", { cursor: "Invalid." }, "cursor.invalid");
}

/** My pending approvals (by my user key, then my role's), my requests, or (admins) all, a page at a time. */
export async function list(raw: unknown) {
  const q = parse(ListQuery, raw ?? {});
  const tenantId = useTenant();
  if (q.box === "requested" || q.box === "all") {
    if (q.box === "all" && !isAdmin()) throw new ForbiddenError("Only admins see every request.", "forbidden.scope");
    const query = q.box === "all" ? ApprovalRequestEntity.query.byTenant({ tenantId }) : ApprovalRequestEntity.query.byRequester({ tenantId, requesterId: me() });
    const page = await Records.page<ApprovalRequestItem>(query, [], { cursor: q.cursor, limit: q.limit, order: "desc" });
    return { items: page.items.map(ApprovalRequest.present), cursor: page.cursor };
  }
  const actor = useActor();
  if (actor.type !== "user") return { items: [], cursor: null };
  const keys = [`user#${actor.userId}`, ...(actor.role ? [ApprovalRules.roleKey(actor.role)] : [])];
  let { p: phase, c: inner } = decodeCursor(q.cursor);
  const found: string[] = [];
  while (phase < keys.length && found.length < q.limit) {
    const page = await Records.page<{ approvalId: string }>(ApprovalInboxEntity.query.primary({ tenantId, approverKey: keys[phase] }), [], { cursor: inner ?? undefined, limit: q.limit - found.length, order: "asc" });
    found.push(...page.items.map((i) => i.approvalId));
    if (page.cursor) {
      inner = page.cursor;
      break;
    }
    phase++;
    inner = null;
  }
  const ids = [...new Set(found)];
  const { data } = ids.length ? await ApprovalRequestEntity.get(ids.map((approvalId) => ({ tenantId, approvalId }))).go() : { data: [] as ApprovalRequestItem[] };
  const items = Records.inOrder(ids, data, (r) => r.approvalId).filter((r) => r.status === "pending");
  const cursor = phase < keys.length ? Buffer.from(JSON.stringify({ p: phase, c: inner })).toString("base64url") : null;
  return { items: items.map(ApprovalRequest.present), cursor };
}

/** How many approvals wait for me (the top bar's badge). */
export async function count() {
  const actor = useActor();
  if (actor.type !== "user") return { pending: 0 };
  let total = 0;
  let cursor: string | undefined;
  for (let i = 0; i < 5; i++) {
    const page = await list({ box: "mine", limit: 100, cursor });
    total += page.items.length;
    if (!page.cursor) break;
    cursor = page.cursor;
  }
  return { pending: total };
}

type Kind = "approve" | "reject" | "cancel";

/**
 * Decides the current step. The request's write is conditional on its version and on being pending, so of
 * two approvers acting at once one wins and the other gets 409 `approval.already_decided`. The last
 * approval applies the held action in the same transaction; a rejection or cancellation releases the lock.
 */
export async function decide(approvalId: string, kind: Kind, raw: unknown) {
  const tenantId = useTenant();
  const input = parse(kind === "reject" ? RejectInput : DecisionInput, raw ?? {});
  const r = await loadVisible(approvalId);
  if (r.status !== "pending") throw alreadyDecided();
  const actor = useActor();
  if (kind === "cancel") {
    if (r.requesterId !== me() && !isAdmin()) throw new ForbiddenError("Only the requester cancels a request.", "approval.not_requester");
  } else if (actor.type !== "user" || !ApprovalRules.mayDecide(r.approvers, actor.userId, actor.role)) {
    throw new ForbiddenError("You are not an approver of this step.", "approval.not_approver");
  }
  const outcome = kind === "cancel" ? ({ status: "cancelled" } as const) : ApprovalRules.next(r.step, r.steps.length, kind);
  const at = now().toISOString();
  const word = kind === "approve" ? "approved" : kind === "reject" ? "rejected" : "cancelled";
  const decision = { step: r.step, by: me(), decision: word, ...(input.comment ? { comment: input.comment } : {}), at };
  const nextApprovers = outcome.status === "pending" ? ApprovalRules.approversOf(r.steps[outcome.step] as ApprovalRules.Step, r.ownerId, await ApprovalRequest.members()) : [];
  const after: ApprovalRequestItem = {
    ...r, status: outcome.status, step: outcome.status === "pending" ? outcome.step : r.step, approvers: nextApprovers,
    decisions: [...(r.decisions ?? []), decision], version: r.version + 1, updatedAt: at, ...(outcome.status === "pending" ? {} : { decidedAt: at }),
  };
  const audit = Config.auditEnabled()
    ? { ...auditItem(tenantId, { action: `approval.${word}`, recordType: r.recordType, recordId: r.recordId, after: { approvalId, step: r.step, comment: input.comment ?? null } }) }
    : null;
  if (audit) audit.expiresAt = Math.floor(Date.parse(audit.at) / 1000) + (await auditDays(tenantId)) * 86400;
  const event = (type: string, extra: Record<string, unknown> = {}): DomainEvent => ({ id: newId(), type, tenantId, actor: actorRef(), at, data: ApprovalRequest.eventData(after, extra) });
  const events = [outcome.status === "pending" ? event("approval.requested") : event(`approval.${word}`, { comment: input.comment ?? null })];
  const extend: ApprovalLock.Held["extend"] = (tx) => {
    tx.add(() => ApprovalRequestEntity.put(after).where((a, op) => `${op.eq(a.version, r.version)} AND ${op.eq(a.status, "pending")}`), alreadyDecided);
    for (const op of ApprovalRequest.inboxDeletes(r, r.approvers.filter((k) => !nextApprovers.includes(k)))) tx.add(op);
    for (const op of ApprovalRequest.inboxPuts(r, nextApprovers.filter((k) => !r.approvers.includes(k)))) tx.add(op);
    if (outcome.status === "rejected" || outcome.status === "cancelled") tx.add(ApprovalLock.unlockOp(r, approvalId, at, r.trigger === "contract.create"));
    if (audit) tx.add(() => AuditEntity.create(audit));
  };
  try {
    if (outcome.status === "approved") await ApprovalApply.apply(r, { approvalId, extend });
    else {
      const tx = new Tx(tenantId);
      extend(tx);
      await tx.run();
    }
  } catch (err) {
    // The held action's own condition may fail first when another approver just won; say so plainly.
    if (err instanceof DomainError && err.status === 409) {
      const fresh = await load(approvalId);
      if (fresh.version !== r.version || fresh.status !== "pending") throw alreadyDecided();
    }
    throw err;
  }
  await usePorts().events.publish(events);
  if (outcome.status === "pending") await ApprovalRequest.notifyStep(after);
  else if (kind !== "cancel" && r.requesterId !== me()) {
    await Notification.send(r.requesterId, {
      kind: "approval", sourceId: `approval-${approvalId}-${word}`, title: `${kind === "approve" ? "Approved" : "Rejected"}: ${r.recordTitle}`,
      body: [r.summary, input.comment].filter(Boolean).join("\n"), link: ApprovalRequest.link(r),
    }).catch((err) => console.error(`[approvals] notifying ${r.requesterId} failed`, err));
  }
  return ApprovalRequest.present(after);
}
