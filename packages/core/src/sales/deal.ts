import { z } from "zod";
import { actorRef, assertScope, useTenant } from "../actor";
import { CompanyEntity } from "../db/company";
import { ContactEntity } from "../db/contact";
import { DealEntity, type DealItem } from "../db/deal";
import { DealHistoryEntity, type DealHistoryItem } from "../db/deal-history";
import { NotFoundError, ConflictError, ValidationError } from "../errors";
import { CustomField } from "../custom-field";
import { newId } from "../id";
import { now } from "../ports";
import { Records } from "../records";
import { Search } from "../search";
import { SearchIndex } from "../search-index";
import { ExternalId } from "../sync-external";
import { Tenant } from "../tenant";
import { Tx } from "../tx";
import { Id, Name, Tags, parse } from "../validation";
import { Visibility } from "../visibility";
import { MarketingCampaign } from "../marketing/campaign";
import { Counters, type DealFacts } from "./counters";
import { Ledger } from "./ledger";
import { Pipeline } from "./pipeline";
import { Position } from "./position";
import { ReportMath } from "./report-math";
import type { Stage } from "./stage-rules";
import { ApprovalLock } from "../approvals/lock";

export * as Deal from "./deal";

/**
 * Amounts are integers in the currency's minor unit (fen, cents): 1,250.50 CNY is 125050. Integer sums
 * stay exact in the counters; the cap keeps a pipeline's total far below 2^53.
 */
export const Amount = z.number().int("Use the minor unit (fen, cents): a whole number.").min(0).max(1e12);
export const Reason = z.string().trim().min(1, "Required.").max(500);
const Fields = {
  title: Name,
  amount: Amount.nullable(),
  contactId: Id.nullable(),
  companyId: Id.nullable(),
  ownerId: Id,
  closeDate: z.iso.date().nullable(),
  source: z.string().trim().max(100).nullable(),
  campaignId: MarketingCampaign.CampaignRef,
  tags: Tags,
  custom: z.record(z.string(), z.unknown()),
  shared: z.boolean(),
  externalId: ExternalId.ExternalIdField,
  discount: z.number().min(0).max(100).nullable(),
};
export const DealInput = z
  .strictObject({ ...Fields, pipelineId: Id, stageId: Id, currency: Pipeline.Currency, reason: Reason })
  .partial()
  .required({ pipelineId: true, title: true });
export const DealPatch = z.strictObject({ ...Fields, version: z.number().int().positive() }).partial().required({ version: true });

/** What the API returns: the deal without its index helpers. */
export function present(d: DealItem) {
  const { titleKey: _t, reached: _r, closedMonth: _m, ...rest } = d;
  return {
    ...rest,
    amount: rest.amount ?? null, contactId: rest.contactId ?? null, companyId: rest.companyId ?? null, closeDate: rest.closeDate ?? null, source: rest.source ?? null,
    wonReason: rest.wonReason ?? null, lostReason: rest.lostReason ?? null, closedAt: rest.closedAt ?? null, tags: rest.tags ?? [], custom: CustomField.visible("deal", rest.custom),
  };
}
export type Deal = ReturnType<typeof present>;

/** What the counters of a deal depend on. */
export function facts(d: DealItem): DealFacts {
  const cycle = d.status === "won" && d.closedAt ? Math.max(0, Math.round((Date.parse(d.closedAt) - Date.parse(d.createdAt)) / 1000)) : null;
  return { pipelineId: d.pipelineId, stageId: d.stageId, status: d.status, ownerId: d.ownerId, amount: d.amount ?? 0, closedMonth: d.closedMonth ?? null, cycleSeconds: cycle, source: d.source ?? null };
}

export async function monthNow(): Promise<string> {
  return ReportMath.monthOf(now(), (await Tenant.settings()).timeZone);
}

/** The deal if it exists in this tenant and the actor may see it; 404 otherwise. */
export async function load(dealId: string): Promise<DealItem> {
  await CustomField.prime();
  const { data } = await DealEntity.get({ tenantId: useTenant(), dealId }).go();
  if (!data || !Visibility.canSee(await Visibility.ownerScope(), data)) throw new NotFoundError("deal");
  return data;
}

async function normalize(input: Partial<z.infer<z.ZodObject<typeof Fields>>>, before?: { custom?: unknown }) {
  const tenantId = useTenant();
  const out: Record<string, unknown> = { ...input };
  const [contact, company] = await Promise.all([
    input.contactId ? ContactEntity.get({ tenantId, contactId: input.contactId }).go() : null,
    input.companyId ? CompanyEntity.get({ tenantId, companyId: input.companyId }).go() : null,
  ]);
  if (contact && !contact.data) throw new ValidationError("The contact does not exist.", { contactId: "Unknown contact." });
  if (company && !company.data) throw new ValidationError("The company does not exist.", { companyId: "Unknown company." });
  await MarketingCampaign.assertKnown(input.campaignId);
  if (input.custom !== undefined) out.custom = await CustomField.validate("deal", input.custom, before ? { before: before.custom ?? {} } : {});
  if (input.tags) out.tags = [...new Set(input.tags)];
  if (input.ownerId) out.ownerId = await Records.resolveOwner(input.ownerId);
  return out;
}

/** Drops nulls (cleared fields) so the item holds no null attributes. */
function compact<T extends Record<string, unknown>>(item: T): T {
  for (const k of Object.keys(item)) if (item[k] === null) delete item[k];
  return item;
}

export function reasonRequired(stage: Stage) {
  return new ValidationError(`Give a reason for ${stage.kind === "won" ? "winning" : "losing"} the deal.`, { reason: "Required." }, "deal.reason_required");
}

/** The history item for a deal entering `to` (from `from`, unless it is being created). */
export function historyItem(d: DealItem, to: Stage, from: Stage | null, reason: string | undefined): DealHistoryItem {
  const actor = actorRef();
  return {
    tenantId: d.tenantId, dealId: d.dealId, historyId: newId(), at: d.updatedAt, actorType: actor.type, actorId: actor.id,
    fromStageId: from?.stageId, fromStageName: from?.name, toStageId: to.stageId, toStageName: to.name, amount: d.amount, currency: d.currency, reason,
  };
}

/** Creates a deal at the top of its stage's column (the first open stage unless given). */
export async function create(raw: unknown): Promise<Deal> {
  assertScope("deals:write");
  await Tenant.requireFeature("deals");
  const input = parse(DealInput, raw);
  const pipeline = await Pipeline.load(input.pipelineId).catch((err) => {
    throw err instanceof NotFoundError ? new ValidationError("The pipeline does not exist.", { pipelineId: "Unknown pipeline." }) : err;
  });
  const stage = input.stageId ? pipeline.stages.find((s) => s.stageId === input.stageId) : pipeline.stages.find((s) => s.kind === "open");
  if (!stage) throw new ValidationError("The stage is not in this pipeline.", { stageId: "Unknown stage." });
  if (input.currency && input.currency !== pipeline.currency) {
    throw new ValidationError(`Deals in this pipeline are in ${pipeline.currency}.`, { currency: `Use ${pipeline.currency}.` }, "deal.currency_mismatch");
  }
  if (stage.kind !== "open" && !input.reason) throw reasonRequired(stage);
  if (stage.kind === "open" && input.reason) throw new ValidationError("A reason is only kept for won or lost deals.", { reason: "Only for won or lost stages." });
  const fields = await normalize(input);
  const tenantId = useTenant();
  const [first, month] = await Promise.all([
    DealEntity.query.byColumn({ tenantId, pipelineId: pipeline.pipelineId, stageId: stage.stageId }).go({ limit: 1 }),
    monthNow(),
  ]);
  const at = now().toISOString();
  const reached = Counters.newlyReached(pipeline.stages, stage.stageId, []);
  const item = compact({
    tenantId, dealId: newId(), pipelineId: pipeline.pipelineId, stageId: stage.stageId, status: stage.kind,
    position: Position.jittered(null, first.data[0]?.position ?? null),
    title: input.title, titleKey: Search.normalize(input.title), amount: input.amount, currency: pipeline.currency,
    contactId: input.contactId, companyId: input.companyId, ownerId: (fields.ownerId as string | undefined) ?? (await Records.resolveOwner(undefined)),
    shared: input.shared ?? false, closeDate: input.closeDate, source: input.source, campaignId: input.campaignId, externalId: input.externalId, discount: input.discount,
    tags: (fields.tags as string[]) ?? [], custom: (fields.custom as Record<string, unknown>) ?? (await CustomField.validate("deal", {})),
    wonReason: stage.kind === "won" ? input.reason : undefined, lostReason: stage.kind === "lost" ? input.reason : undefined,
    closedAt: stage.kind === "open" ? undefined : at, closedMonth: stage.kind === "open" ? undefined : month,
    stageEnteredAt: at, reached, version: 1, createdAt: at, updatedAt: at,
  } as Record<string, unknown>) as DealItem;
  const flows = Counters.entryFlows({ pipelineId: pipeline.pipelineId, month, stageId: stage.stageId, reached, created: { amount: item.amount ?? 0, source: item.source } });
  const tx = new Tx(tenantId).add(() => DealEntity.create(item)).add(() => DealHistoryEntity.create(historyItem(item, stage, null, input.reason)));
  for (const op of SearchIndex.dealOps(null, item)) tx.add(op);
  ExternalId.track(tx, "deal", item.dealId, undefined, item.externalId);
  Ledger.addTo(tx, tenantId, Counters.changes(null, facts(item), flows), { stageId: stage.stageId, kind: stage.kind });
  tx.audit({ action: "deal.created", recordType: "deal", recordId: item.dealId, after: present(item) }).event("deal.created", present(item));
  if (stage.kind !== "open") tx.event(`deal.${stage.kind}`, { deal: present(item), fromStageId: stage.stageId, toStageId: stage.stageId, reason: input.reason ?? null });
  await tx.run();
  return present(item);
}

/** A deal with its stage history (oldest first). */
export async function get(dealId: string) {
  assertScope("deals:read");
  const deal = await load(dealId);
  const { data } = await DealHistoryEntity.query.primary({ tenantId: deal.tenantId, dealId }).go({ pages: "all" });
  return { ...present(deal), history: data.map(({ tenantId: _t, ...h }) => ({ ...h, fromStageId: h.fromStageId ?? null, fromStageName: h.fromStageName ?? null, amount: h.amount ?? null, reason: h.reason ?? null })) };
}

/** Updates the fields given, if `version` is still current; the board counters follow amount and owner. */
export async function update(dealId: string, raw: unknown, held?: ApprovalLock.Held): Promise<Deal> {
  assertScope("deals:write");
  const { version, ...changes } = parse(DealPatch, raw);
  const before = await load(dealId);
  ApprovalLock.assertFree(before, held);
  const fields = await normalize(changes, before);
  const merged = { ...before, ...fields, version: before.version + 1, updatedAt: now().toISOString() } as DealItem;
  delete merged.approvalId;
  if (changes.title) merged.titleKey = Search.normalize(changes.title);
  const after = compact(merged as Record<string, unknown>) as DealItem;
  const tenantId = useTenant();
  const tx = new Tx(tenantId).add(() => DealEntity.put(after).where((a, op) => op.eq(a.version, version)), () => new ConflictError());
  for (const op of SearchIndex.dealOps(before, after)) tx.add(op);
  ExternalId.track(tx, "deal", dealId, before.externalId, after.externalId);
  Ledger.addTo(tx, tenantId, Counters.changes(facts(before), facts(after)));
  held?.extend(tx);
  await tx
    .audit({ action: "deal.updated", recordType: "deal", recordId: dealId, before: present(before), after: present(after) })
    .event("deal.updated", present(after))
    .run();
  return present(after);
}

/** Deletes a deal; its stage's count and total drop in the same transaction. */
export async function remove(dealId: string): Promise<void> {
  assertScope("deals:write");
  const before = await load(dealId);
  ApprovalLock.assertFree(before);
  const tenantId = useTenant();
  const tx = new Tx(tenantId).add(() => DealEntity.delete({ tenantId, dealId }).where((a, op) => op.eq(a.version, before.version)), () => new ConflictError());
  for (const op of SearchIndex.dealOps(before, null)) tx.add(op);
  ExternalId.track(tx, "deal", dealId, before.externalId, undefined);
  Ledger.addTo(tx, tenantId, Counters.changes(facts(before), null));
  await tx
    .audit({ action: "deal.deleted", recordType: "deal", recordId: dealId, before: present(before) })
    .event("deal.deleted", { dealId, pipelineId: before.pipelineId })
    .run();
}
