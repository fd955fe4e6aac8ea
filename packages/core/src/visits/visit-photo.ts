import { Readable } from "node:stream";
import { z } from "zod";
import type { ActivityItem } from "../db/activity";
import { NotFoundError, ValidationError } from "../errors";
import { newId } from "../id";
import { now, usePorts } from "../ports";
import { parse } from "../validation";
import { Visit } from "./visit";
import { VisitRules } from "./visit-rules";

export * as VisitPhoto from "./visit-photo";

/** How long a signed photo address or upload address stays valid. */
const URL_SECONDS = 300;

export const UploadInput = z.strictObject({
  contentType: z.string().trim().min(1).max(100),
  size: z.number().int().min(1),
});

function check(contentType: string, size: number) {
  const problem = VisitRules.photoProblem(contentType, size);
  if (problem === "type") throw new ValidationError("Send a photo (JPEG, PNG, WebP, HEIC or GIF).", { contentType: "Not an image type." }, "visit.photo_type");
  if (problem === "size") throw new ValidationError(`A photo is at most ${VisitRules.MAX_PHOTO_BYTES / 1024 / 1024} MB.`, { size: "Too large." }, "visit.photo_too_large");
}

const photoKey = (v: ActivityItem) => `tenants/${v.tenantId}/visits/${v.activityId}/${newId()}`;

async function attach(before: ActivityItem, key: string, contentType: string, size: number) {
  const at = now().toISOString();
  const after: ActivityItem = { ...before, photo: { key, contentType, size, uploadedAt: at }, version: before.version + 1, updatedAt: at };
  const out = await Visit.save(before, after, "visit.photo_added");
  // The photo it replaced is no longer reachable from the visit.
  if (before.photo && before.photo.key !== key) await usePorts().blobs.delete(before.photo.key).catch(() => undefined);
  return out;
}

/**
 * Where the phone sends a visit's photo. On AWS a presigned S3 PUT (the bytes never pass through a
 * Lambda), and the visit names the photo at once; locally the API's own upload route, which names it once stored.
 */
export async function startUpload(visitId: string, raw: unknown) {
  const input = parse(UploadInput, raw);
  const visit = await Visit.load(visitId);
  Visit.assertOwn(visit);
  check(input.contentType, input.size);
  const blobs = usePorts().blobs;
  if (typeof blobs.presignPut === "function") {
    const key = photoKey(visit);
    const url = await blobs.presignPut(key, input.contentType, URL_SECONDS);
    const out = await attach(visit, key, input.contentType, input.size);
    return { visit: out, upload: { method: "PUT" as const, url, direct: true, headers: { "content-type": input.contentType } } };
  }
  const url = `/api/visits/${visitId}/photo`;
  return { visit: Visit.present(visit), upload: { method: "PUT" as const, url, direct: false, headers: { "content-type": input.contentType } } };
}

/** Stores a photo sent through the API (the local runtime), refusing other types and more than 10 MB. */
export async function put(visitId: string, contentType: string | undefined, body: ReadableStream<Uint8Array> | null) {
  const visit = await Visit.load(visitId);
  Visit.assertOwn(visit);
  const type = (contentType ?? "").split(";")[0].trim().toLowerCase();
  check(type, 1);
  if (!body) throw new ValidationError("Send the photo's bytes as the request body.", { file: "Required." }, "visit.photo_missing");
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of Readable.fromWeb(body as never)) {
    size += (chunk as Uint8Array).length;
    // Stop reading as soon as it is too large rather than holding a huge body.
    if (size > VisitRules.MAX_PHOTO_BYTES) check(type, size);
    parts.push(Buffer.from(chunk as Uint8Array));
  }
  check(type, size);
  const key = photoKey(visit);
  await usePorts().blobs.put(key, Buffer.concat(parts), type);
  return attach(visit, key, type, size);
}

/** A short-lived address to show a visit's photo: presigned S3 GET, or the API's photo route locally. */
export async function url(visitId: string) {
  const visit = await Visit.load(visitId);
  if (!visit.photo) throw new NotFoundError("photo");
  const blobs = usePorts().blobs;
  const expiresAt = new Date(now().getTime() + URL_SECONDS * 1000).toISOString();
  if (blobs.signedUrl) return { url: await blobs.signedUrl(visit.photo.key, URL_SECONDS), expiresAt, contentType: visit.photo.contentType };
  return { url: `/api/visits/${visitId}/photo`, expiresAt, contentType: visit.photo.contentType };
}

/** The photo's bytes (stores without signed addresses; also a fallback on AWS). */
export async function read(visitId: string) {
  const visit = await Visit.load(visitId);
  if (!visit.photo) throw new NotFoundError("photo");
  const body = await usePorts().blobs.get(visit.photo.key);
  if (!body) throw new NotFoundError("photo");
  return { body, contentType: visit.photo.contentType };
}
