import { z } from "zod";
import { assertScope, type Role, useActor, useTenant, useUser } from "./actor";
import { Auth } from "./auth";
import { Config } from "./config";
import { InvitationEntity } from "./db/invitation";
import { LookupEntity } from "./db/lookup";
import { MembershipEntity, type MembershipItem } from "./db/membership";
import { TeamEntity } from "./db/team";
import { TenantEntity } from "./db/tenant";
import { UsageEntity } from "./db/usage";
import { UserEntity } from "./db/user";
import { ConflictError, ForbiddenError, NotFoundError, UnauthorizedError, ValidationError } from "./errors";
import { newId } from "./id";
import { MailTemplates } from "./mail-templates";
import { hashPassword, verifyPassword } from "./password";
import { Plan } from "./plan";
import { now, usePorts } from "./ports";
import { epochSeconds } from "./table";
import { Tenant } from "./tenant";
import { Token } from "./token";
import { Tx } from "./tx";
import { Email, Id, Name, Password, parse } from "./validation";

export * as Member from "./member";

const INVITE_TTL_SECONDS = 7 * 86400;
const InvitableRole = z.enum(["admin", "manager", "member", "viewer"]);
const RoleSchema = z.enum(["owner", "admin", "manager", "member", "viewer"]);

export async function list() {
  assertScope("team:read");
  const { data } = await MembershipEntity.query.primary({ tenantId: useTenant() }).go({ pages: "all" });
  return data.map(({ userId, name, email, role, teamIds, version }) => ({ userId, name, email, role, teamIds: teamIds ?? [], version }));
}

export async function get(userId: string): Promise<MembershipItem> {
  const { data } = await MembershipEntity.get({ tenantId: useTenant(), userId }).go();
  if (!data) throw new NotFoundError("member");
  return data;
}

/** User ids sharing a team with the current manager (including the manager). */
export async function teammatesOf(userId: string, teamIds: string[]): Promise<string[]> {
  if (!teamIds.length) return [userId];
  const { data } = await MembershipEntity.query.primary({ tenantId: useTenant() }).go({ pages: "all" });
  const ids = data.filter((m) => (m.teamIds ?? []).some((t) => teamIds.includes(t))).map((m) => m.userId);
  return [...new Set([userId, ...ids])];
}

export const InviteInput = z.strictObject({ email: Email, role: InvitableRole, teamIds: z.array(Id).max(20).optional() });

/** Invites someone by email with a role and teams; the link is valid for 7 days. */
export async function invite(raw: unknown) {
  assertScope("team:write");
  const input = parse(InviteInput, raw);
  const tenantId = useTenant();
  const tenant = await Tenant.current();
  const plan = Plan.get(tenant.plan);
  const [usage, pending] = await Promise.all([Tenant.usage(), listInvitations()]);
  // Pending invitations hold a seat, so an admin cannot invite more people than the plan can take.
  if (plan.seats !== null && usage.seats + pending.length >= plan.seats) throw Plan.limitReached("seats");
  await assertTeams(input.teamIds ?? []);
  const existing = await Auth.userByEmail(input.email);
  if (existing) {
    const { data } = await MembershipEntity.get({ tenantId, userId: existing.userId }).go();
    if (data) throw new ConflictError("This person is already a member.", "member.exists", { email: "Already a member." });
  }
  const invitationId = newId();
  const { secret, key } = await Token.issue("invite", invitationId, INVITE_TTL_SECONDS, { tenantId });
  const actor = useUser();
  const item = {
    tenantId, invitationId, email: input.email, role: input.role, teamIds: input.teamIds ?? [], invitedBy: actor.userId,
    tokenHash: key, status: "pending" as const, expiresAt: epochSeconds(now()) + INVITE_TTL_SECONDS, createdAt: now().toISOString(),
  };
  await new Tx(tenantId)
    .add(() => InvitationEntity.create(item))
    .audit({ action: "member.invited", recordType: "invitation", recordId: invitationId, after: { email: input.email, role: input.role } })
    .event("member.invited", { invitationId, email: input.email, role: input.role })
    .run();
  const inviter = (await UserEntity.get({ userId: actor.userId }).go()).data?.name ?? actor.email;
  const link = MailTemplates.link("/accept", secret);
  await usePorts().mailer.send({ to: [input.email], from: Config.mailFrom(), ...MailTemplates.invite(inviter, tenant.name, link), tag: "invite" });
  const { tokenHash: _omit, ...rest } = item;
  return rest;
}

export async function listInvitations() {
  assertScope("team:read");
  const { data } = await InvitationEntity.query.primary({ tenantId: useTenant() }).go({ pages: "all" });
  const t = epochSeconds(now());
  return data.filter((i) => i.status === "pending" && i.expiresAt > t).map(({ tokenHash: _omit, ...rest }) => rest);
}

export async function revokeInvitation(invitationId: string) {
  assertScope("team:write");
  const tenantId = useTenant();
  const { data } = await InvitationEntity.get({ tenantId, invitationId }).go();
  if (!data || data.status !== "pending") throw new NotFoundError("invitation");
  await new Tx(tenantId)
    .add(() => InvitationEntity.patch({ tenantId, invitationId }).set({ status: "revoked" }).where((a, op) => op.eq(a.status, "pending")), () => new NotFoundError("invitation"))
    .add(() => LookupEntity.delete({ kind: "token", key: data.tokenHash }))
    .audit({ action: "member.invitation_revoked", recordType: "invitation", recordId: invitationId, before: { email: data.email } })
    .run();
}

async function readInvitation(token: string) {
  const t = await Token.read(token, "invite");
  if (!t?.tenantId) throw new ValidationError("This invitation is invalid or has expired.", { token: "Invalid or expired." }, "auth.token_invalid");
  const { data: inv } = await InvitationEntity.get({ tenantId: t.tenantId, invitationId: t.value }).go();
  if (!inv || inv.status !== "pending") throw new ValidationError("This invitation is no longer valid.", { token: "Used or revoked." }, "auth.token_invalid");
  const { data: tenant } = await TenantEntity.get({ tenantId: t.tenantId }).go();
  return { token: t, inv, tenant: tenant! };
}

/** What the accept page shows before the invitee sets a password. */
export async function describeInvitation(token: string) {
  const { inv, tenant } = await readInvitation(token);
  const existing = await Auth.userByEmail(inv.email);
  return { email: inv.email, role: inv.role, workspace: tenant.name, hasAccount: !!existing };
}

export const AcceptInput = z.strictObject({ token: z.string().min(10).max(200), name: Name.optional(), password: Password.optional() });

/**
 * Accepts an invitation: creates the person's account (or uses the existing one, after their password)
 * and the membership, taking a seat conditionally so the plan's seat limit holds under concurrency.
 */
export async function accept(raw: unknown) {
  const input = parse(AcceptInput, raw);
  const { token, inv, tenant } = await readInvitation(input.token);
  const plan = Plan.get(tenant.plan);
  const at = now().toISOString();
  let user = await Auth.userByEmail(inv.email);
  const tx = new Tx(inv.tenantId);
  if (user) {
    const actor = useActor();
    const sameSession = actor.type === "user" && actor.userId === user.userId;
    if (!sameSession && !(await verifyPassword(input.password ?? "", user.passwordHash))) {
      throw new UnauthorizedError("Enter the password of your existing account.", "auth.invalid_credentials");
    }
  } else {
    if (!input.name || !input.password) {
      throw new ValidationError("Enter your name and a password.", { ...(input.name ? {} : { name: "Required." }), ...(input.password ? {} : { password: "Required." }) });
    }
    const userId = newId();
    const passwordHash = await hashPassword(input.password);
    user = { userId, email: inv.email, name: input.name, passwordHash, emailVerified: true, locale: tenant.settings?.locale, lastTenantId: inv.tenantId, version: 1, createdAt: at, updatedAt: at };
    const created = user;
    tx.add(() => LookupEntity.create({ kind: "email", key: inv.email, value: created.userId, createdAt: at }), () => new ConflictError("Try again.", "conflict"));
    tx.add(() => UserEntity.create(created));
  }
  const u = user;
  // Teams deleted since the invitation was sent are dropped rather than referenced.
  const { data: teams } = await TeamEntity.query.primary({ tenantId: inv.tenantId }).go({ pages: "all" });
  const teamIds = (inv.teamIds ?? []).filter((id) => teams.some((t) => t.teamId === id));
  tx.add(
    () => MembershipEntity.create({ tenantId: inv.tenantId, userId: u.userId, role: inv.role, teamIds, name: u.name, email: u.email, tenantName: tenant.name, version: 1, createdAt: at, updatedAt: at }),
    () => new ConflictError("You are already a member.", "member.exists"),
  )
    .add(
      () => {
        const update = UsageEntity.update({ tenantId: inv.tenantId }).add({ seats: 1 });
        return (plan.seats === null ? update : update.where((a, op) => op.lt(a.seats, plan.seats!)));
      },
      () => Plan.limitReached("seats"),
    )
    .add(() => InvitationEntity.patch({ tenantId: inv.tenantId, invitationId: inv.invitationId }).set({ status: "accepted" }).where((a, op) => op.eq(a.status, "pending")), () => new ValidationError("This invitation is no longer valid.", { token: "Used." }, "auth.token_invalid"))
    .add(() => LookupEntity.delete({ kind: "token", key: token.key }))
    .audit({ action: "member.joined", recordType: "member", recordId: u.userId, after: { email: u.email, role: inv.role } })
    .event("member.joined", { userId: u.userId, role: inv.role });
  await tx.run();
  await UserEntity.patch({ userId: u.userId }).set({ lastTenantId: inv.tenantId }).go();
  return Auth.startSession(u.userId, inv.tenantId);
}

export const UpdateMemberInput = z.strictObject({ version: z.number().int().positive(), role: RoleSchema.optional(), teamIds: z.array(Id).max(20).optional() });

/** Changes a member's role or teams. Only an owner makes or unmakes owners; the last owner stays. */
export async function update(userId: string, raw: unknown) {
  assertScope("team:write");
  const input = parse(UpdateMemberInput, raw);
  const before = await get(userId);
  const me = useUser();
  if ((input.role === "owner" || before.role === "owner") && input.role && input.role !== before.role && me.role !== "owner") {
    throw new ForbiddenError("Only an owner can change an owner's role or make someone an owner.", "member.owner_only");
  }
  if (before.role === "owner" && input.role && input.role !== "owner") await assertAnotherOwner(userId);
  if (input.teamIds) await assertTeams(input.teamIds);
  const after = { ...before, role: (input.role ?? before.role) as Role, teamIds: input.teamIds ?? before.teamIds ?? [], version: before.version + 1, updatedAt: now().toISOString() };
  await new Tx(before.tenantId)
    .add(() => MembershipEntity.put(after).where((a, op) => op.eq(a.version, input.version)), () => new ConflictError())
    .audit({ action: "member.role_changed", recordType: "member", recordId: userId, before: { role: before.role, teamIds: before.teamIds }, after: { role: after.role, teamIds: after.teamIds } })
    .event("member.updated", { userId, role: after.role })
    .run();
  return { userId, name: after.name, email: after.email, role: after.role, teamIds: after.teamIds, version: after.version };
}

export async function remove(userId: string) {
  assertScope("team:write");
  const before = await get(userId);
  if (before.role === "owner") throw new ForbiddenError("An owner cannot be removed. Change the role first.", "member.owner_only");
  await new Tx(before.tenantId)
    .add(() => MembershipEntity.delete({ tenantId: before.tenantId, userId }))
    .add(() => UsageEntity.update({ tenantId: before.tenantId }).add({ seats: -1 }))
    .audit({ action: "member.removed", recordType: "member", recordId: userId, before: { email: before.email, role: before.role } })
    .event("member.removed", { userId })
    .run();
}

async function assertAnotherOwner(userId: string) {
  const members = await list();
  if (!members.some((m) => m.role === "owner" && m.userId !== userId)) {
    throw new ConflictError("A workspace needs at least one owner.", "member.last_owner");
  }
}

// Teams

export const TeamInput = z.strictObject({ name: Name });
export const TeamUpdateInput = z.strictObject({ name: Name, version: z.number().int().positive() });

export async function listTeams() {
  assertScope("team:read");
  const { data } = await TeamEntity.query.primary({ tenantId: useTenant() }).go({ pages: "all" });
  return data;
}

async function assertTeams(teamIds: string[]) {
  if (!teamIds.length) return;
  const known = new Set((await listTeams()).map((t) => t.teamId));
  const unknown = teamIds.filter((t) => !known.has(t));
  if (unknown.length) throw new ValidationError("Unknown team.", { teamIds: `Unknown: ${unknown.join(", ")}` });
}

export async function createTeam(raw: unknown) {
  assertScope("team:write");
  await Tenant.requireFeature("teams");
  const input = parse(TeamInput, raw);
  const tenantId = useTenant();
  const at = now().toISOString();
  const team = { tenantId, teamId: newId(), name: input.name, version: 1, createdAt: at, updatedAt: at };
  await new Tx(tenantId).add(() => TeamEntity.create(team)).audit({ action: "team.created", recordType: "team", recordId: team.teamId, after: { name: team.name } }).event("team.created", { teamId: team.teamId }).run();
  return team;
}

export async function updateTeam(teamId: string, raw: unknown) {
  assertScope("team:write");
  const input = parse(TeamUpdateInput, raw);
  const tenantId = useTenant();
  const { data: before } = await TeamEntity.get({ tenantId, teamId }).go();
  if (!before) throw new NotFoundError("team");
  const after = { ...before, name: input.name, version: before.version + 1, updatedAt: now().toISOString() };
  await new Tx(tenantId)
    .add(() => TeamEntity.put(after).where((a, op) => op.eq(a.version, input.version)), () => new ConflictError())
    .audit({ action: "team.updated", recordType: "team", recordId: teamId, before: { name: before.name }, after: { name: after.name } })
    .run();
  return after;
}

export async function deleteTeam(teamId: string) {
  assertScope("team:write");
  const tenantId = useTenant();
  const { data: before } = await TeamEntity.get({ tenantId, teamId }).go();
  if (!before) throw new NotFoundError("team");
  const members = (await list()).filter((m) => m.teamIds.includes(teamId));
  if (members.length) throw new ConflictError("Move the team's members out first.", "team.not_empty");
  await new Tx(tenantId).add(() => TeamEntity.delete({ tenantId, teamId })).audit({ action: "team.deleted", recordType: "team", recordId: teamId, before: { name: before.name } }).run();
}
