import { z } from "zod";
import { assertScope, useTenant } from "./actor";
import { ApprovalGate } from "./approvals/gate";
import { Company } from "./company";
import { Contact } from "./contact";
import { DealEntity, type DealItem } from "./db/deal";
import { DomainError, ValidationError } from "./errors";
import { Deal } from "./sales/deal";
import { DealMove } from "./sales/deal-move";
import { Search } from "./search";
import { ExternalId } from "./sync-external";
import { Records } from "./records";
import { parse } from "./validation";
import { Visibility } from "./visibility";

export * as Sync from "./sync";

export const BULK_MAX = 100;

const Rows = z.array(z.record(z.string(), z.unknown())).min(1).max(BULK_MAX);

export const ContactUpsertInput = z.strictObject({
  /** How a row finds the contact it updates: by email or by the other system's id. */
  matchBy: z.enum(["email", "externalId"]),
  items: Rows,
});

export const CompanyUpsertInput = z.strictObject({
  /**
   * `externalId`: the other system's id. `name`: the company whose name is the same once normalized (case,
   * full-width letters, spaces) and whose domain is the same; a row without a domain matches only a company
   * without one. A row that fits two companies is reported as `sync.ambiguous_match`, never guessed.
   */
  matchBy: z.enum(["externalId", "name"]),
  items: Rows,
});

export const DealUpsertInput = z.strictObject({
  /** Deals (a shop's orders) are matched by the other system's id only: titles repeat. */
  matchBy: z.literal("externalId").default("externalId"),
  items: Rows,
});

type RowError = { code: string; message: string; fields?: Record<string, string> };
export type UpsertResult =
  | ({ index: number; status: "created" | "updated"; version: number } & Record<string, unknown>)
  | { index: number; status: "error"; error: RowError };
export type UpsertOutcome = { results: UpsertResult[]; created: number; updated: number; failed: number };

/**
 * Runs `one` for each row, one after another (two rows for the same record apply in order). Every row is
 * its own transaction, with its audit entry and event, so one bad row never blocks the others and is
 * reported with the same error body a single write would get.
 */
async function eachRow(rows: Array<Record<string, unknown>>, one: (row: Record<string, unknown>) => Promise<{ status: "created" | "updated"; version: number } & Record<string, unknown>>): Promise<UpsertOutcome> {
  const results: UpsertResult[] = [];
  for (const [index, row] of rows.entries()) {
    try {
      results.push({ index, ...(await one(row)) });
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      results.push({ index, status: "error", error: { code: err.code, message: err.message, ...(err.fields ? { fields: err.fields } : {}) } });
    }
  }
  const count = (s: UpsertResult["status"]) => results.filter((r) => r.status === s).length;
  return { results, created: count("created"), updated: count("updated"), failed: count("error") };
}

function keyOf(row: Record<string, unknown>, field: string): string {
  const key = row[field];
  if (typeof key !== "string" || !key.trim()) throw new ValidationError(`Each row needs ${field} to match on.`, { [field]: "Required." });
  return key.trim();
}

/** The row without `version`: a sync overwrites with the other system's values at the record's current version. */
function fieldsOf(row: Record<string, unknown>) {
  const { version: _ignored, ...fields } = row;
  return fields;
}

/**
 * Creates or updates up to 100 contacts, each matched by email or external id. A matched row updates
 * only the fields it carries; a concurrent edit in between answers 409 for that row.
 */
export async function upsertContacts(raw: unknown): Promise<UpsertOutcome> {
  assertScope("contacts:write");
  const input = parse(ContactUpsertInput, raw);
  return eachRow(input.items, async (row) => {
    const existingId = await Contact.idBy(input.matchBy, keyOf(row, input.matchBy));
    if (!existingId) {
      const c = await Contact.create(row);
      return { status: "created", contactId: c.contactId, version: c.version };
    }
    const current = await Contact.get(existingId);
    const c = await Contact.update(existingId, { ...fieldsOf(row), version: current.version });
    return { status: "updated", contactId: c.contactId, version: c.version };
  });
}

/** The company a `name` row means (see CompanyUpsertInput), or undefined; two candidates are an error. */
async function companyByName(name: string, domain: unknown): Promise<string | undefined> {
  const nameKey = Search.normalize(name).slice(0, 200);
  const wanted = typeof domain === "string" && domain.trim() ? domain.trim().toLowerCase() : undefined;
  const hits = (await Company.byNameKey(nameKey)).filter((c) => (c.domain ?? undefined) === wanted);
  if (hits.length > 1) {
    throw new DomainError("sync.ambiguous_match", `${hits.length} companies have this name${wanted ? " and domain" : " and no domain"}; match by externalId instead.`, 409, { name: "Matches several companies." });
  }
  return hits[0]?.companyId;
}

/** Creates or updates up to 100 companies, matched by external id or by name and domain. */
export async function upsertCompanies(raw: unknown): Promise<UpsertOutcome> {
  assertScope("companies:write");
  const input = parse(CompanyUpsertInput, raw);
  return eachRow(input.items, async (row) => {
    const existingId = input.matchBy === "externalId"
      ? await ExternalId.idBy("company", keyOf(row, "externalId"))
      : await companyByName(keyOf(row, "name"), row.domain);
    if (!existingId) {
      const c = await Company.create(row);
      return { status: "created", companyId: c.companyId, version: c.version };
    }
    const current = await Company.get(existingId);
    const c = await Company.update(existingId, { ...fieldsOf(row), version: current.version });
    return { status: "updated", companyId: c.companyId, version: c.version };
  });
}

/**
 * Creates or updates up to 100 deals matched by external id. A new row needs `pipelineId` and `title` as a
 * single create does. A matched row may carry `stageId` (and `reason` for a won or lost stage): the deal
 * moves there with the stage's rules, then takes the other fields; its pipeline and currency stay.
 */
export async function upsertDeals(raw: unknown): Promise<UpsertOutcome> {
  assertScope("deals:write");
  const input = parse(DealUpsertInput, raw);
  return eachRow(input.items, async (row) => {
    const existingId = await ExternalId.idBy("deal", keyOf(row, "externalId"));
    if (!existingId) {
      const d = await ApprovalGate.create(row);
      return { status: "created", dealId: d.dealId, version: d.version };
    }
    const { pipelineId, currency, stageId, reason, ...fields } = fieldsOf(row);
    let current = await Deal.get(existingId);
    await ApprovalGate.refuseSyncChange(current, { stageId: stageId !== current.stageId ? (stageId as string | undefined) : undefined, discount: (fields as { discount?: number | null }).discount });
    if (pipelineId !== undefined && pipelineId !== current.pipelineId) {
      throw new ValidationError("A synced deal stays in its pipeline.", { pipelineId: "Differs from the deal's pipeline." });
    }
    if (currency !== undefined && currency !== current.currency) {
      throw new ValidationError(`This deal is in ${current.currency}.`, { currency: `Use ${current.currency}.` }, "deal.currency_mismatch");
    }
    if (stageId !== undefined && stageId !== current.stageId) {
      current = { ...current, ...(await DealMove.move(existingId, { stageId, version: current.version, ...(reason !== undefined ? { reason } : {}) })) };
    }
    if (!Object.keys(fields).some((k) => k !== "externalId")) return { status: "updated", dealId: existingId, version: current.version };
    const d = await Deal.update(existingId, { ...fields, version: current.version });
    return { status: "updated", dealId: d.dealId, version: d.version };
  });
}

export const DealListQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(2000).optional(),
  tag: z.string().trim().max(50).optional(),
  ownerId: z.string().max(64).optional(),
  /** Only deals changed after this moment, oldest change first, with a stable cursor (see Records.changedAfter). */
  updatedAfter: z.iso.datetime({ offset: true }).optional(),
});

/**
 * Deals the actor may see across pipelines, by last change: newest first, or with `updatedAfter` oldest
 * change first so an integration pulls changes incrementally (the board serves the per-stage views).
 */
export async function listDeals(raw: unknown): Promise<{ items: Deal.Deal[]; cursor: string | null }> {
  assertScope("deals:read");
  const query = parse(DealListQuery, raw ?? {});
  const since = Records.changedAfter(query);
  const base = DealEntity.query.byUpdated({ tenantId: useTenant() });
  const wheres = Records.filters(await Visibility.ownerScope(), query);
  const res = await Records.page<DealItem>(since ? base.gte({ updatedAt: since }) : base, wheres, { cursor: query.cursor, limit: query.limit, order: since ? "asc" : "desc" });
  return { items: res.items.map(Deal.present), cursor: res.cursor };
}
