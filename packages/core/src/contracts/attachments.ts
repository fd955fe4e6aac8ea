import { z } from "zod";
import { actorRef, assertScope, isAdmin, useActor, useTenant } from "../actor";
import { ContractEntity, type ContractItem } from "../db/contract";
import { ContractAttachmentEntity, type ContractAttachmentItem } from "../db/contract-attachment";
import { DomainError, ForbiddenError, NotFoundError, ValidationError } from "../errors";
import { newId } from "../id";
import { now, usePorts } from "../ports";
import { Tx } from "../tx";
import { TimelineEntity, type TimelineItem } from "../db/timeline";
import { Records } from "../records";
import { parse } from "../validation";
import { Visibility } from "../visibility";

export * as ContractAttachments from "./attachments";

/**
 * Files attached to a contract (合同附件): the signed PDF, scans and photos, Office documents. Bytes go to the
 * blob store under the tenant's prefix (export and deletion enumerate `tenants/<tenantId>/`); the item, its
 * audit entry and a timeline event are written together after the bytes are stored.
 */
export const MAX_BYTES = 20 * 1024 * 1024;
export const MAX_PER_CONTRACT = 100;
export const ADDED = "contract.attachment_added";
export const REMOVED = "contract.attachment_removed";

/** What may be attached, by extension; the stored content type comes from here, not from the client. */
export const TYPES: Record<string, string> = {
  pdf: "application/pdf",
  png: "image/png", jpg: "image/jpeg", jpeg: "image/jpeg", gif: "image/gif", webp: "image/webp", heic: "image/heic",
  doc: "application/msword", docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  xls: "application/vnd.ms-excel", xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  ppt: "application/vnd.ms-powerpoint", pptx: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
  txt: "text/plain", csv: "text/csv", ofd: "application/ofd", zip: "application/zip",
};

const FileName = z.string().trim().min(1, "Name the file.").max(200, "Keep file names under 200 characters.")
  .refine((n) => !/[\\/\u0000-\u001f]/.test(n), "A file name cannot contain slashes or control characters.");

export const Attachment = z.object({
  attachmentId: z.string(), contractId: z.string(), fileName: z.string(), contentType: z.string(), size: z.number(), uploadedBy: z.string(), createdAt: z.string(),
});
export type Attachment = z.infer<typeof Attachment>;

function present(a: ContractAttachmentItem): Attachment {
  return { attachmentId: a.attachmentId, contractId: a.contractId, fileName: a.fileName, contentType: a.contentType, size: a.size, uploadedBy: a.uploadedBy, createdAt: a.createdAt };
}

/** The contract if the actor may see it; another tenant's or an unknown id is the same 404. */
async function contract(contractId: string): Promise<ContractItem> {
  const { data } = await ContractEntity.get({ tenantId: useTenant(), contractId }).go();
  if (!data || !Visibility.canSee(await Visibility.ownerScope(), data)) throw new NotFoundError("contract");
  return data;
}

async function find(contractId: string, attachmentId: string): Promise<ContractAttachmentItem> {
  const { data } = await ContractAttachmentEntity.get({ tenantId: useTenant(), contractId, attachmentId }).go();
  if (!data) throw new NotFoundError("attachment");
  return data;
}

/** The content type for a file name, or undefined when the kind of file is not accepted. */
export function typeOf(fileName: string): string | undefined {
  const ext = /\.([A-Za-z0-9]+)$/.exec(fileName)?.[1]?.toLowerCase();
  return ext ? TYPES[ext] : undefined;
}

/** Reads a request body up to `limit` bytes; more than that is refused without reading the rest. */
async function readLimited(body: ReadableStream<Uint8Array> | null, limit: number): Promise<Buffer> {
  if (!body) return Buffer.alloc(0);
  const parts: Uint8Array[] = [];
  let size = 0;
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw new DomainError("attachment.too_large", `Files up to ${limit / 1024 / 1024} MB can be attached.`, 413, { file: "Too large." });
    }
    parts.push(value);
  }
  return Buffer.concat(parts);
}

/** A contract's files, newest first. */
export async function list(contractId: string): Promise<{ items: Attachment[] }> {
  assertScope("deals:read");
  const c = await contract(contractId);
  const { data } = await ContractAttachmentEntity.query.primary({ tenantId: c.tenantId, contractId }).go({ pages: "all" });
  return { items: data.map(present).sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.attachmentId.localeCompare(a.attachmentId)) };
}

/**
 * Stores an uploaded file on a contract. The file name arrives URL-encoded (a header, since the body is the
 * bytes); PDF, images and Office documents up to 20 MB are accepted.
 */
export async function upload(contractId: string, input: { fileName: string | undefined; body: ReadableStream<Uint8Array> | null }): Promise<Attachment> {
  assertScope("deals:write");
  const c = await contract(contractId);
  let decoded = "";
  try {
    decoded = decodeURIComponent(input.fileName ?? "");
  } catch {
    throw new ValidationError("The file name is not valid.", { fileName: "Send the name URL-encoded." });
  }
  const named = FileName.safeParse(decoded);
  if (!named.success) throw new ValidationError("The file name is not valid.", { fileName: named.error.issues[0].message });
  const contentType = typeOf(named.data);
  if (!contentType) throw new ValidationError("Attach PDF, images or Office documents.", { fileName: "This kind of file cannot be attached." }, "attachment.type_not_allowed");
  const { data: existing } = await ContractAttachmentEntity.query.primary({ tenantId: c.tenantId, contractId }).go({ pages: "all", attributes: ["attachmentId"] });
  if (existing.length >= MAX_PER_CONTRACT) throw new DomainError("attachment.too_many", `A contract holds at most ${MAX_PER_CONTRACT} files.`, 409);
  const bytes = await readLimited(input.body, MAX_BYTES);
  if (!bytes.length) throw new ValidationError("The file is empty.", { file: "Empty." });
  const attachmentId = newId();
  const blobKey = `tenants/${c.tenantId}/contracts/${contractId}/${attachmentId}`;
  const actor = actorRef();
  const item = {
    tenantId: c.tenantId, contractId, attachmentId, fileName: named.data, contentType, size: bytes.length, blobKey,
    uploadedBy: `${actor.type}:${actor.id}`, createdAt: now().toISOString(),
  };
  await usePorts().blobs.put(blobKey, bytes, contentType);
  const out = present(item);
  try {
    await new Tx(c.tenantId)
      .add(() => ContractAttachmentEntity.create(item))
      .audit({ action: ADDED, recordType: "contract", recordId: contractId, after: out })
      .event(ADDED, { contractId, companyId: c.companyId, dealId: c.dealId ?? null, attachmentId, name: named.data, size: bytes.length, number: c.number })
      .run();
  } catch (err) {
    // No item, no blob: a failed write leaves nothing behind.
    await usePorts().blobs.delete(blobKey).catch(() => {});
    throw err;
  }
  return out;
}

/** A download: a short-lived signed address (S3) or the bytes (stores without signing). */
export async function download(contractId: string, attachmentId: string): Promise<{ redirect: string } | { body: Buffer; fileName: string; contentType: string }> {
  assertScope("deals:read");
  await contract(contractId);
  const a = await find(contractId, attachmentId);
  const blobs = usePorts().blobs;
  if (blobs.signedUrl) return { redirect: await blobs.signedUrl(a.blobKey, 300, a.fileName) };
  const body = await blobs.get(a.blobKey);
  if (!body) throw new NotFoundError("attachment");
  return { body, fileName: a.fileName, contentType: a.contentType };
}

/** Deletes a file: admins, the contract's owner, or whoever uploaded it. */
export async function remove(contractId: string, attachmentId: string): Promise<void> {
  assertScope("deals:write");
  const c = await contract(contractId);
  const a = await find(contractId, attachmentId);
  const actor = useActor();
  const me = actorRef();
  const allowed = actor.type !== "user" || isAdmin(actor) || c.ownerId === me.id || a.uploadedBy === `${me.type}:${me.id}`;
  if (!allowed) throw new ForbiddenError("Only an admin, the contract's owner or the uploader can delete this file.", "attachment.forbidden");
  await new Tx(c.tenantId)
    .add(() => ContractAttachmentEntity.delete({ tenantId: c.tenantId, contractId, attachmentId }).where((x, op) => op.exists(x.attachmentId)), () => new NotFoundError("attachment"))
    .audit({ action: REMOVED, recordType: "contract", recordId: contractId, before: present(a) })
    .event(REMOVED, { contractId, companyId: c.companyId, dealId: c.dealId ?? null, attachmentId, name: a.fileName, number: c.number })
    .run();
  await usePorts().blobs.delete(a.blobKey).catch((err) => console.error("[contract-attachments] blob delete failed", a.blobKey, err));
}

export const TimelineQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(100).default(30), cursor: z.string().max(2000).optional() });

/** The contract's own timeline (created, changed, payments, files), newest first. */
export async function timeline(contractId: string, raw: unknown) {
  assertScope("deals:read");
  const q = parse(TimelineQuery, raw ?? {});
  const c = await contract(contractId);
  const page = await Records.page(TimelineEntity.query.primary({ tenantId: c.tenantId, recordKey: `contract#${contractId}` }), [], { cursor: q.cursor, limit: q.limit, order: "desc" });
  return {
    items: (page.items as TimelineItem[]).map(({ type, at, entryId, actorType, actorId, summary, data }) => ({ entryId, type, at, actorType, actorId, summary, data })),
    cursor: page.cursor,
  };
}
