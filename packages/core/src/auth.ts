import { z } from "zod";
import { type Actor, useUser, withActor } from "./actor";
import { AuditLog } from "./audit-log";
import { Config } from "./config";
import { LookupEntity } from "./db/lookup";
import { MembershipEntity } from "./db/membership";
import { TenantEntity } from "./db/tenant";
import { UsageEntity } from "./db/usage";
import { UserEntity } from "./db/user";
import { ConflictError, ForbiddenError, NotFoundError, RateLimitedError, UnauthorizedError, ValidationError } from "./errors";
import { newId } from "./id";
import { MailTemplates } from "./mail-templates";
import { hashPassword, verifyPassword } from "./password";
import { Plan } from "./plan";
import { now, usePorts } from "./ports";
import { RateLimit } from "./rate-limit";
import { Tenant } from "./tenant";
import { Token } from "./token";
import { Tx } from "./tx";
import { TenantDeletion } from "./connect/tenant-deletion";
import { Email, Name, Password, Slug, parse } from "./validation";

export * as Auth from "./auth";

export const SESSION_TTL_SECONDS = 30 * 86400;
const LOGIN_WINDOW_SECONDS = 15 * 60;
const LOGIN_MAX_FAILURES = 10;
const RESERVED_SLUGS = new Set(["api", "app", "www", "admin", "support", "mail", "help", "static", "assets"]);

export const SignupInput = z.strictObject({
  companyName: Name,
  slug: Slug,
  name: Name,
  email: Email,
  password: Password,
  locale: z.enum(["zh-CN", "en"]).optional(),
});
export type SignupInput = z.infer<typeof SignupInput>;

export const LoginInput = z.strictObject({ email: Email, password: z.string().min(1).max(200), tenantSlug: Slug.optional() });
export const TokenInput = z.strictObject({ token: z.string().min(10).max(200) });
export const EmailInput = z.strictObject({ email: Email });
export const ResetInput = z.strictObject({ token: z.string().min(10).max(200), password: Password });

const DEFAULT_SETTINGS = { timeZone: "Asia/Shanghai", phoneRegion: "CN", locale: "zh-CN", currency: "CNY" };

/**
 * Self-service sign-up: a tenant on the entry plan, its owner (unverified), and a verification mail.
 * Slug and email are unique items written in the same transaction, so two sign-ups never share either.
 */
export async function signup(raw: unknown) {
  const input = parse(SignupInput, raw);
  if (RESERVED_SLUGS.has(input.slug)) throw new ValidationError("This address is reserved.", { slug: "Reserved." });
  const tenantId = newId();
  const userId = newId();
  const at = now().toISOString();
  const passwordHash = await hashPassword(input.password);
  const settings = { ...DEFAULT_SETTINGS, locale: input.locale ?? DEFAULT_SETTINGS.locale };
  const tx = new Tx(tenantId)
    .add(
      () => LookupEntity.create({ kind: "slug", key: input.slug, value: tenantId, createdAt: at }),
      () => new ConflictError("This workspace address is taken.", "tenant.slug_taken", { slug: "Taken." }),
    )
    .add(
      () => LookupEntity.create({ kind: "email", key: input.email, value: userId, createdAt: at }),
      () => new ConflictError("This email already has an account. Log in instead.", "auth.email_registered", { email: "Registered." }),
    )
    .add(() =>
      UserEntity.create({ userId, email: input.email, name: input.name, passwordHash, emailVerified: false, locale: settings.locale, lastTenantId: tenantId, version: 1, createdAt: at, updatedAt: at }),
    )
    .add(() =>
      TenantEntity.create({ tenantId, slug: input.slug, name: input.companyName, plan: Plan.ENTRY_PLAN, features: {}, settings, ownerId: userId, status: "active", version: 1, createdAt: at, updatedAt: at }),
    )
    .add(() => UsageEntity.create({ tenantId, seats: 1, contacts: 0, companies: 0 }))
    .add(() =>
      MembershipEntity.create({ tenantId, userId, role: "owner", teamIds: [], name: input.name, email: input.email, tenantName: input.companyName, version: 1, createdAt: at, updatedAt: at }),
    )
    .audit({ action: "tenant.created", recordType: "tenant", recordId: tenantId, after: { name: input.companyName, slug: input.slug, plan: Plan.ENTRY_PLAN } })
    .event("tenant.created", { tenantId, slug: input.slug, ownerId: userId });
  await tx.run();
  await sendVerification(userId, input.email, input.name);
  return { tenantId, userId };
}

async function sendVerification(userId: string, email: string, name: string) {
  const { secret } = await Token.issue("verify", userId, 3 * 86400);
  const link = MailTemplates.link("/verify", secret);
  await usePorts().mailer.send({ to: [email], from: Config.mailFrom(), ...MailTemplates.verify(name, link), tag: "verify" });
}

/** Sends a new verification link; answers the same whether or not the address is known. */
export async function resendVerification(raw: unknown) {
  const { email } = parse(EmailInput, raw);
  const user = await userByEmail(email);
  if (user && !user.emailVerified) await sendVerification(user.userId, user.email, user.name);
}

export async function verifyEmail(raw: unknown) {
  const { token } = parse(TokenInput, raw);
  const t = await Token.read(token, "verify");
  if (!t) throw new ValidationError("This link is invalid or has expired. Ask for a new one.", { token: "Invalid or expired." }, "auth.token_invalid");
  await UserEntity.patch({ userId: t.value }).set({ emailVerified: true, updatedAt: now().toISOString() }).go();
  await Token.revokeKey(t.key);
  return { verified: true };
}

export async function userByEmail(email: string) {
  const { data: lookup } = await LookupEntity.get({ kind: "email", key: email.toLowerCase() }).go();
  if (!lookup?.value) return undefined;
  const { data } = await UserEntity.get({ userId: lookup.value }).go();
  return data ?? undefined;
}

/**
 * Password login. Failures are counted per email and address; the 11th in 15 minutes answers 429.
 * Returns the session secret for the cookie (never logged).
 */
export async function login(raw: unknown, ip = "unknown") {
  const input = parse(LoginInput, raw);
  const limitKey = `login:${input.email}:${ip}`;
  const failures = await RateLimit.recent(limitKey, LOGIN_WINDOW_SECONDS);
  if (failures.count >= LOGIN_MAX_FAILURES) {
    throw new RateLimitedError("Too many failed sign-ins. Wait a few minutes and try again.", failures.retryAfter, "auth.rate_limited");
  }
  const user = await userByEmail(input.email);
  const ok = await verifyPassword(input.password, user?.passwordHash);
  if (!user || !ok) {
    await RateLimit.record(limitKey, LOGIN_WINDOW_SECONDS);
    if (user) await auditSignIn(user.userId, { type: "public", ip }, "auth.sign_in_failed");
    throw new UnauthorizedError("The email or password is wrong.", "auth.invalid_credentials");
  }
  if (!user.emailVerified) throw new ForbiddenError("Verify your email first: open the link we sent you.", "auth.email_unverified");
  const memberships = await listMemberships(user.userId);
  let tenantId = user.lastTenantId && memberships.some((m) => m.tenantId === user.lastTenantId) ? user.lastTenantId : memberships[0]?.tenantId;
  if (input.tenantSlug) {
    const { data: slug } = await LookupEntity.get({ kind: "slug", key: input.tenantSlug }).go();
    if (slug?.value && memberships.some((m) => m.tenantId === slug.value)) tenantId = slug.value;
  }
  tenantId = await TenantDeletion.signInTenant(tenantId, memberships, user.userId);
  if (tenantId) await auditSignIn(user.userId, { type: "user", userId: user.userId, email: user.email, tenantId, ip }, "auth.signed_in", [tenantId]);
  return startSession(user.userId, tenantId);
}

/**
 * Sign-ins go into the audit log of the workspace signed into; a failed one into each workspace of the
 * person whose password was tried (at most five), as the anonymous caller with its address.
 */
async function auditSignIn(userId: string, actor: Actor, action: string, tenantIds?: string[]) {
  const ids = tenantIds ?? (await listMemberships(userId)).map((m) => m.tenantId).slice(0, 5);
  await withActor(actor, () => Promise.all(ids.map((id) => AuditLog.record(id, { action, recordType: "user", recordId: userId }))));
}

export async function startSession(userId: string, tenantId: string | undefined) {
  const { secret } = await Token.issue("session", userId, SESSION_TTL_SECONDS, { tenantId });
  return { secret, tenantId, maxAge: SESSION_TTL_SECONDS };
}

export async function logout(secret: string | undefined) {
  if (secret) await Token.revoke(secret);
}

export async function forgotPassword(raw: unknown) {
  const { email } = parse(EmailInput, raw);
  const user = await userByEmail(email);
  if (!user) return;
  const { secret } = await Token.issue("reset", user.userId, 3600);
  await usePorts().mailer.send({ to: [user.email], from: Config.mailFrom(), ...MailTemplates.reset(MailTemplates.link("/reset", secret)), tag: "reset" });
}

export async function resetPassword(raw: unknown) {
  const input = parse(ResetInput, raw);
  const t = await Token.read(input.token, "reset");
  if (!t) throw new ValidationError("This link is invalid or has expired. Ask for a new one.", { token: "Invalid or expired." }, "auth.token_invalid");
  const passwordHash = await hashPassword(input.password);
  // Following the link proves the mailbox, so the address counts as verified too. Every session started
  // before now ends: whoever knew the old password is signed out everywhere.
  const at = now().toISOString();
  await UserEntity.patch({ userId: t.value }).set({ passwordHash, emailVerified: true, sessionsValidFrom: at, updatedAt: at }).go();
  await Token.revokeKey(t.key);
  return { reset: true };
}

export async function listMemberships(userId: string) {
  const { data } = await MembershipEntity.query.byUser({ userId }).go({ pages: "all" });
  return data;
}

/** Resolves a session cookie to the actor it stands for, or undefined when it is unknown or expired. */
export async function resolveSession(secret: string, ip?: string): Promise<Actor | undefined> {
  const t = await Token.read(secret, "session");
  if (!t) return undefined;
  // One round trip for the person, their membership and the workspace (features are checked on most routes).
  const [{ data: user }, membership, tenant] = await Promise.all([
    UserEntity.get({ userId: t.value }).go(),
    t.tenantId ? MembershipEntity.get({ tenantId: t.tenantId, userId: t.value }).go().then((r) => r.data) : undefined,
    t.tenantId ? TenantEntity.get({ tenantId: t.tenantId }).go().then((r) => r.data) : undefined,
  ]);
  if (!user) return undefined;
  if (user.sessionsValidFrom && (t.createdAt ?? "") < user.sessionsValidFrom) return undefined;
  const actor: Actor = { type: "user", userId: user.userId, email: user.email, ip };
  if (!membership || !tenant) return actor;
  const inTenant: Actor = { ...actor, tenantId: membership.tenantId, role: membership.role, teamIds: membership.teamIds ?? [] };
  Tenant.prime(inTenant, tenant);
  return inTenant;
}

/** Points the current session at another of the user's workspaces. */
export async function switchTenant(secret: string, tenantId: string) {
  const user = useUser();
  const { data: m } = await MembershipEntity.get({ tenantId, userId: user.userId }).go();
  if (!m) throw new NotFoundError("workspace");
  const t = await Token.read(secret, "session");
  if (!t) throw new UnauthorizedError();
  await LookupEntity.patch({ kind: "token", key: t.key }).set({ tenantId }).go();
  await UserEntity.patch({ userId: user.userId }).set({ lastTenantId: tenantId }).go();
  return { tenantId };
}

export const ProfileInput = z.strictObject({ name: Name.optional(), locale: z.enum(["zh-CN", "en"]).optional() });

export async function updateProfile(raw: unknown) {
  const input = parse(ProfileInput, raw);
  const user = useUser();
  const res = await UserEntity.patch({ userId: user.userId }).set({ ...input, updatedAt: now().toISOString() }).go({ response: "all_new" });
  return res.data;
}
