import { BatchWriteCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { z } from "zod";
import { type Actor, useActor, withActor } from "../actor";
import { Config } from "../config";
import { DueEntity, dueBy } from "../db/due";
import { TenantEntity, type TenantItem } from "../db/tenant";
import { TenantJobEntity } from "../db/tenant-job";
import { UserEntity } from "../db/user";
import { ConflictError, ForbiddenError, ValidationError } from "../errors";
import { verifyPassword } from "../password";
import { now, usePorts } from "../ports";
import { documentClient, tableName } from "../table";
import { Tenant } from "../tenant";
import { Tx } from "../tx";
import { parse } from "../validation";
import { TenantScan } from "./tenant-export-scan";

export * as TenantDeletion from "./tenant-deletion";

/** How long a deletion can be cancelled: the owner's second thoughts, and time to take an export. */
export const GRACE_MS = 7 * 86400 * 1000;
export const QUEUE = "tenant-deletion";
export const PENDING = "pending_deletion";
const JOB_ID = "deletion";
/** DynamoDB's limit for one BatchWriteItem. */
const BATCH = 25;

export const RequestInput = z.strictObject({
  /** The workspace's address, typed again: a deletion is never one click. */
  slug: z.string().trim().min(1).max(100),
  password: z.string().min(1).max(200),
});

export const StatusSchema = z.object({
  status: z.enum(["active", "pending"]),
  dueAt: z.string().nullable(),
  requestedAt: z.string().nullable(),
  requestedBy: z.string().nullable(),
});

function assertOwner(tenant: TenantItem): Extract<Actor, { type: "user" }> {
  const actor = useActor();
  if (actor.type !== "user" || actor.role !== "owner" || tenant.ownerId !== actor.userId) {
    throw new ForbiddenError("Only the workspace's owner can delete it.", "forbidden.role");
  }
  return actor;
}

/** Whether the workspace is scheduled for deletion, and when it will be deleted. */
export async function status(): Promise<z.infer<typeof StatusSchema>> {
  const tenant = await Tenant.current();
  if (tenant.status !== PENDING) return { status: "active", dueAt: null, requestedAt: null, requestedBy: null };
  const { data } = await TenantJobEntity.get({ tenantId: tenant.tenantId, jobId: JOB_ID }).go();
  return { status: "pending", dueAt: data?.dueAt ?? null, requestedAt: data?.createdAt ?? null, requestedBy: data?.requestedBy ?? null };
}

/**
 * The owner asks for the workspace's deletion, confirming with its address and their password. The
 * workspace is then closed to everyone but the owner (who may cancel) until the grace period ends.
 */
export async function request(raw: unknown) {
  const input = parse(RequestInput, raw);
  const before = await Tenant.current();
  const owner = assertOwner(before);
  if (before.status === PENDING) throw new ConflictError("The workspace is already scheduled for deletion.", "tenant.pending_deletion");
  if (input.slug.toLowerCase() !== before.slug) {
    throw new ValidationError("Type the workspace's address to confirm.", { slug: "Does not match this workspace." }, "tenant.confirmation_invalid");
  }
  const { data: user } = await UserEntity.get({ userId: owner.userId }).go();
  if (!(await verifyPassword(input.password, user?.passwordHash))) {
    throw new ValidationError("The password is wrong.", { password: "Wrong password." }, "tenant.confirmation_invalid");
  }
  const at = now();
  const dueAt = new Date(at.getTime() + GRACE_MS).toISOString();
  const tenantId = before.tenantId;
  const after = { ...before, status: PENDING, version: before.version + 1, updatedAt: at.toISOString() };
  await new Tx(tenantId)
    .add(() => TenantEntity.put(after).where((a, op) => op.eq(a.version, before.version)), () => new ConflictError())
    .add(() =>
      TenantJobEntity.put({
        tenantId, jobId: JOB_ID, kind: "deletion", status: "pending", requestedBy: owner.userId, requestedByEmail: user?.email,
        requestedByName: user?.name, locale: user?.locale, dueAt, slug: before.slug, workspaceName: before.name, version: 1,
        createdAt: at.toISOString(), updatedAt: at.toISOString(),
      }),
    )
    .add(() => DueEntity.create({ queue: QUEUE, dueAt, tenantId, recordId: JOB_ID }))
    .audit({ action: "tenant.deletion_requested", recordType: "tenant", recordId: tenantId, before: { status: before.status }, after: { status: PENDING, dueAt } })
    .event("tenant.deletion_requested", { dueAt })
    .run();
  Tenant.prime(useActor(), after);
  if (user) {
    await mail(user.email, "工作区将被删除 / Your workspace will be deleted",
      `工作区「${before.name}」（${before.slug}）将于 ${dueAt} 被永久删除。在此之前，您可以在“设置 → 数据”中取消。\n\nThe workspace "${before.name}" (${before.slug}) will be deleted for good on ${dueAt}. Until then you can cancel in Settings → Data.\n${Config.appUrl()}/settings/data\n`,
      "tenant-deletion-requested");
  }
  return status();
}

/** The owner cancels during the grace period: the workspace opens again as it was. */
export async function cancel() {
  const before = await Tenant.current();
  const owner = assertOwner(before);
  if (before.status !== PENDING) throw new ConflictError("The workspace is not scheduled for deletion.", "tenant.not_pending");
  const tenantId = before.tenantId;
  const { data: job } = await TenantJobEntity.get({ tenantId, jobId: JOB_ID }).go();
  if (job?.status === "purging") throw new ConflictError("The deletion has started and cannot be cancelled.", "tenant.deletion_started");
  const at = now().toISOString();
  const after = { ...before, status: "active", version: before.version + 1, updatedAt: at };
  const tx = new Tx(tenantId)
    .add(() => TenantEntity.put(after).where((a, op) => op.eq(a.version, before.version)), () => new ConflictError())
    .audit({ action: "tenant.deletion_cancelled", recordType: "tenant", recordId: tenantId, before: { status: PENDING }, after: { status: "active" } })
    .event("tenant.deletion_cancelled", {});
  if (job) {
    // The job must still be pending: a sweep that began purging in between wins, and this answers 409.
    tx.add(() => TenantJobEntity.patch({ tenantId, jobId: JOB_ID }).set({ status: "cancelled", updatedAt: at }).where((a, op) => op.eq(a.status, "pending")), () => new ConflictError("The deletion has started and cannot be cancelled.", "tenant.deletion_started"));
    if (job.dueAt) tx.add(() => DueEntity.delete({ queue: QUEUE, dueAt: job.dueAt!, tenantId, recordId: JOB_ID }));
  }
  await tx.run();
  Tenant.prime(useActor(), after);
  await mail(owner.email, "已取消删除工作区 / Workspace deletion cancelled",
    `工作区「${before.name}」不会被删除。\n\nThe workspace "${before.name}" will not be deleted.\n`, "tenant-deletion-cancelled");
  return status();
}

async function mail(to: string, subject: string, text: string, tag: string) {
  await usePorts().mailer.send({ to: [to], from: Config.mailFrom(), subject, text, tag });
}

/**
 * Closes a workspace scheduled for deletion: API keys and sessions in it answer 403, except that the
 * owner may still read the deletion's state, cancel it, and everyone may leave for another workspace.
 */
export async function guard(method: string, path: string): Promise<void> {
  const actor = useActor();
  if (!((actor.type === "user" && actor.tenantId) || actor.type === "key")) return;
  const tenant = await Tenant.current().catch(() => undefined);
  if (tenant?.status !== PENDING) return;
  if (actor.type === "user") {
    if (path.startsWith("/api/auth/") || path === "/api/me" || path === "/api/me/switch" || path.startsWith("/api/exports/download/")) return;
    if (actor.role === "owner" && (path === "/api/workspace/deletion" || (method === "GET" && path === "/api/workspace"))) return;
  }
  throw new ForbiddenError("This workspace is scheduled for deletion.", "tenant.pending_deletion");
}

/**
 * Signing in: the workspace to enter. A workspace pending deletion is closed to everyone but its owner,
 * so a member signs into another of their workspaces, or is refused with 403.
 */
export async function signInTenant<T extends string | undefined>(tenantId: T, memberships: Array<{ tenantId: string }>, userId: string): Promise<T> {
  if (!tenantId) return tenantId;
  const open = async (id: string) => {
    const { data } = await TenantEntity.get({ tenantId: id }).go();
    return !!data && (data.status !== PENDING || data.ownerId === userId);
  };
  if (await open(tenantId)) return tenantId;
  for (const m of memberships) if (m.tenantId !== tenantId && (await open(m.tenantId))) return m.tenantId as T;
  throw new ForbiddenError("This workspace is scheduled for deletion.", "tenant.pending_deletion");
}

/** The scheduled sweep: deletes every workspace whose grace period has ended (one at a time; resumable). */
export async function sweep(at: Date = now()): Promise<{ deleted: number }> {
  const { data } = await dueBy(QUEUE, at).go({ count: 10 });
  let deleted = 0;
  for (const due of data) {
    await withActor({ type: "system", tenantId: due.tenantId, reason: "tenant-deletion" }, () => purge(due.tenantId, due.dueAt));
    deleted++;
  }
  return { deleted };
}

/**
 * Removes every item of the tenant from the table and every blob under its prefix, then mails the owner.
 * Each step can run again: if the function stops half-way, the due entry is still there and the next
 * sweep scans what remains. The job item and the due entry go last, after the final mail.
 */
export async function purge(tenantId: string, dueAt: string): Promise<void> {
  const dueKey = { queue: QUEUE, dueAt, tenantId, recordId: JOB_ID };
  const [{ data: tenant }, { data: job }] = await Promise.all([TenantEntity.get({ tenantId }).go(), TenantJobEntity.get({ tenantId, jobId: JOB_ID }).go()]);
  // Cancelled (or never requested): the workspace stays; only the stray due entry goes.
  if ((tenant && tenant.status !== PENDING) || (job && job.status === "cancelled")) {
    await DueEntity.delete(dueKey).go();
    return;
  }
  if (job && job.status !== "purging") {
    await TenantJobEntity.patch({ tenantId, jobId: JOB_ID }).set({ status: "purging", updatedAt: now().toISOString() }).go();
  }
  await purgeItems(tenantId);
  await purgeBlobs(tenantId);
  if (job?.requestedByEmail) {
    // Claimed first, so a sweep that runs again after a crash does not mail twice.
    const claimed = await TenantJobEntity.patch({ tenantId, jobId: JOB_ID })
      .set({ finalMailAt: now().toISOString() })
      .where((a, op) => op.notExists(a.finalMailAt))
      .go()
      .then(() => true, () => false);
    if (claimed) {
      await mail(job.requestedByEmail, "工作区已删除 / Your workspace has been deleted",
        `工作区「${job.workspaceName ?? ""}」（${job.slug ?? ""}）及其全部数据已被永久删除。\n\nThe workspace "${job.workspaceName ?? ""}" (${job.slug ?? ""}) and all of its data have been deleted for good.\n`,
        "tenant-deleted");
    }
  }
  await TenantJobEntity.delete({ tenantId, jobId: JOB_ID }).go();
  await DueEntity.delete(dueKey).go();
}

/** Deletes the tenant's items in batches of 25; users whose last workspace it was only lose that pointer. */
async function purgeItems(tenantId: string): Promise<void> {
  await TenantScan.each(
    tenantId,
    async (page) => {
      const keys: Array<Record<string, unknown>> = [];
      for (const item of page) {
        const entity = TenantScan.entityOf(item);
        if (entity === "tenantjob" && item.jobId === JOB_ID) continue;
        if (entity === "due" && item.queue === QUEUE) continue;
        if (entity === "user") {
          await documentClient().send(
            new UpdateCommand({
              TableName: tableName(), Key: { pk: item.pk, sk: item.sk }, UpdateExpression: "REMOVE lastTenantId",
              ConditionExpression: "lastTenantId = :t", ExpressionAttributeValues: { ":t": tenantId },
            }),
          ).catch(() => {});
          continue;
        }
        keys.push({ pk: item.pk, sk: item.sk });
      }
      for (let i = 0; i < keys.length; i += BATCH) await batchDelete(keys.slice(i, i + BATCH));
    },
    { projection: ["pk", "sk", "__edb_e__", "jobId", "queue"] },
  );
}

async function batchDelete(keys: Array<Record<string, unknown>>): Promise<void> {
  let pending = keys.map((Key) => ({ DeleteRequest: { Key } }));
  for (let attempt = 0; pending.length; attempt++) {
    const res = await documentClient().send(new BatchWriteCommand({ RequestItems: { [tableName()]: pending } }));
    pending = (res.UnprocessedItems?.[tableName()] ?? []) as typeof pending;
    if (pending.length) await new Promise((r) => setTimeout(r, Math.min(2000, 50 * 2 ** attempt)));
  }
}

async function purgeBlobs(tenantId: string): Promise<void> {
  const blobs = usePorts().blobs;
  const keys = await blobs.list(`tenants/${tenantId}/`);
  for (let i = 0; i < keys.length; i += 16) await Promise.all(keys.slice(i, i + 16).map((k) => blobs.delete(k)));
}

