import { LookupEntity } from "./db/lookup";
import { newSecret } from "./id";
import { hashSecret } from "./password";
import { now } from "./ports";
import { epochSeconds } from "./table";

export * as Token from "./token";

export type Purpose = "session" | "verify" | "reset" | "invite";

export interface TokenRecord {
  purpose: Purpose;
  value: string;
  tenantId?: string;
  data?: Record<string, unknown>;
  expiresAt: number;
  createdAt?: string;
}

/** Issues a secret for a link or a session; only its hash is stored, with an expiry. */
export async function issue(purpose: Purpose, value: string, ttlSeconds: number, extra: { tenantId?: string; data?: Record<string, unknown> } = {}) {
  const secret = newSecret();
  const key = hashSecret(secret);
  await LookupEntity.create({
    kind: "token",
    key,
    purpose,
    value,
    tenantId: extra.tenantId,
    data: extra.data,
    expiresAt: epochSeconds(now()) + ttlSeconds,
    createdAt: now().toISOString(),
  }).go();
  return { secret, key };
}

/** Reads a live token. DynamoDB Local never purges TTL items, so expiry is checked here. */
export async function read(secret: string, purpose: Purpose): Promise<(TokenRecord & { key: string }) | undefined> {
  if (!secret || secret.length > 200) return undefined;
  const key = hashSecret(secret);
  const { data } = await LookupEntity.get({ kind: "token", key }).go();
  if (!data || data.purpose !== purpose || !data.value) return undefined;
  if ((data.expiresAt ?? 0) <= epochSeconds(now())) return undefined;
  return { key, purpose, value: data.value, tenantId: data.tenantId, data: data.data, expiresAt: data.expiresAt!, createdAt: data.createdAt };
}

export async function revoke(secret: string): Promise<void> {
  await LookupEntity.delete({ kind: "token", key: hashSecret(secret) }).go();
}

export async function revokeKey(key: string): Promise<void> {
  await LookupEntity.delete({ kind: "token", key }).go();
}
