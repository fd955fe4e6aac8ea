import { createHash } from "node:crypto";
import { actorRef, useActor } from "./actor";
import { LookupEntity } from "./db/lookup";
import { ConflictError, DomainError, ValidationError } from "./errors";
import { now } from "./ports";
import { epochSeconds } from "./table";

export * as Idempotency from "./idempotency";

const TTL_SECONDS = 24 * 3600;
const MAX_STORED = 300_000;

export interface Stored {
  status: number;
  body: string;
}

function keyFor(idemKey: string) {
  const actor = useActor();
  const tenant = "tenantId" in actor ? actor.tenantId ?? "-" : "-";
  const ref = actorRef(actor);
  return `${tenant}:${ref.type}:${ref.id}:${idemKey}`;
}

/**
 * Runs a POST once per Idempotency-Key (per actor, for 24 hours): the first call claims the key with a
 * conditional write and stores its answer; a retry gets that answer back; a concurrent retry gets 409; the
 * same key with a different body is refused.
 */
export async function run(idemKey: string, requestBody: string, fn: () => Promise<Stored>): Promise<Stored & { replayed: boolean }> {
  if (!/^[\x21-\x7e]{1,200}$/.test(idemKey)) throw new ValidationError("The Idempotency-Key must be 1 to 200 visible ASCII characters.", { "Idempotency-Key": "Invalid." }, "idempotency.invalid_key");
  const key = keyFor(idemKey);
  const hash = createHash("sha256").update(requestBody).digest("base64url");
  const expiresAt = epochSeconds(now()) + TTL_SECONDS;
  try {
    await LookupEntity.create({ kind: "idem", key, purpose: "pending", value: hash, expiresAt, createdAt: now().toISOString() }).go();
  } catch (err) {
    if ((err as Error).message?.includes("conditional") || (err as { cause?: { name?: string } }).cause?.name === "ConditionalCheckFailedException") {
      const { data } = await LookupEntity.get({ kind: "idem", key }).go();
      if (!data || (data.expiresAt ?? 0) <= epochSeconds(now())) throw new ConflictError("Retry in a moment.", "idempotency.in_progress");
      if (data.value !== hash) throw new DomainError("idempotency.mismatch", "This Idempotency-Key was used with a different request body.", 422);
      if (data.purpose !== "done") throw new ConflictError("The first request with this Idempotency-Key is still running.", "idempotency.in_progress");
      const stored = data.data as Stored;
      return { ...stored, replayed: true };
    }
    throw err;
  }
  let result: Stored;
  try {
    result = await fn();
  } catch (err) {
    // A failed first attempt must not block the retry.
    await LookupEntity.delete({ kind: "idem", key }).go().catch(() => {});
    throw err;
  }
  if (result.status >= 500 || result.body.length > MAX_STORED) {
    await LookupEntity.delete({ kind: "idem", key }).go().catch(() => {});
  } else {
    await LookupEntity.patch({ kind: "idem", key }).set({ purpose: "done", data: result }).go();
  }
  return { ...result, replayed: false };
}
