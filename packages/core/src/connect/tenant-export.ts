import { z } from "zod";
import { useActor, useTenant, useUser } from "../actor";
import { Config } from "../config";
import { CustomField } from "../custom-field";
import { TenantJobEntity, type TenantJobItem } from "../db/tenant-job";
import { DomainError, ConflictError, ForbiddenError, NotFoundError } from "../errors";
import { newId } from "../id";
import { type DomainEvent, now, usePorts } from "../ports";
import { epochSeconds } from "../table";
import { Tx } from "../tx";
import { TenantScan } from "./tenant-export-scan";
import { ExportToken, LINK_TTL_MS } from "./tenant-export-token";
import { ExportZip } from "./tenant-export-zip";

export * as TenantExport from "./tenant-export";

export const REQUESTED = "tenant.export_requested";
export const EXPORTED = "tenant.exported";
/** Progress is written at most this often (each write is one small patch the settings page polls). */
const PROGRESS_EVERY_MS = 1000;
const RECENT = 10;

export const JobSchema = z.object({
  jobId: z.string(),
  status: z.enum(["queued", "building", "ready", "failed"]),
  done: z.number(),
  total: z.number(),
  size: z.number().nullable(),
  requestedBy: z.string(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  linkExpiresAt: z.string().nullable(),
  /** A path on the API (`/api/exports/download/<token>`); null until ready and after the link expired. */
  downloadUrl: z.string().nullable(),
  error: z.string().nullable(),
});
export type Job = z.infer<typeof JobSchema>;

/** Signs download links; the deployment's signing secret (also used for unsubscribe links), domain-separated. */
function secret() {
  return `tenant-export:${Config.unsubscribeSecret()}`;
}

export function downloadPath(tenantId: string, jobId: string, linkExpiresAt: string) {
  return `/api/exports/download/${ExportToken.sign({ tenantId, jobId, expires: Date.parse(linkExpiresAt) }, secret())}`;
}

export function present(j: TenantJobItem): Job {
  const live = j.status === "ready" && j.linkExpiresAt && Date.parse(j.linkExpiresAt) > now().getTime();
  return {
    jobId: j.jobId,
    status: j.status as Job["status"],
    done: j.done ?? 0,
    total: j.total ?? 0,
    size: j.size ?? null,
    requestedBy: j.requestedBy,
    createdAt: j.createdAt,
    finishedAt: j.finishedAt ?? null,
    linkExpiresAt: j.linkExpiresAt ?? null,
    downloadUrl: live ? downloadPath(j.tenantId, j.jobId, j.linkExpiresAt!) : null,
    error: j.error ?? null,
  };
}

/** Exports are the owner's and the admins' (a person, who gets the mail): API keys cannot take the whole tenant. */
function assertAdmin() {
  const actor = useActor();
  if (actor.type !== "user" || (actor.role !== "owner" && actor.role !== "admin")) {
    throw new ForbiddenError("Only the workspace's owner and admins can export its data.", "forbidden.role");
  }
  return actor;
}

async function recent(tenantId: string) {
  const { data } = await TenantJobEntity.query.primary({ tenantId }).go({ order: "desc", limit: 50 });
  return data.filter((j) => j.kind === "export" && (!j.expiresAt || j.expiresAt > epochSeconds(now())));
}

/** Starts an export of everything in the workspace; it is built in the background (event `tenant.export_requested`). */
export async function start(): Promise<Job> {
  const user = assertAdmin();
  const tenantId = useTenant();
  const running = (await recent(tenantId)).find((j) => j.status === "queued" || j.status === "building");
  if (running) throw new ConflictError("An export is being built already; wait for it to finish.", "export.in_progress");
  const at = now().toISOString();
  const item: TenantJobItem = {
    tenantId, jobId: newId(now().getTime()), kind: "export", status: "queued", done: 0, total: 0,
    requestedBy: user.userId, requestedByEmail: user.email, version: 1, createdAt: at, updatedAt: at,
  };
  await new Tx(tenantId)
    .add(() => TenantJobEntity.create(item))
    .audit({ action: REQUESTED, recordType: "tenant", recordId: item.jobId, after: { jobId: item.jobId } })
    .event(REQUESTED, { jobId: item.jobId })
    .run();
  const { data } = await TenantJobEntity.get({ tenantId, jobId: item.jobId }).go();
  return present(data ?? item);
}

export async function list(): Promise<Job[]> {
  assertAdmin();
  return (await recent(useTenant())).slice(0, RECENT).map(present);
}

export async function get(jobId: string): Promise<Job> {
  assertAdmin();
  const { data } = await TenantJobEntity.get({ tenantId: useTenant(), jobId }).go();
  if (!data || data.kind !== "export") throw new NotFoundError("export");
  return present(data);
}

/** The subscriber of `tenant.export_requested` (local bus, or EventBridge → function on AWS). */
export async function onRequested(event: DomainEvent): Promise<void> {
  await build(event.tenantId, (event.data as { jobId: string }).jobId);
}

/**
 * Builds the archive: counts the tenant's items (the estimate shown as progress), scans them page by page
 * into the zip, adds attachments and raw mail from the blob store, stores the zip, and mails the link.
 * Only the runner that moves the job from `queued` to `building` builds it, so a redelivered event is a no-op.
 */
export async function build(tenantId: string, jobId: string): Promise<void> {
  try {
    await TenantJobEntity.patch({ tenantId, jobId })
      .set({ status: "building", updatedAt: now().toISOString() })
      .where((a, op) => op.eq(a.status, "queued"))
      .go();
  } catch {
    return;
  }
  try {
    await run(tenantId, jobId);
  } catch (err) {
    console.error("[tenant-export] failed", tenantId, jobId, err);
    await TenantJobEntity.patch({ tenantId, jobId })
      .set({ status: "failed", error: "The export could not be built. Start a new one.", finishedAt: now().toISOString(), updatedAt: now().toISOString() })
      .go()
      .catch(() => {});
  }
}

interface BlobRef {
  key: string;
  path: string;
}

function blobRefs(entity: string, item: Record<string, unknown>): BlobRef[] {
  if (entity === "contractfile" && typeof item.blobKey === "string") {
    return [{ key: item.blobKey, path: `contracts/${item.contractId}/${item.attachmentId}-${ExportZip.safeName(String(item.fileName ?? "file"))}` }];
  }
  if (entity !== "message") return [];
  const base = `${item.ticketId}/${item.messageId}`;
  const refs: BlobRef[] = [];
  for (const a of (item.attachments as Array<{ blobKey?: string; index?: number; filename?: string }> | undefined) ?? []) {
    if (a.blobKey) refs.push({ key: a.blobKey, path: `attachments/${base}/${a.index ?? 0}-${ExportZip.safeName(a.filename ?? "file")}` });
  }
  if (typeof item.rawKey === "string") refs.push({ key: item.rawKey, path: `mail/${base}.eml` });
  return refs;
}

async function run(tenantId: string, jobId: string) {
  // The estimate (a counting scan) runs beside the export's own scan rather than before it: the progress
  // bar appears a little later, and the export does not wait for a second pass over the table.
  let total = 0;
  const counting = TenantScan.count(tenantId).then(
    (n) => {
      total = n;
      return TenantJobEntity.patch({ tenantId, jobId }).set({ total: n, updatedAt: now().toISOString() }).go();
    },
    () => undefined,
  );
  const customKeys: Record<string, string[]> = {};
  for (const object of Object.keys(ExportZip.CSV_COLUMNS)) {
    customKeys[object] = (await CustomField.definitions(object).catch(() => [])).map((d) => d.key);
  }
  const archive = new ExportZip.Archive(customKeys);
  const counts: Record<string, number> = {};
  const blobs: BlobRef[] = [];
  let done = 0;
  let lastProgress = Date.now();
  await TenantScan.each(tenantId, async (page) => {
    const byEntity = new Map<string, Record<string, unknown>[]>();
    for (const raw of page) {
      const entity = TenantScan.entityOf(raw);
      const item = ExportZip.exportable(entity, TenantScan.plain(raw));
      if (!item) continue;
      const list = byEntity.get(entity);
      if (list) list.push(item);
      else byEntity.set(entity, [item]);
      blobs.push(...blobRefs(entity, item));
    }
    for (const [entity, items] of byEntity) {
      archive.addItems(entity, items);
      counts[entity] = (counts[entity] ?? 0) + items.length;
    }
    done += page.length;
    // Wall-clock throttle (not domain time): it only limits how often progress is written.
    if (Date.now() - lastProgress >= PROGRESS_EVERY_MS) {
      lastProgress = Date.now();
      // Until the count is in, or if the tenant grew meanwhile, the estimate is at least what is done.
      await TenantJobEntity.patch({ tenantId, jobId }).set({ done, total: Math.max(done, total), updatedAt: now().toISOString() }).go();
    }
  });
  await counting;
  let files = 0;
  for (const ref of blobs) {
    const body = await usePorts().blobs.get(ref.key);
    if (!body) continue;
    archive.addBlob(ref.path, body);
    files++;
  }
  const exportedAt = now().toISOString();
  archive.addJson("manifest.json", { tenantId, jobId, exportedAt, format: 1, records: counts, blobs: files });
  const zip = await archive.finish();
  const blobKey = `tenants/${tenantId}/exports/${jobId}.zip`;
  await usePorts().blobs.put(blobKey, zip, "application/zip");

  const { data: job } = await TenantJobEntity.get({ tenantId, jobId }).go();
  if (!job) return;
  const linkExpiresAt = new Date(now().getTime() + LINK_TTL_MS).toISOString();
  await new Tx(tenantId)
    .add(() =>
      TenantJobEntity.patch({ tenantId, jobId })
        .set({ status: "ready", done: Math.max(done, total), total: Math.max(done, total), blobKey, size: zip.length, linkExpiresAt, finishedAt: exportedAt, updatedAt: exportedAt, version: job.version + 1, expiresAt: epochSeconds(new Date(linkExpiresAt)) + 7 * 86400 })
        .where((a, op) => op.eq(a.version, job.version)),
    )
    .audit({ action: EXPORTED, recordType: "tenant", recordId: jobId, after: { jobId, requestedBy: job.requestedBy, size: zip.length, records: counts, blobs: files } })
    .event(EXPORTED, { jobId, size: zip.length })
    .run();
  if (job.requestedByEmail) {
    const link = `${Config.appUrl()}${downloadPath(tenantId, jobId, linkExpiresAt)}`;
    await usePorts().mailer.send({
      to: [job.requestedByEmail],
      from: Config.mailFrom(),
      subject: "数据导出已就绪 / Your data export is ready",
      text: `工作区的数据导出已生成，24 小时内可通过以下链接下载：\n${link}\n\nThe export of your workspace's data is ready. Download it within 24 hours:\n${link}\n`,
      tag: "tenant-export",
    });
  }
}

/** A download: the zip's bytes, or (S3) a short-lived presigned address to fetch it from. */
export type Download = { redirect: string } | { body: Buffer; fileName: string };

/** Resolves a download link. A forged token or an unknown export is 404; a genuine but expired link 410. */
export async function download(token: string): Promise<Download> {
  const checked = ExportToken.verify(token, secret(), now().getTime());
  if (!checked.ok && checked.reason === "expired") throw new DomainError("export.link_expired", "This download link has expired. Start a new export.", 410);
  if (!checked.ok) throw new NotFoundError("export");
  const { tenantId, jobId } = checked.claims;
  const { data } = await TenantJobEntity.get({ tenantId, jobId }).go();
  if (!data || data.kind !== "export" || data.status !== "ready" || !data.blobKey) throw new NotFoundError("export");
  const fileName = `export-${jobId}.zip`;
  const blobs = usePorts().blobs;
  if (blobs.signedUrl) return { redirect: await blobs.signedUrl(data.blobKey, 300, fileName) };
  const body = await blobs.get(data.blobKey);
  if (!body) throw new NotFoundError("export");
  return { body, fileName };
}
