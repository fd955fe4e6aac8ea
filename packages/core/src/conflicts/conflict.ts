import { z } from "zod";
import { assertScope, useTenant } from "../actor";
import { ActivityEntity } from "../db/activity";
import { CompanyEntity, type CompanyItem } from "../db/company";
import { ConflictKeyEntity } from "../db/conflict-key";
import { ContactEntity, type ContactItem } from "../db/contact";
import { LeadEntity, type LeadItem } from "../db/lead";
import { MembershipEntity } from "../db/membership";
import { PoolCustomerEntity, PoolEntity } from "../db/pool";
import { UniqueEntity } from "../db/unique";
import { DomainError } from "../errors";
import { Phone } from "../phone";
import { CreditCode } from "../pools/credit-code";
import { Tenant } from "../tenant";
import { parse } from "../validation";
import { Visibility } from "../visibility";
import { ConflictKeys, type RecordType } from "./keys";
import { ConflictSettings, type Key } from "./settings";

export * as Conflicts from "./conflict";

/** The unique rules this module reads: a contact's email and a company's credit code are unique items already. */
export const CONTACT_EMAIL_RULE = "contact.email";
export const CREDIT_CODE_RULE = "company.creditCode";
const POOL_OWNER = "pool_";
const PER_KEY = 20;

const Text = z.string().trim().max(200).optional();
/** What a form has typed so far; partial values are fine (an unfinished phone number matches nothing). */
export const CheckInput = z.strictObject({
  kind: z.enum(["lead", "contact", "company"]),
  name: Text,
  companyName: Text,
  email: z.string().trim().max(254).optional(),
  phone: z.string().trim().max(40).optional(),
  creditCode: z.string().trim().max(40).optional(),
});
export type CheckInput = z.infer<typeof CheckInput>;

/**
 * One record the input collides with. What the caller may not see stays out: for such a record only its
 * kind, the keys that matched, its owner's name (or the pool it is in) and its last follow-up.
 */
export interface Match {
  kind: RecordType;
  keys: Key[];
  ownerName: string | null;
  poolName: string | null;
  lastFollowUpAt: string | null;
  /** Only when the caller may see the record. */
  recordId?: string;
  name?: string;
}

type Found = { kind: RecordType; id: string; keys: Set<Key> };
type AnyRecord = (LeadItem | ContactItem | CompanyItem) & { creditCode?: string };

/** The lookups for an input: which key each is and what it reads. */
async function lookups(input: CheckInput, keys: Key[]) {
  const tenantId = useTenant();
  const wanted = new Set(keys);
  const found = new Map<string, Found>();
  const add = (kind: RecordType, id: string, key: Key) => {
    const f = found.get(`${kind}#${id}`) ?? { kind, id, keys: new Set<Key>() };
    f.keys.add(key);
    found.set(`${kind}#${id}`, f);
  };
  const byKey = async (key: Key, item: string | null) => {
    if (!item) return;
    const { data } = await ConflictKeyEntity.query.primary({ tenantId, key: item }).go({ limit: PER_KEY });
    for (const d of data) add(d.recordType, d.recordId, key);
  };
  const byUnique = async (key: Key, rule: string, value: string, kind: RecordType) => {
    const { data } = await UniqueEntity.get({ tenantId, rule, value }).go();
    if (data?.recordId) add(kind, data.recordId, key);
  };
  const company = input.kind === "company" ? input.name : input.companyName;
  const phone = await e164(input.phone);
  const email = input.email?.includes("@") ? input.email.toLowerCase() : null;
  const code = input.creditCode && CreditCode.isValid(input.creditCode) ? CreditCode.normalize(input.creditCode) : null;
  await Promise.all([
    wanted.has("name") ? byKey("name", ConflictKeys.nameKey(company)) : null,
    wanted.has("phone") ? byKey("phone", ConflictKeys.phoneKey(phone)) : null,
    wanted.has("email") && email ? byKey("email", ConflictKeys.emailKey(email)) : null,
    wanted.has("email") && email ? byUnique("email", CONTACT_EMAIL_RULE, email, "contact") : null,
    wanted.has("creditCode") && code ? byUnique("creditCode", CREDIT_CODE_RULE, code, "company") : null,
  ]);
  return { found: [...found.values()], expect: { name: ConflictKeys.nameKey(company), phone, email, code } };
}

async function e164(phone: string | undefined): Promise<string | null> {
  if (!phone || phone.replace(/\D/g, "").length < 5) return null;
  try {
    return Phone.toE164(phone, (await Tenant.settings()).phoneRegion);
  } catch {
    return null;
  }
}

/** Reads the records behind the index items; an item whose record is gone or no longer has the key is stale and skipped. */
async function records(found: Found[]): Promise<Map<string, AnyRecord>> {
  const tenantId = useTenant();
  const ids = (kind: RecordType) => found.filter((f) => f.kind === kind).map((f) => f.id);
  const [leads, contacts, companies] = await Promise.all([
    ids("lead").length ? LeadEntity.get(ids("lead").map((leadId) => ({ tenantId, leadId }))).go().then((r) => r.data) : [],
    ids("contact").length ? ContactEntity.get(ids("contact").map((contactId) => ({ tenantId, contactId }))).go().then((r) => r.data) : [],
    ids("company").length ? CompanyEntity.get(ids("company").map((companyId) => ({ tenantId, companyId }))).go().then((r) => r.data) : [],
  ]);
  const out = new Map<string, AnyRecord>();
  for (const l of leads) out.set(`lead#${l.leadId}`, l);
  for (const c of contacts) out.set(`contact#${c.contactId}`, c);
  for (const c of companies) out.set(`company#${c.companyId}`, c);
  return out;
}

function stillMatches(kind: RecordType, r: AnyRecord, key: Key, expect: Awaited<ReturnType<typeof lookups>>["expect"]): boolean {
  if (kind === "lead" && (r as LeadItem).status === "converted") return false;
  switch (key) {
    case "name": return !!expect.name && ConflictKeys.of(kind, r).includes(expect.name);
    case "phone": return !!expect.phone && r.phone === expect.phone;
    case "email": return !!expect.email && (r as { email?: string }).email?.toLowerCase() === expect.email;
    case "creditCode": return !!expect.code && r.creditCode === expect.code;
  }
}

/** The latest follow-up: the last logged activity on the record, or a pool customer's last follow-up. */
async function lastFollowUp(kind: RecordType, id: string): Promise<string | null> {
  const tenantId = useTenant();
  const [activity, pooled] = await Promise.all([
    ActivityEntity.query.byRecord({ tenantId, recordKey: `${kind}#${id}` }).go({ order: "desc", limit: 1 }).then((r) => r.data[0]?.at ?? null),
    kind === "company" ? PoolCustomerEntity.get({ tenantId, companyId: id }).go().then((r) => r.data?.lastFollowUpAt ?? null) : null,
  ]);
  return [activity, pooled].filter((d): d is string => !!d).sort().at(-1) ?? null;
}

/** The matches of `input` against the tenant's leads, contacts and companies, on the given keys. */
export async function find(input: CheckInput, keys: Key[], exclude?: { kind: RecordType; id: string }): Promise<Match[]> {
  const tenantId = useTenant();
  const { found, expect } = await lookups(input, keys);
  const candidates = found.filter((f) => !(exclude && exclude.kind === f.kind && exclude.id === f.id));
  if (!candidates.length) return [];
  const [byKey, scope] = await Promise.all([records(candidates), Visibility.ownerScope()]);
  const hits = candidates
    .map((f) => ({ f, r: byKey.get(`${f.kind}#${f.id}`) }))
    .filter((h): h is { f: Found; r: AnyRecord } => !!h.r)
    .map(({ f, r }) => ({ f, r, keys: [...f.keys].filter((k) => stillMatches(f.kind, r, k, expect)) }))
    .filter((h) => h.keys.length > 0);
  if (!hits.length) return [];
  const ownerIds = [...new Set(hits.map((h) => h.r.ownerId))];
  const poolIds = ownerIds.filter((o) => o.startsWith(POOL_OWNER)).map((o) => o.slice(POOL_OWNER.length));
  const userIds = ownerIds.filter((o) => !o.startsWith(POOL_OWNER));
  const [members, pools, follows] = await Promise.all([
    userIds.length ? MembershipEntity.get(userIds.map((userId) => ({ tenantId, userId }))).go().then((r) => r.data) : [],
    poolIds.length ? PoolEntity.get(poolIds.map((poolId) => ({ tenantId, poolId }))).go().then((r) => r.data) : [],
    Promise.all(hits.map((h) => lastFollowUp(h.f.kind, h.f.id))),
  ]);
  const memberName = new Map(members.map((m) => [m.userId, m.name]));
  const poolName = new Map(pools.map((p) => [p.poolId, p.name]));
  return hits.map((h, i) => {
    const inPool = h.r.ownerId.startsWith(POOL_OWNER);
    const match: Match = {
      kind: h.f.kind,
      keys: h.keys,
      ownerName: inPool ? null : (memberName.get(h.r.ownerId) ?? null),
      poolName: inPool ? (poolName.get(h.r.ownerId.slice(POOL_OWNER.length)) ?? null) : null,
      lastFollowUpAt: follows[i],
    };
    if (Visibility.canSee(scope, h.r)) Object.assign(match, { recordId: h.f.id, name: h.r.name });
    return match;
  });
}

/** POST /api/conflicts/check: what the typed values collide with, on the keys the tenant counts. */
export async function check(raw: unknown): Promise<{ mode: "warn" | "block"; matches: Match[] }> {
  assertScope("contacts:read");
  await Tenant.requireFeature("companies");
  const input = parse(CheckInput, raw);
  const settings = await ConflictSettings.get();
  return { mode: settings.mode, matches: await find(input, settings.keys) };
}

/**
 * The check a create runs before its transaction. Block mode refuses any match (409 `conflict.duplicate`).
 * Warn mode refuses only a client that asked to be warned (`acknowledgeConflicts: false`, as the web form
 * sends before the user confirms) with 409 `conflict.warning`; a client that does not say (integrations,
 * imports) or has acknowledged goes through. The matches travel in `error.details`.
 */
export async function guard(kind: RecordType, input: Omit<CheckInput, "kind">, acknowledged: boolean | undefined): Promise<void> {
  const settings = await ConflictSettings.get();
  if (settings.mode === "warn" && acknowledged !== false) return;
  if (!settings.keys.length) return;
  const matches = await find({ kind, ...input }, settings.keys);
  if (!matches.length) return;
  if (settings.mode === "block") {
    throw new DomainError("conflict.duplicate", "This matches an existing record; duplicates are blocked in this workspace.", 409, undefined, { details: { matches } });
  }
  throw new DomainError("conflict.warning", "This matches an existing record. Confirm to save it anyway.", 409, undefined, { details: { matches } });
}

/** A company of this tenant whose normalized name (legal suffixes, width, case and punctuation aside) is `name`'s. */
export async function companyByName(name: string): Promise<CompanyItem | null> {
  const key = ConflictKeys.nameKey(name);
  if (!key) return null;
  const tenantId = useTenant();
  const { data } = await ConflictKeyEntity.query.primary({ tenantId, key }).begins({ recordType: "company" }).go({ limit: PER_KEY });
  if (!data.length) return null;
  const { data: companies } = await CompanyEntity.get(data.map((d) => ({ tenantId, companyId: d.recordId }))).go();
  return companies.sort((a, b) => a.createdAt.localeCompare(b.createdAt)).find((c) => ConflictKeys.nameKey(c.name) === key) ?? null;
}
