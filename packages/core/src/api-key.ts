import { z } from "zod";
import { type Actor, assertScope, useTenant, useUser } from "./actor";
import { ApiKeyEntity } from "./db/api-key";
import { LookupEntity } from "./db/lookup";
import { ConflictError, ForbiddenError, NotFoundError, RateLimitedError, UnauthorizedError, ValidationError } from "./errors";
import { newId, newSecret } from "./id";
import { hashSecret } from "./password";
import { Plan } from "./plan";
import { now } from "./ports";
import { RateLimit } from "./rate-limit";
import { TenantEntity } from "./db/tenant";
import { Tenant } from "./tenant";
import { epochSeconds } from "./table";
import { Tx } from "./tx";
import { parse } from "./validation";

export * as ApiKey from "./api-key";

/** Areas a key can be scoped to, each `:read` or `:write` (write includes read). */
export const AREAS = ["contacts", "companies", "deals", "tickets", "settings", "team", "audit", "reports"] as const;
export const ScopeSchema = z.enum(AREAS.flatMap((a) => [`${a}:read`, `${a}:write`]) as [string, ...string[]]);

const PER_MINUTE = () => Number(process.env.API_KEY_RATE_PER_MINUTE ?? 600);
const LAST_USED_RESOLUTION_MS = 60_000;

export const CreateInput = z.strictObject({
  name: z.string().trim().min(1).max(100),
  scopes: z.array(ScopeSchema).min(1).max(AREAS.length * 2),
  validUntil: z.iso.datetime({ offset: true }).optional(),
});

function present(k: { keyId: string; name: string; scopes: string[]; prefix: string; validUntil?: string; lastUsedAt?: string; revokedAt?: string; createdBy: string; createdAt: string }) {
  const { keyId, name, scopes, prefix, validUntil, lastUsedAt, revokedAt, createdBy, createdAt } = k;
  return { keyId, name, scopes, prefix, validUntil: validUntil ?? null, lastUsedAt: lastUsedAt ?? null, revokedAt: revokedAt ?? null, createdBy, createdAt };
}

/** Creates a key and returns its secret, this once. */
export async function create(raw: unknown) {
  assertScope("settings:write");
  const input = parse(CreateInput, raw);
  if (input.validUntil && new Date(input.validUntil) <= now()) throw new ValidationError("The expiry must be in the future.", { validUntil: "In the past." });
  const tenantId = useTenant();
  const user = useUser();
  const keyId = newId();
  const secret = `crm_${newSecret(24)}`;
  const tokenHash = hashSecret(secret);
  const at = now().toISOString();
  const item = { tenantId, keyId, name: input.name, scopes: [...new Set(input.scopes)], prefix: secret.slice(0, 10), tokenHash, validUntil: input.validUntil, createdBy: user.userId, createdAt: at };
  await new Tx(tenantId)
    .add(() => ApiKeyEntity.create(item))
    .add(() =>
      LookupEntity.create({
        kind: "token", key: tokenHash, purpose: "apikey", value: keyId, tenantId, data: { scopes: item.scopes },
        expiresAt: input.validUntil ? epochSeconds(new Date(input.validUntil)) : undefined, createdAt: at,
      }),
    )
    .audit({ action: "apikey.created", recordType: "apikey", recordId: keyId, after: { name: item.name, scopes: item.scopes, validUntil: item.validUntil } })
    .event("apikey.created", { keyId, name: item.name })
    .run();
  return { ...present(item), secret };
}

export async function list() {
  assertScope("settings:read");
  const { data } = await ApiKeyEntity.query.primary({ tenantId: useTenant() }).go({ pages: "all" });
  return data.map(present);
}

/** Revokes a key at once: its lookup item goes, so the next request with it answers 401. */
export async function revoke(keyId: string) {
  assertScope("settings:write");
  const tenantId = useTenant();
  const { data } = await ApiKeyEntity.get({ tenantId, keyId }).go();
  if (!data || data.revokedAt) throw new NotFoundError("API key");
  await new Tx(tenantId)
    .add(() => ApiKeyEntity.patch({ tenantId, keyId }).set({ revokedAt: now().toISOString() }).where((a, op) => op.notExists(a.revokedAt)), () => new ConflictError())
    .add(() => LookupEntity.delete({ kind: "token", key: data.tokenHash }))
    .audit({ action: "apikey.revoked", recordType: "apikey", recordId: keyId, before: { name: data.name } })
    .event("apikey.revoked", { keyId })
    .run();
}

/**
 * Resolves a bearer secret to a key actor, or throws 401 (unknown, revoked, expired), 403 (the plan has
 * no API access) or 429 (over the per-key rate).
 */
export async function authenticate(secret: string, ip?: string): Promise<Actor> {
  if (!secret.startsWith("crm_") || secret.length > 200) throw new UnauthorizedError("The API key is invalid.", "auth.invalid_key");
  const tokenHash = hashSecret(secret);
  const { data } = await LookupEntity.get({ kind: "token", key: tokenHash }).go();
  const t = now();
  if (!data || data.purpose !== "apikey" || !data.tenantId || !data.value) throw new UnauthorizedError("The API key is invalid or revoked.", "auth.invalid_key");
  if (data.expiresAt && data.expiresAt <= epochSeconds(t)) throw new UnauthorizedError("The API key has expired.", "auth.key_expired");
  const { data: tenant } = await TenantEntity.get({ tenantId: data.tenantId }).go();
  if (!tenant || !Plan.enabledFeatures(tenant.plan, tenant.features).includes("apiKeys")) {
    throw new ForbiddenError("API access is not available on this workspace's plan or is switched off.", "plan.feature_unavailable");
  }
  const hit = await RateLimit.hit(`apikey:${data.value}`, 60);
  if (hit.count > PER_MINUTE()) throw new RateLimitedError("Too many requests with this key; slow down.", hit.retryAfter, "rate_limited");
  const last = (data.data as { lastUsedAt?: string } | undefined)?.lastUsedAt;
  if (!last || t.getTime() - Date.parse(last) > LAST_USED_RESOLUTION_MS) {
    // Recorded at most once a minute per key, so heavy use does not mean a write per request.
    const at = t.toISOString();
    await Promise.all([
      ApiKeyEntity.patch({ tenantId: data.tenantId, keyId: data.value }).set({ lastUsedAt: at }).go().catch(() => {}),
      LookupEntity.patch({ kind: "token", key: tokenHash }).set({ data: { ...(data.data as object), lastUsedAt: at } }).go().catch(() => {}),
    ]);
  }
  const actor: Actor = { type: "key", keyId: data.value, tenantId: data.tenantId, scopes: (data.data as { scopes: string[] }).scopes, ip };
  Tenant.prime(actor, tenant);
  return actor;
}
