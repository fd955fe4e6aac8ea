import { z } from "zod";
import { assertScope, useTenant } from "../actor";
import { CompanyEntity } from "../db/company";
import { ContactEntity } from "../db/contact";
import { DuplicateGroupEntity, DuplicateScanEntity } from "../db/duplicate";
import { UniqueEntity } from "../db/unique";
import { Phone } from "../phone";
import { Records } from "../records";
import { Search } from "../search";
import { Tenant } from "../tenant";
import { parse } from "../validation";
import { Visibility } from "../visibility";
import { Dedupe } from "./dedupe";
import { DedupeRules, type Rule } from "./dedupe-rules";

export * as DedupeList from "./dedupe-list";

export const ListQuery = z.strictObject({
  object: Dedupe.ObjectType,
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().max(2000).optional(),
});

const RecordSummary = z.object({
  id: z.string(), name: z.string(), email: z.string().nullable(), phone: z.string().nullable(), companyId: z.string().nullable(),
  domain: z.string().nullable(), tags: z.array(z.string()), custom: z.record(z.string(), z.unknown()), version: z.number(), updatedAt: z.string(),
});
export const GroupResponse = z.object({ groupId: z.string(), reasons: z.array(z.string()), confidence: z.number(), records: z.array(RecordSummary) });
export const ListResponse = z.object({ scan: Dedupe.Scan.nullable(), items: z.array(GroupResponse), cursor: z.string().nullable() });

type Summary = z.infer<typeof RecordSummary>;

/** Visible records of a type by id, summarized for the duplicates screens. */
export async function summaries(object: Dedupe.ObjectType, ids: string[]): Promise<Map<string, Summary>> {
  const tenantId = useTenant();
  const scope = await Visibility.ownerScope();
  const out = new Map<string, Summary>();
  if (!ids.length) return out;
  if (object === "contact") {
    const { data } = await ContactEntity.get(ids.map((contactId) => ({ tenantId, contactId }))).go();
    for (const c of data) if (Visibility.canSee(scope, c)) out.set(c.contactId, { id: c.contactId, name: c.name, email: c.email ?? null, phone: c.phone ?? null, companyId: c.companyId ?? null, domain: null, tags: c.tags ?? [], custom: (c.custom as Record<string, unknown>) ?? {}, version: c.version, updatedAt: c.updatedAt });
  } else {
    const { data } = await CompanyEntity.get(ids.map((companyId) => ({ tenantId, companyId }))).go();
    for (const c of data) if (Visibility.canSee(scope, c)) out.set(c.companyId, { id: c.companyId, name: c.name, email: null, phone: c.phone ?? null, companyId: null, domain: c.domain ?? null, tags: c.tags ?? [], custom: (c.custom as Record<string, unknown>) ?? {}, version: c.version, updatedAt: c.updatedAt });
  }
  return out;
}

/** The groups of the latest finished scan, most certain first; merged or invisible records drop out. */
export async function list(raw: unknown): Promise<z.infer<typeof ListResponse>> {
  const query = parse(ListQuery, raw ?? {});
  assertScope(query.object === "contact" ? "contacts:read" : "companies:read");
  const tenantId = useTenant();
  const { data: scan } = await DuplicateScanEntity.get({ tenantId, object: query.object }).go();
  const { scan: presented } = await Dedupe.status({ object: query.object });
  if (!scan || scan.status !== "done") return { scan: presented, items: [], cursor: null };
  const page = await Records.page<{ rank: string; ids: string[]; reasons: string[]; confidence: number }>(
    DuplicateGroupEntity.query.primary({ tenantId, object: query.object, runId: scan.runId }), [], { cursor: query.cursor, limit: query.limit, order: "asc" },
  );
  const found = await summaries(query.object, [...new Set(page.items.flatMap((g) => g.ids))]);
  const items = page.items
    .map((g) => ({ groupId: g.rank, reasons: g.reasons, confidence: g.confidence, records: g.ids.map((id) => found.get(id)).filter((r): r is Summary => !!r) }))
    .filter((g) => g.records.length > 1);
  return { scan: presented, items, cursor: page.cursor };
}

export const CheckQuery = z.strictObject({
  object: Dedupe.ObjectType,
  name: z.string().trim().max(200).optional(),
  email: z.string().trim().max(254).optional(),
  phone: z.string().trim().max(40).optional(),
  companyId: z.string().max(64).optional(),
  /** The record being edited, left out of its own matches. */
  excludeId: z.string().max(64).optional(),
});
export const CheckResponse = z.object({ matches: z.array(z.object({ id: z.string(), name: z.string(), reasons: z.array(z.string()), confidence: z.number(), link: z.string() })) });

async function exactTerm(kind: string, term: string): Promise<string[]> {
  if (!term) return [];
  const { data } = await Search.byPrefix(kind, term).go({ limit: 50 });
  return data.filter((i) => i.term === term).map((i) => i.recordId);
}

/**
 * Likely duplicates of a record about to be saved: the same email, the same phone, the same name (at the
 * same company for contacts). A few index reads, whatever the number of records.
 */
export async function check(raw: unknown): Promise<z.infer<typeof CheckResponse>> {
  const q = parse(CheckQuery, raw ?? {});
  assertScope(q.object === "contact" ? "contacts:read" : "companies:read");
  const tenantId = useTenant();
  const hits = new Map<string, Set<Rule>>();
  const add = (ids: string[], rule: Rule) => ids.forEach((id) => id !== q.excludeId && (hits.get(id) ?? hits.set(id, new Set()).get(id)!).add(rule));
  const { rules } = await Dedupe.settings();
  const tasks: Promise<void>[] = [];
  if (rules.email && q.email && q.object === "contact") {
    tasks.push(UniqueEntity.get({ tenantId, rule: "contact.email", value: q.email.toLowerCase() }).go().then(({ data }) => add(data ? [data.recordId] : [], "email")));
  }
  if (rules.phone && q.phone) {
    let digits = "";
    try {
      digits = Phone.toE164(q.phone, (await Tenant.settings()).phoneRegion).replace(/\D/g, "");
    } catch {
      digits = "";
    }
    tasks.push(exactTerm(q.object, digits).then((ids) => add(ids, "phone")));
  }
  if (rules.name && q.name) tasks.push(exactTerm(q.object, Search.normalize(q.name).replace(/ /g, "")).then((ids) => add(ids, "name")));
  await Promise.all(tasks);
  const found = await summaries(q.object, [...hits.keys()].slice(0, 20));
  const matches = [...found.values()].map((r) => {
    const reasons = DedupeRules.RULES.filter((rule) => hits.get(r.id)!.has(rule));
    // A name alone is a weak hint unless the company matches too.
    const nameOnly = reasons.length === 1 && reasons[0] === "name";
    const confidence = nameOnly ? (q.object === "contact" && q.companyId && r.companyId === q.companyId ? DedupeRules.CONFIDENCE.name : 0.5) : Math.max(...reasons.map((x) => DedupeRules.CONFIDENCE[x]));
    return { id: r.id, name: r.name, reasons, confidence, link: `/${q.object === "contact" ? "contacts" : "companies"}/${r.id}` };
  });
  return { matches: matches.sort((a, b) => b.confidence - a.confidence).slice(0, 10) };
}
