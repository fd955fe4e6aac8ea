import { z } from "zod";
import { useTenant, useUser } from "../actor";
import { Config } from "../config";
import { DueEntity } from "../db/due";
import { MembershipEntity } from "../db/membership";
import { InboxStateEntity, NotificationEntity, type NotificationItem } from "../db/notification";
import { NotFoundError } from "../errors";
import { now, usePorts } from "../ports";
import { Records } from "../records";
import { DueSweep } from "../due-sweep";
import { Tx } from "../tx";
import { parse } from "../validation";

export * as Notification from "./notification";

export const KINDS = ["mention", "assigned", "sla", "churn", "task", "pool", "approval"] as const;
export type Kind = (typeof KINDS)[number];
const Channel = z.enum(["app", "email", "digest", "off"]);
export type Channel = z.infer<typeof Channel>;
/** Defaults: everything in the app; mentions, assignments and SLA alerts also by email at once. */
export const DEFAULT_PREFS: Record<Kind, Channel[]> = {
  mention: ["app", "email"],
  assigned: ["app", "email"],
  sla: ["app", "email"],
  churn: ["app", "email"],
  task: ["app", "email"],
  pool: ["app", "email"],
  approval: ["app", "email"],
};
export const DIGEST_QUEUE = "digest";

export const PrefsInput = z.strictObject({ prefs: z.partialRecord(z.enum(KINDS), z.array(Channel).max(3)) });

async function prefsOf(tenantId: string, userId: string): Promise<Record<Kind, Channel[]>> {
  const { data } = await InboxStateEntity.get({ tenantId, userId }).go();
  return { ...DEFAULT_PREFS, ...((data?.prefs as object) ?? {}) };
}

export interface Draft {
  kind: Kind;
  title: string;
  body?: string;
  link?: string;
  /** Makes delivery idempotent: the same source notifies a person once. */
  sourceId: string;
}

/**
 * Notifies one member of the current tenant by their preferences: in the app (with the unread counter
 * in the same transaction), by email now, or in tomorrow's digest. A redelivered event notifies once.
 */
export async function send(userId: string, draft: Draft): Promise<void> {
  const tenantId = useTenant();
  const { data: member } = await MembershipEntity.get({ tenantId, userId }).go();
  if (!member) return;
  const prefs = (await prefsOf(tenantId, userId))[draft.kind];
  if (prefs.includes("off") || !prefs.length) return;
  const item = {
    tenantId, userId, notificationId: `${draft.sourceId}.${draft.kind}`, kind: draft.kind, title: draft.title.slice(0, 300),
    body: draft.body?.slice(0, 2000), link: draft.link, sourceKey: draft.sourceId, createdAt: now().toISOString(),
  };
  try {
    await new Tx(tenantId)
      .add(() => NotificationEntity.create(item))
      .add(() => InboxStateEntity.update({ tenantId, userId }).add({ unread: prefs.includes("app") ? 1 : 0 }))
      .run();
  } catch (err) {
    if ((err as { code?: string }).code === "conflict") return; // already delivered
    throw err;
  }
  if (prefs.includes("email")) {
    await usePorts().mailer.send({
      to: [member.email], from: Config.mailFrom(), subject: draft.title, tag: `notify.${draft.kind}`,
      text: `${draft.body ?? ""}\n\n${draft.link ? Config.appUrl() + draft.link : ""}\n`, headers: { "Auto-Submitted": "auto-generated" },
    });
  }
  if (prefs.includes("digest")) {
    const next = new Date(now());
    next.setUTCHours(24, 0, 0, 0); // the next digest run after midnight UTC
    await DueEntity.put({ queue: DIGEST_QUEUE, dueAt: next.toISOString(), tenantId, recordId: userId }).go();
  }
}

export const ListQuery = z.strictObject({
  kind: z.enum(KINDS).optional(),
  unread: z.enum(["1", "0"]).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(30),
  cursor: z.string().max(2000).optional(),
});

function present(n: NotificationItem) {
  return { notificationId: n.notificationId, kind: n.kind, title: n.title, body: n.body ?? null, link: n.link ?? null, readAt: n.readAt ?? null, createdAt: n.createdAt };
}

/** The signed-in person's notifications, newest first, with the unread count. */
export async function list(raw: unknown) {
  const q = parse(ListQuery, raw ?? {});
  const user = useUser();
  const tenantId = useTenant();
  const wheres: Array<(a: any, op: any) => string> = [];
  if (q.kind) wheres.push((a, op) => op.eq(a.kind, q.kind));
  if (q.unread === "1") wheres.push((a, op) => op.notExists(a.readAt));
  const [page, state] = await Promise.all([
    Records.page(NotificationEntity.query.primary({ tenantId, userId: user.userId }), wheres, { cursor: q.cursor, limit: q.limit, order: "desc" }),
    InboxStateEntity.get({ tenantId, userId: user.userId }).go(),
  ]);
  return { unread: Math.max(0, state.data?.unread ?? 0), items: (page.items as NotificationItem[]).map(present), cursor: page.cursor };
}

/** Marks one notification read; reading it twice counts once. */
export async function markRead(notificationId: string) {
  const user = useUser();
  const tenantId = useTenant();
  const { data } = await NotificationEntity.get({ tenantId, userId: user.userId, notificationId }).go();
  if (!data) throw new NotFoundError("notification");
  if (data.readAt) return present(data);
  const readAt = now().toISOString();
  try {
    await new Tx(tenantId)
      .add(() => NotificationEntity.patch({ tenantId, userId: user.userId, notificationId }).set({ readAt }).where((a, op) => op.notExists(a.readAt)))
      .add(() => InboxStateEntity.update({ tenantId, userId: user.userId }).add({ unread: -1 }))
      .run();
  } catch (err) {
    if ((err as { code?: string }).code !== "conflict") throw err;
  }
  return present({ ...data, readAt });
}

export async function markAllRead() {
  let cursor: string | undefined;
  let count = 0;
  do {
    const page = await list({ unread: "1", limit: 100, cursor });
    for (const n of page.items) {
      await markRead(n.notificationId);
      count++;
    }
    cursor = page.cursor ?? undefined;
  } while (cursor);
  return { marked: count };
}

export async function preferences() {
  const user = useUser();
  return { prefs: await prefsOf(useTenant(), user.userId) };
}

export async function setPreferences(raw: unknown) {
  const input = parse(PrefsInput, raw);
  const user = useUser();
  const tenantId = useTenant();
  const prefs = { ...(await prefsOf(tenantId, user.userId)), ...input.prefs };
  await InboxStateEntity.update({ tenantId, userId: user.userId }).set({ prefs }).go();
  return { prefs };
}

/** The daily digest sweep: one mail per person with what they chose to get as a digest. */
export async function sendDigests(at: Date = now()) {
  const { attempted: sent } = await DueSweep.run(DIGEST_QUEUE, at, { batch: 200, concurrency: 4, reason: "digest" }, async (item) => {
    // Deleting the entry first (conditionally) decides which of two overlapping sweeps mails.
    const claimed = await DueEntity.delete({ queue: DIGEST_QUEUE, dueAt: item.dueAt, tenantId: item.tenantId, recordId: item.recordId })
      .where((a, op) => op.exists(a.recordId)).go().then(() => true, () => false);
    if (!claimed) return false;
    const prefs = await prefsOf(item.tenantId, item.recordId);
    const kinds = KINDS.filter((k) => prefs[k].includes("digest"));
    const since = new Date(Date.parse(item.dueAt) - 86400_000).toISOString();
    const { data: items } = await NotificationEntity.query.primary({ tenantId: item.tenantId, userId: item.recordId }).go({ order: "desc", count: 100 });
    const fresh = items.filter((n) => kinds.includes(n.kind) && n.createdAt >= since);
    const { data: member } = await MembershipEntity.get({ tenantId: item.tenantId, userId: item.recordId }).go();
    if (!fresh.length || !member) return false;
    await usePorts().mailer.send({
      to: [member.email], from: Config.mailFrom(), subject: `每日摘要 / Daily digest (${fresh.length})`, tag: "notify.digest",
      text: fresh.map((n) => `• ${n.title}${n.body ? `\n  ${n.body}` : ""}${n.link ? `\n  ${Config.appUrl()}${n.link}` : ""}`).join("\n") + "\n",
      headers: { "Auto-Submitted": "auto-generated" },
    });
    return true;
  });
  return { sent };
}
