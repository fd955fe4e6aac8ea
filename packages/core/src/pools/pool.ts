import { z } from "zod";
import { assertScope, isAdmin, useActor, useTenant, useUser, withActor } from "../actor";
import { Notification } from "../collab/notification";
import { CompanyEntity, type CompanyItem } from "../db/company";
import { DueEntity, dueBy } from "../db/due";
import { MembershipEntity } from "../db/membership";
import { PoolCounterEntity, PoolCustomerEntity, PoolEntity, type PoolCustomerItem, type PoolItem } from "../db/pool";
import { ConflictError, DomainError, ForbiddenError, NotFoundError } from "../errors";
import { newId } from "../id";
import { type DomainEvent, now } from "../ports";
import { Search } from "../search";
import { epochSeconds } from "../table";
import { Tenant } from "../tenant";
import { Tx } from "../tx";
import { Visibility } from "../visibility";
import { Id, Name, parse } from "../validation";
import { PoolRules } from "./pool-rules";

export * as Pool from "./pool";

/**
 * Customer pools (公海). A company under pool rules is either in a pool (its owner is the pool, written as
 * `pool_<poolId>`, so no rep's list shows it) or owned by the rep who claimed it or was given it. Claims,
 * returns, assignments and recycling each move the company and its pool item in one transaction, with the
 * claim counters conditioned on their limits. Recycling reads the due-time index, never every customer.
 */
export const RECYCLE_QUEUE = "pool.recycle";
export const WARN_QUEUE = "pool.warn";
const MAX_POOLS = 50;

export const poolOwner = (poolId: string) => `pool_${poolId}`;

const Days = z.number().int().min(1).max(3650).nullable();
const RulesInput = z.strictObject({
  noFollowUpDays: Days.default(null),
  noOpenDealDays: Days.default(null),
  noWonDealDays: Days.default(null),
  afterContractEndDays: Days.default(null),
  warnDays: z.number().int().min(0).max(365).default(3),
});
const LimitsInput = z.strictObject({
  dailyClaimLimit: z.number().int().min(0).max(10000).nullable().default(null),
  cooldownDays: z.number().int().min(0).max(3650).default(0),
  ownershipCap: z.number().int().min(0).max(1_000_000).nullable().default(null),
  capCountsWon: z.boolean().default(true),
});
export const PoolInput = z.strictObject({
  name: Name,
  memberIds: z.array(Id).max(500).default([]),
  teamIds: z.array(Id).max(100).default([]),
  rules: RulesInput.default({ noFollowUpDays: null, noOpenDealDays: null, noWonDealDays: null, afterContractEndDays: null, warnDays: 3 }),
  /** Overrides per customer level (e.g. A, B, C). */
  levels: z.record(z.string().trim().min(1).max(20), RulesInput.partial()).default({}),
  limits: LimitsInput.default({ dailyClaimLimit: null, cooldownDays: 0, ownershipCap: null, capCountsWon: true }),
  /** New companies go under this pool's rules (owned by their creator) and recycle into it. */
  isDefault: z.boolean().default(false),
});
/** A change: what is given replaces the pool's value (rules and limits as a whole); nothing else moves. */
export const PoolPatch = z.strictObject({
  version: z.number().int().positive(),
  name: Name.optional(),
  memberIds: z.array(Id).max(500).optional(),
  teamIds: z.array(Id).max(100).optional(),
  rules: RulesInput.optional(),
  levels: z.record(z.string().trim().min(1).max(20), RulesInput.partial()).optional(),
  limits: LimitsInput.optional(),
  isDefault: z.boolean().optional(),
});
export const ReturnInput = z.strictObject({ reason: z.string().trim().min(1, "Say why it goes back.").max(500) });
export const AssignInput = z.strictObject({ userId: Id });
export const AddInput = z.strictObject({ companyId: Id, level: z.string().trim().min(1).max(20).optional() });
export const CustomersQuery = z.strictObject({ cursor: z.string().max(2000).optional(), limit: z.coerce.number().int().min(1).max(100).default(50) });

export type Pool = ReturnType<typeof present>;

function present(p: PoolItem) {
  return {
    poolId: p.poolId, name: p.name, memberIds: p.memberIds ?? [], teamIds: p.teamIds ?? [],
    rules: p.rules as PoolRules.Rules, levels: (p.levels as Record<string, Partial<PoolRules.Rules>>) ?? {},
    limits: p.limits as PoolRules.ClaimLimits, isDefault: (p as { isDefault?: boolean }).isDefault ?? false,
    version: p.version, createdAt: p.createdAt, updatedAt: p.updatedAt,
  };
}

/** The tenant's zone, from the settings the request (or sweep) already read once. */
const tenantZone = () => Tenant.settings().then((t) => t.timeZone);

async function loadPool(poolId: string): Promise<PoolItem> {
  const { data } = await PoolEntity.get({ tenantId: useTenant(), poolId }).go();
  if (!data) throw new NotFoundError("pool");
  return data;
}

/** Whether the current person may see and claim from the pool (admins always). */
function isMember(pool: PoolItem): boolean {
  const actor = useActor();
  if (isAdmin(actor) || actor.type === "system" || actor.type === "key") return true;
  if (actor.type !== "user") return false;
  return (pool.memberIds ?? []).includes(actor.userId) || (actor.teamIds ?? []).some((t) => (pool.teamIds ?? []).includes(t));
}

async function memberPool(poolId: string): Promise<PoolItem> {
  const pool = await loadPool(poolId);
  // Someone outside the pool cannot tell it from one that does not exist.
  if (!isMember(pool)) throw new NotFoundError("pool");
  return pool;
}

function requireAdmin() {
  if (!isAdmin(useActor())) throw new ForbiddenError("Only admins manage pools.", "forbidden.role");
}

/** The pools the current person belongs to (admins: all). */
export async function list(): Promise<{ items: Pool[] }> {
  assertScope("companies:read");
  const { data } = await PoolEntity.query.primary({ tenantId: useTenant() }).go({ pages: "all" });
  return { items: data.filter(isMember).map(present) };
}

export async function get(poolId: string): Promise<Pool> {
  assertScope("companies:read");
  return present(await memberPool(poolId));
}

export async function create(raw: unknown): Promise<Pool> {
  assertScope("settings:write");
  requireAdmin();
  const input = parse(PoolInput, raw);
  const tenantId = useTenant();
  const { data: existing } = await PoolEntity.query.primary({ tenantId }).go({ pages: "all" });
  if (existing.length >= MAX_POOLS) throw new DomainError("limit.pools", `A workspace has at most ${MAX_POOLS} pools.`, 409);
  await checkMembers(tenantId, input.memberIds);
  const at = now().toISOString();
  const { isDefault, ...rest } = input;
  const item = { tenantId, poolId: newId(), ...rest, isDefault, version: 1, createdAt: at, updatedAt: at } as PoolItem;
  const tx = new Tx(tenantId).add(() => PoolEntity.create(item));
  if (isDefault) for (const other of existing.filter((p) => present(p).isDefault)) tx.add(() => PoolEntity.patch({ tenantId, poolId: other.poolId }).set({ isDefault: false } as never));
  await tx.audit({ action: "pool.created", recordType: "pool", recordId: item.poolId, after: present(item) }).event("pool.created", present(item)).run();
  return present(item);
}

export async function update(poolId: string, raw: unknown): Promise<Pool> {
  assertScope("settings:write");
  requireAdmin();
  const input = parse(PoolPatch, raw);
  const tenantId = useTenant();
  const before = await loadPool(poolId);
  if (input.memberIds) await checkMembers(tenantId, input.memberIds);
  const { version, ...changes } = input;
  const after = { ...before, ...Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)), version: before.version + 1, updatedAt: now().toISOString() } as PoolItem;
  const tx = new Tx(tenantId).add(() => PoolEntity.put(after).where((a, op) => op.eq(a.version, version)), () => new ConflictError());
  if (changes.isDefault) {
    const { data: others } = await PoolEntity.query.primary({ tenantId }).go({ pages: "all" });
    for (const o of others.filter((p) => p.poolId !== poolId && present(p).isDefault)) tx.add(() => PoolEntity.patch({ tenantId, poolId: o.poolId }).set({ isDefault: false } as never));
  }
  await tx.audit({ action: "pool.updated", recordType: "pool", recordId: poolId, before: present(before), after: present(after) }).event("pool.updated", present(after)).run();
  return present(after);
}

export async function remove(poolId: string): Promise<void> {
  assertScope("settings:write");
  requireAdmin();
  const tenantId = useTenant();
  const before = await loadPool(poolId);
  const { data } = await PoolCustomerEntity.query.byPool({ tenantId, poolId, state: "pooled" }).go({ count: 1 });
  if (data.length) throw new DomainError("pool.not_empty", "Assign or move the customers in this pool first.", 409);
  await new Tx(tenantId)
    .add(() => PoolEntity.delete({ tenantId, poolId }).where((a, op) => op.eq(a.version, before.version)), () => new ConflictError())
    .audit({ action: "pool.deleted", recordType: "pool", recordId: poolId, before: present(before) })
    .event("pool.deleted", { poolId })
    .run();
}

async function checkMembers(tenantId: string, ids: string[]) {
  const { data } = await MembershipEntity.query.primary({ tenantId }).go({ pages: "all" });
  const known = new Set(data.map((m) => m.userId));
  const fields: Record<string, string> = {};
  ids.forEach((id, i) => !known.has(id) && (fields[`memberIds.${i}`] = "Unknown member."));
  if (Object.keys(fields).length) throw new DomainError("validation", "Check the members.", 400, fields);
}

// ---- customers ---------------------------------------------------------------------------------------------

async function loadCompany(tenantId: string, companyId: string): Promise<CompanyItem> {
  const { data } = await CompanyEntity.get({ tenantId, companyId }).go();
  if (!data) throw new NotFoundError("company");
  return data;
}

async function loadCustomer(tenantId: string, companyId: string): Promise<PoolCustomerItem | null> {
  const { data } = await PoolCustomerEntity.get({ tenantId, companyId }).go();
  return data;
}

function customerState(c: PoolCustomerItem): PoolRules.OwnedCustomer {
  const d = (s?: string) => (s ? new Date(s) : null);
  return {
    ownedSince: new Date(c.ownedSince ?? c.updatedAt), lastFollowUpAt: d(c.lastFollowUpAt), openDeals: c.openDeals ?? 0,
    lastDealClosedAt: d(c.lastDealClosedAt), lastWonAt: d(c.lastWonAt), contractEndAt: d(c.contractEndAt),
  };
}

/** Recomputes when an owned customer returns and is warned; the due-index writes that keep the sweeps in step. */
function schedule(item: PoolCustomerItem, before: PoolCustomerItem | null, pool: PoolItem, zone: string): Array<() => object> {
  const ops: Array<() => object> = [];
  const { tenantId, companyId } = item;
  let recycleAt: string | undefined;
  let warnAt: string | undefined;
  if (item.state === "owned") {
    const rules = PoolRules.rulesFor(pool.rules as PoolRules.Rules, (pool.levels as Record<string, Partial<PoolRules.Rules>>) ?? {}, item.level);
    const due = PoolRules.recycleDue(customerState(item), rules, zone);
    recycleAt = due?.dueAt.toISOString();
    warnAt = due && rules.warnDays > 0 ? due.warnAt.toISOString() : undefined;
  }
  item.recycleAt = recycleAt;
  item.warnAt = warnAt;
  const move = (queue: string, from?: string, to?: string) => {
    if (from === to) return;
    if (from) ops.push(() => DueEntity.delete({ queue, dueAt: from, tenantId, recordId: companyId }));
    if (to) ops.push(() => DueEntity.put({ queue, dueAt: to, tenantId, recordId: companyId }));
  };
  move(RECYCLE_QUEUE, before?.recycleAt, recycleAt);
  move(WARN_QUEUE, before?.warnAt, warnAt);
  return ops;
}

/** Writes the customer item (conditioned on the version read) with its due-index moves. */
function putCustomer(tx: Tx, after: PoolCustomerItem, before: PoolCustomerItem | null, pool: PoolItem, zone: string) {
  for (const op of schedule(after, before, pool, zone)) tx.add(op);
  tx.add(
    () => (before ? PoolCustomerEntity.put(after).where((a, op) => op.eq(a.version, before.version)) : PoolCustomerEntity.create(after)),
    () => new ConflictError("Someone else just moved this customer; reload.", "conflict"),
  );
}

/** Moves the company to a new owner (a rep or the pool), with its search items, on the version read. */
function putCompany(tx: Tx, company: CompanyItem, ownerId: string): CompanyItem {
  const after = { ...company, ownerId, version: company.version + 1, updatedAt: now().toISOString() } as CompanyItem;
  tx.add(() => CompanyEntity.put(after).where((a, op) => op.eq(a.version, company.version)), () => new ConflictError("The customer changed meanwhile; reload.", "conflict"));
  for (const op of Search.indexOps("company", company.companyId, company.searchTerms ?? [], after.searchTerms ?? [], after)) tx.index(op);
  return after;
}

const counterKey = { day: (poolId: string, userId: string, day: string) => `day#${poolId}#${userId}#${day}`, owned: (userId: string) => `owned#${userId}`, open: (userId: string) => `open#${userId}` };

/** +1 or −1 on a person's ownership counters (all owned, and those without a won deal). */
function ownership(tx: Tx, tenantId: string, userId: string, delta: 1 | -1, won: boolean) {
  tx.add(() => PoolCounterEntity.update({ tenantId, name: counterKey.owned(userId) }).add({ value: delta }));
  if (!won) tx.add(() => PoolCounterEntity.update({ tenantId, name: counterKey.open(userId) }).add({ value: delta }));
}

function presentCustomer(c: PoolCustomerItem, company: CompanyItem | undefined, masked: boolean) {
  return {
    companyId: c.companyId, poolId: c.poolId, state: c.state, ownerId: c.ownerId ?? null, level: c.level ?? null,
    name: company?.name ?? "", industry: company?.industry ?? null,
    phone: masked ? PoolRules.maskPhone(company?.phone) : (company?.phone ?? null),
    domain: masked ? null : (company?.domain ?? null),
    pooledAt: c.pooledAt ?? null, pooledReason: c.pooledReason ?? null, lastFollowUpAt: c.lastFollowUpAt ?? null,
    recycleAt: c.recycleAt ?? null, warnAt: c.warnAt ?? null, version: c.version,
  };
}
export type PoolCustomer = ReturnType<typeof presentCustomer>;

/** The customers waiting in a pool, newest first; contact details masked until claimed. */
export async function customers(poolId: string, raw: unknown) {
  assertScope("companies:read");
  const q = parse(CustomersQuery, raw);
  const tenantId = useTenant();
  await memberPool(poolId);
  let cursor: string | null = null;
  const res = await PoolCustomerEntity.query.byPool({ tenantId, poolId, state: "pooled" }).go({ order: "desc", limit: q.limit, cursor: q.cursor ?? null });
  cursor = res.cursor;
  const { data: companies } = res.data.length ? await CompanyEntity.get(res.data.map((c) => ({ tenantId, companyId: c.companyId }))).go() : { data: [] as CompanyItem[] };
  const byId = new Map(companies.map((c) => [c.companyId, c]));
  return { items: res.data.map((c) => presentCustomer(c, byId.get(c.companyId), true)), cursor };
}

/** Where a company stands under pool rules (for its page): in which pool, due back when. */
export async function status(companyId: string) {
  assertScope("companies:read");
  const tenantId = useTenant();
  const [c, company] = await Promise.all([loadCustomer(tenantId, companyId), loadCompany(tenantId, companyId)]);
  const actor = useActor();
  if (!c) {
    // Not under pool rules: answer only for a company the person may see.
    if (!Visibility.canSee(await Visibility.ownerScope(), company)) throw new NotFoundError("company");
    return { companyId, managed: false as const };
  }
  const pool = await loadPool(c.poolId).catch(() => null);
  const visible = c.state === "owned" ? isAdmin(actor) || (actor.type === "user" && actor.userId === c.ownerId) || actor.type !== "user" : !!pool && isMember(pool);
  if (!visible) throw new NotFoundError("company");
  return { managed: true as const, ...presentCustomer(c, company, c.state === "pooled"), levels: pool ? levelsOf(pool) : DEFAULT_LEVELS };
}

/** Puts a company into a pool (admins), e.g. a list bought at a trade show. */
export async function add(poolId: string, raw: unknown) {
  assertScope("companies:write");
  requireAdmin();
  const input = parse(AddInput, raw);
  const tenantId = useTenant();
  const pool = await loadPool(poolId); // the path's id answers first, so an unknown pool always reads the same
  const [company, before, zone] = await Promise.all([loadCompany(tenantId, input.companyId), loadCustomer(tenantId, input.companyId), tenantZone()]);
  if (before?.state === "pooled") throw new DomainError("pool.already_pooled", "This customer is already in a pool.", 409);
  return toPool({ tenantId, pool, company, before, zone, reason: "added", level: input.level, action: "pool.added" });
}

/** The owner (or an admin or manager) gives a customer back to its pool, with a reason. */
export async function giveBack(companyId: string, raw: unknown) {
  assertScope("companies:write");
  const input = parse(ReturnInput, raw);
  const tenantId = useTenant();
  const before = await loadCustomer(tenantId, companyId);
  if (!before) throw new NotFoundError("company");
  const actor = useActor();
  const mayReturn = isAdmin(actor) || actor.type === "key" || (actor.type === "user" && (actor.userId === before.ownerId || actor.role === "manager"));
  if (!mayReturn) throw new NotFoundError("company");
  if (before.state !== "owned") throw new DomainError("pool.not_owned", "This customer is already in the pool.", 409);
  const [pool, company, zone] = await Promise.all([loadPool(before.poolId), loadCompany(tenantId, companyId), tenantZone()]);
  return toPool({ tenantId, pool, company, before, zone, reason: "returned", note: input.reason, action: "pool.returned" });
}

async function toPool(a: { tenantId: string; pool: PoolItem; company: CompanyItem; before: PoolCustomerItem | null; zone: string; reason: string; note?: string; level?: string; action: string }) {
  const at = now().toISOString();
  const previousOwner = a.before?.state === "owned" ? a.before.ownerId : a.company.ownerId.startsWith("pool_") ? undefined : a.company.ownerId;
  const released = { ...((a.before?.releasedAt as Record<string, string>) ?? {}), ...(previousOwner ? { [previousOwner]: at } : {}) };
  const after = {
    ...(a.before ?? { openDeals: 0, won: false }), tenantId: a.tenantId, companyId: a.company.companyId, poolId: a.pool.poolId, state: "pooled" as const, ownerId: undefined,
    ownedSince: undefined, pooledAt: at, pooledReason: a.reason, level: a.level ?? a.before?.level, releasedAt: released,
    version: (a.before?.version ?? 0) + 1, updatedAt: at,
  } as PoolCustomerItem;
  const tx = new Tx(a.tenantId);
  putCustomer(tx, after, a.before, a.pool, a.zone);
  putCompany(tx, a.company, poolOwner(a.pool.poolId));
  if (a.before?.state === "owned" && a.before.ownerId) ownership(tx, a.tenantId, a.before.ownerId, -1, !!a.before.won);
  const data = { companyId: a.company.companyId, poolId: a.pool.poolId, name: a.company.name, previousOwnerId: previousOwner ?? null, reason: a.reason, note: a.note ?? null };
  await tx.audit({ action: a.action, recordType: "company", recordId: a.company.companyId, before: { ownerId: a.company.ownerId }, after: { ownerId: poolOwner(a.pool.poolId), reason: a.note ?? a.reason } })
    .event(a.action, data)
    .run();
  return presentCustomer(after, a.company, false);
}

/** A pool member takes a customer. Exactly one of several simultaneous claims wins; the limits hold under races. */
export async function claim(poolId: string, companyId: string) {
  assertScope("companies:write");
  // Simultaneous claims by one person contend for the same counters; a claim that lost only that race
  // (not a limit, not the customer) starts again from fresh reads.
  for (let attempt = 0; ; attempt++) {
    try {
      return await claimOnce(poolId, companyId);
    } catch (err) {
      if (!(err instanceof DomainError && err.code === "conflict.busy") || attempt >= 10) throw err;
      await new Promise((r) => setTimeout(r, 20 + Math.random() * 80 * (attempt + 1)));
    }
  }
}

async function claimOnce(poolId: string, companyId: string) {
  const user = useUser();
  const tenantId = useTenant();
  const pool = await memberPool(poolId);
  const [before, company, zone] = await Promise.all([loadCustomer(tenantId, companyId), loadCompany(tenantId, companyId).catch(() => null), tenantZone()]);
  if (!before || before.poolId !== poolId || !company) throw new NotFoundError("company");
  if (before.state !== "pooled") throw new DomainError("pool.already_claimed", "Someone has just claimed this customer.", 409);
  const limits = pool.limits as PoolRules.ClaimLimits;
  const at = now();
  const day = PoolRules.claimDay(at, zone);
  const counters = await PoolCounterEntity.get([
    { tenantId, name: counterKey.day(poolId, user.userId, day) }, { tenantId, name: counterKey.owned(user.userId) }, { tenantId, name: counterKey.open(user.userId) },
  ]).go();
  const value = (name: string) => counters.data.find((c) => c.name === name)?.value ?? 0;
  const released = (before.releasedAt as Record<string, string> | undefined)?.[user.userId];
  const refusal = PoolRules.claimRefusal(
    { claimsToday: value(counterKey.day(poolId, user.userId, day)), owned: value(counterKey.owned(user.userId)), ownedWon: value(counterKey.owned(user.userId)) - value(counterKey.open(user.userId)), releasedThisAt: released ? new Date(released) : null },
    limits, at, zone,
  );
  if (refusal) throw refusalError(refusal);
  const stamp = at.toISOString();
  const after = { ...before, state: "owned" as const, ownerId: user.userId, ownedSince: stamp, lastFollowUpAt: undefined, version: before.version + 1, updatedAt: stamp } as PoolCustomerItem;
  const tx = new Tx(tenantId);
  putCustomer(tx, after, before, pool, zone);
  putCompany(tx, company, user.userId);
  // The limits are conditions on the counters, checked by DynamoDB inside the same transaction.
  const dayLimit = limits.dailyClaimLimit;
  tx.add(
    () => {
      const u = PoolCounterEntity.update({ tenantId, name: counterKey.day(poolId, user.userId, day) }).add({ value: 1 }).set({ expiresAt: epochSeconds(at) + 3 * 86400 });
      return dayLimit == null ? u : u.where((a, op) => `(${op.notExists(a.value)} OR ${op.lt(a.value, dayLimit)})`);
    },
    () => refusalError({ code: "pool.daily_limit" }),
  );
  const cap = limits.ownershipCap;
  const capName = limits.capCountsWon ? counterKey.owned(user.userId) : counterKey.open(user.userId);
  tx.add(
    () => {
      const u = PoolCounterEntity.update({ tenantId, name: capName }).add({ value: 1 });
      return cap == null ? u : u.where((a, op) => `(${op.notExists(a.value)} OR ${op.lt(a.value, cap)})`);
    },
    () => refusalError({ code: "pool.cap_reached" }),
  );
  // The other counter moves too (without a condition).
  if (limits.capCountsWon) tx.add(() => PoolCounterEntity.update({ tenantId, name: counterKey.open(user.userId) }).add({ value: before.won ? 0 : 1 }));
  else tx.add(() => PoolCounterEntity.update({ tenantId, name: counterKey.owned(user.userId) }).add({ value: 1 }));
  try {
    await tx.audit({ action: "pool.claimed", recordType: "company", recordId: companyId, before: { ownerId: company.ownerId }, after: { ownerId: user.userId } })
      .event("pool.claimed", { companyId, poolId, name: company.name, ownerId: user.userId })
      .run();
  } catch (err) {
    // The customer's own condition failing means someone else won the race.
    if (err instanceof ConflictError && err.code === "conflict") {
      const now2 = await loadCustomer(tenantId, companyId);
      if (now2?.state === "owned") throw new DomainError("pool.already_claimed", "Someone has just claimed this customer.", 409);
    }
    throw err;
  }
  return presentCustomer(after, company, false);
}

function refusalError(r: PoolRules.ClaimRefusal): DomainError {
  if (r.code === "pool.daily_limit") return new DomainError(r.code, "You have reached today's claim limit for this pool.", 409);
  if (r.code === "pool.cooldown") return new DomainError(r.code, `You let this customer go recently; you may claim it again from ${r.until.toISOString().slice(0, 10)}.`, 409);
  return new DomainError(r.code, "You own as many customers as this pool allows; return some first.", 409);
}

/** An admin or manager gives a pool customer (or an owned one) to a rep; claim limits do not apply. */
export async function assign(poolId: string, companyId: string, raw: unknown) {
  assertScope("companies:write");
  const actor = useActor();
  if (!(isAdmin(actor) || (actor.type === "user" && actor.role === "manager"))) throw new ForbiddenError("Only admins and managers assign customers.", "forbidden.role");
  const input = parse(AssignInput, raw);
  const tenantId = useTenant();
  const pool = await memberPool(poolId);
  const [before, company, zone, member] = await Promise.all([
    loadCustomer(tenantId, companyId), loadCompany(tenantId, companyId).catch(() => null), tenantZone(), MembershipEntity.get({ tenantId, userId: input.userId }).go(),
  ]);
  if (!before || before.poolId !== poolId || !company) throw new NotFoundError("company");
  if (!member.data) throw new DomainError("validation", "Check the field: userId.", 400, { userId: "Unknown member." });
  const stamp = now().toISOString();
  const after = { ...before, state: "owned" as const, ownerId: input.userId, ownedSince: stamp, lastFollowUpAt: undefined, version: before.version + 1, updatedAt: stamp } as PoolCustomerItem;
  const tx = new Tx(tenantId);
  putCustomer(tx, after, before, pool, zone);
  putCompany(tx, company, input.userId);
  if (before.state === "owned" && before.ownerId) ownership(tx, tenantId, before.ownerId, -1, !!before.won);
  ownership(tx, tenantId, input.userId, 1, !!before.won);
  await tx.audit({ action: "pool.assigned", recordType: "company", recordId: companyId, before: { ownerId: company.ownerId }, after: { ownerId: input.userId } })
    .event("pool.assigned", { companyId, poolId, name: company.name, ownerId: input.userId })
    .run();
  return presentCustomer(after, company, false);
}

// ---- events: what the recycle rules read --------------------------------------------------------------------

type Data = Record<string, unknown>;

/** Keeps follow-ups, deals and new companies in step with pool rules (registered in registry.ts). */
export async function onEvent(event: DomainEvent): Promise<void> {
  const d = event.data as Data;
  await withActor({ type: "system", tenantId: event.tenantId, reason: "pool-rules" }, async () => {
    if (event.type === "company.created") return enrol(event.tenantId, d as { companyId: string; ownerId: string });
    const followUpOf = (): string | undefined => {
      if ((event.type === "note.created" || event.type === "activity.logged") && d.recordType === "company") return d.recordId as string;
      return undefined;
    };
    const followed = followUpOf();
    if (followed) return touch(event.tenantId, followed, (c) => ({ lastFollowUpAt: event.at }), event);
    if ((event.type === "contract.created" || event.type === "contract.updated") && typeof d.endDate === "string" && typeof d.companyId === "string") {
      // The contract-ended rule counts from the latest end date among the customer's contracts.
      const end = new Date(`${d.endDate}T23:59:59Z`).toISOString();
      return touch(event.tenantId, d.companyId, (c) => (c.contractEndAt && c.contractEndAt >= end ? {} : { contractEndAt: end }), event);
    }
    if (event.type.startsWith("deal.")) {
      const deal = ((d.deal as Data | undefined) ?? d) as Data;
      const companyId = deal.companyId as string | undefined;
      if (!companyId) return;
      if (event.type === "deal.created") return touch(event.tenantId, companyId, (c) => ({ openDeals: (c.openDeals ?? 0) + 1 }), event);
      if (event.type === "deal.won") return touch(event.tenantId, companyId, (c) => ({ openDeals: Math.max(0, (c.openDeals ?? 0) - 1), lastDealClosedAt: event.at, lastWonAt: event.at, won: true }), event);
      if (event.type === "deal.lost") return touch(event.tenantId, companyId, (c) => ({ openDeals: Math.max(0, (c.openDeals ?? 0) - 1), lastDealClosedAt: event.at }), event);
    }
  });
}
export const EVENT_TYPES = ["company.created", "note.created", "activity.logged", "deal.created", "deal.won", "deal.lost", "contract.created", "contract.updated"];

/** A new company comes under the default pool's rules, owned by its creator. */
async function enrol(tenantId: string, company: { companyId: string; ownerId: string }) {
  const { data: pools } = await PoolEntity.query.primary({ tenantId }).go({ pages: "all" });
  const pool = pools.find((p) => present(p).isDefault);
  if (!pool || !company.ownerId || company.ownerId.startsWith("pool_")) return;
  if (await loadCustomer(tenantId, company.companyId)) return;
  const zone = await tenantZone();
  const at = now().toISOString();
  const item = { tenantId, companyId: company.companyId, poolId: pool.poolId, state: "owned", ownerId: company.ownerId, ownedSince: at, pooledAt: at, openDeals: 0, won: false, releasedAt: {}, version: 1, updatedAt: at } as PoolCustomerItem;
  const tx = new Tx(tenantId);
  putCustomer(tx, item, null, pool, zone);
  ownership(tx, tenantId, company.ownerId, 1, false);
  await tx.run().catch((err) => {
    if (!(err instanceof ConflictError)) throw err; // enrolled by a redelivery meanwhile
  });
}

/** Applies a change to a managed customer and reschedules its recycling; retried on a concurrent change. */
async function touch(tenantId: string, companyId: string, change: (c: PoolCustomerItem) => Partial<PoolCustomerItem>, event: DomainEvent) {
  for (let attempt = 0; attempt < 5; attempt++) {
    const before = await loadCustomer(tenantId, companyId);
    if (!before) return;
    const { data: pool } = await PoolEntity.get({ tenantId, poolId: before.poolId }).go();
    if (!pool) return;
    const patch = change(before);
    const after = { ...before, ...patch, version: before.version + 1, updatedAt: now().toISOString() } as PoolCustomerItem;
    const tx = new Tx(tenantId);
    putCustomer(tx, after, before, pool, await tenantZone());
    if (patch.won && !before.won && before.state === "owned" && before.ownerId) tx.add(() => PoolCounterEntity.update({ tenantId, name: counterKey.open(before.ownerId!) }).add({ value: -1 }));
    try {
      return await tx.run();
    } catch (err) {
      if (!(err instanceof ConflictError)) throw err;
    }
  }
  console.error(`[pool-rules] ${event.type} for company ${companyId} lost to concurrent changes`);
}

// ---- the sweep ------------------------------------------------------------------------------------------------

/** Returns overdue customers to their pools and warns owners ahead; reads only the due index. */
export async function sweep(at: Date = now()): Promise<{ recycled: number; warned: number }> {
  const total = { recycled: 0, warned: 0 };
  for (const queue of [WARN_QUEUE, RECYCLE_QUEUE]) {
    for (let round = 0; round < 100; round++) {
      const { data } = await dueBy(queue, at).go({ count: 100 });
      if (!data.length) break;
      for (const due of data) {
        await withActor({ type: "system", tenantId: due.tenantId, reason: "pool-recycle" }, () => sweepOne(queue, due, at, total))
          .catch((err) => console.error(`[pool-recycle] ${due.tenantId}/${due.recordId} failed`, err));
      }
    }
  }
  return total;
}

async function sweepOne(queue: string, due: { dueAt: string; tenantId: string; recordId: string }, at: Date, total: { recycled: number; warned: number }) {
  const { tenantId, recordId: companyId } = due;
  const c = await loadCustomer(tenantId, companyId);
  const stale = !c || c.state !== "owned" || (queue === RECYCLE_QUEUE ? c.recycleAt !== due.dueAt : c.warnAt !== due.dueAt);
  if (stale) {
    // The customer moved on (claimed again, followed up): its current schedule lives elsewhere in the index.
    await DueEntity.delete({ queue, dueAt: due.dueAt, tenantId, recordId: companyId }).go();
    return;
  }
  const { data: pool } = await PoolEntity.get({ tenantId, poolId: c.poolId }).go();
  if (!pool) return void (await DueEntity.delete({ queue, dueAt: due.dueAt, tenantId, recordId: companyId }).go());
  const company = await loadCompany(tenantId, companyId).catch(() => null);
  if (!company) return void (await DueEntity.delete({ queue, dueAt: due.dueAt, tenantId, recordId: companyId }).go());
  const zone = await tenantZone();
  const rules = PoolRules.rulesFor(pool.rules as PoolRules.Rules, (pool.levels as Record<string, Partial<PoolRules.Rules>>) ?? {}, c.level);
  const current = PoolRules.recycleDue(customerState(c), rules, zone);
  if (queue === WARN_QUEUE) {
    await DueEntity.delete({ queue, dueAt: due.dueAt, tenantId, recordId: companyId }).go();
    if (!current || c.warnedFor === c.recycleAt) return;
    await PoolCustomerEntity.patch({ tenantId, companyId }).set({ warnedFor: c.recycleAt }).where((a, op) => op.eq(a.version, c.version)).go().catch(() => undefined);
    total.warned++;
    await Notification.send(c.ownerId!, {
      kind: "pool", sourceId: `pool-warn-${companyId}-${c.recycleAt}`,
      title: `${company.name} returns to the pool on ${c.recycleAt!.slice(0, 10)}`,
      body: "Follow up with this customer, or it goes back to the pool for others to claim.", link: `/companies/${companyId}`,
    });
    await new Tx(tenantId).event("pool.recycle_warning", { companyId, poolId: pool.poolId, name: company.name, ownerId: c.ownerId, recycleAt: c.recycleAt }).run();
    return;
  }
  if (!current || current.dueAt > at) {
    // Rules changed since it was scheduled: write the new schedule.
    const after = { ...c, version: c.version + 1, updatedAt: now().toISOString() } as PoolCustomerItem;
    const tx = new Tx(tenantId);
    putCustomer(tx, after, c, pool, zone);
    await tx.run().catch(() => undefined);
    return;
  }
  await toPool({ tenantId, pool, company, before: c, zone, reason: current.reason, action: "pool.recycled" });
  total.recycled++;
  await Notification.send(c.ownerId!, {
    kind: "pool", sourceId: `pool-recycled-${companyId}-${c.recycleAt}`,
    title: `${company.name} went back to the pool`, body: `Reason: ${current.reason.replace(/_/g, " ")}.`, link: `/companies/${companyId}`,
  });
}

// ---- customer level -------------------------------------------------------------------------------------------

/** The levels offered when a pool defines no per-level rules. */
export const DEFAULT_LEVELS = ["A", "B", "C"];
export const LevelInput = z.strictObject({ version: z.number().int().positive(), level: z.string().trim().min(1).max(20).nullable() });

/** The levels a customer of `pool` may take: those its rules name, else A/B/C. */
export function levelsOf(pool: Pick<PoolItem, "levels">): string[] {
  const named = Object.keys((pool.levels as Record<string, unknown> | undefined) ?? {});
  return named.length ? named : DEFAULT_LEVELS;
}

/**
 * Sets a customer's level (admins, and managers for customers they see or whose pool they belong to). The
 * level picks the pool's rules, so its return and warning times move in the same transaction.
 */
export async function setLevel(companyId: string, raw: unknown) {
  assertScope("companies:write");
  const input = parse(LevelInput, raw);
  const tenantId = useTenant();
  const [before, company] = await Promise.all([loadCustomer(tenantId, companyId), loadCompany(tenantId, companyId)]);
  const actor = useActor();
  const pool = before ? await loadPool(before.poolId).catch(() => null) : null;
  const sees = Visibility.canSee(await Visibility.ownerScope(), company) || (!!pool && before?.state === "pooled" && isMember(pool));
  if (!sees) throw new NotFoundError("company");
  if (!isAdmin(actor) && !(actor.type === "user" && actor.role === "manager")) throw new ForbiddenError("Admins and managers set customer levels.", "pool.level_forbidden");
  if (!before || !pool) throw new DomainError("pool.not_managed", "This customer is not under pool rules; add it to a pool first.", 409);
  const level = input.level ?? undefined;
  if (level !== undefined && !levelsOf(pool).includes(level)) {
    throw new DomainError("validation", "Choose one of the pool's levels.", 400, { level: `One of ${levelsOf(pool).join(", ")}.` });
  }
  if (input.version !== before.version) throw new ConflictError();
  const after = { ...before, level, version: before.version + 1, updatedAt: now().toISOString() } as PoolCustomerItem;
  const tx = new Tx(tenantId);
  putCustomer(tx, after, before, pool, await tenantZone());
  await tx.audit({ action: "pool.level_changed", recordType: "company", recordId: companyId, before: { level: before.level ?? null }, after: { level: level ?? null } })
    .event("pool.level_changed", { companyId, poolId: pool.poolId, name: company.name, from: before.level ?? null, level: level ?? null })
    .run();
  return { managed: true as const, ...presentCustomer(after, company, false), levels: levelsOf(pool) };
}
