import { z } from "zod";
import { assertScope, useTenant } from "../actor";
import { Company } from "../company";
import { Contact } from "../contact";
import { CustomField } from "../custom-field";
import { CompanyEntity, type CompanyItem } from "../db/company";
import { ContactEntity, type ContactItem } from "../db/contact";
import { DealEntity, type DealItem } from "../db/deal";
import { DealHistoryEntity } from "../db/deal-history";
import { LeadEntity, type LeadItem } from "../db/lead";
import { UniqueEntity } from "../db/unique";
import { UsageEntity } from "../db/usage";
import { ConflictError, DomainError, NotFoundError, ValidationError } from "../errors";
import { CompanyConflicts } from "../conflicts/company-hooks";
import { Conflicts } from "../conflicts/conflict";
import { newId } from "../id";
import { Plan } from "../plan";
import { now } from "../ports";
import { Search } from "../search";
import { Tenant } from "../tenant";
import { Tx } from "../tx";
import { Id, Name, parse } from "../validation";
import { Counters } from "./counters";
import { Amount, Deal } from "./deal";
import { Lead } from "./lead";
import { LeadRouting } from "./lead-routing";
import { Ledger } from "./ledger";
import { Pipeline } from "./pipeline";
import { Position } from "./position";

export * as LeadConvert from "./lead-convert";

export const ConvertInput = z.strictObject({
  version: z.number().int().positive(),
  /** The pipeline the deal opens in, at its first open stage. */
  pipelineId: Id,
  /** Defaults to the lead's company name, or its name. */
  dealTitle: Name.optional(),
  /** Minor units in the pipeline's currency; defaults to the lead's amount. */
  amount: Amount.nullable().optional(),
});

export interface Conversion {
  lead: Lead.Lead;
  contactId: string;
  companyId: string | null;
  dealId: string;
  /** Whether the contact and company were existing records the lead was attached to. */
  existingContact: boolean;
  existingCompany: boolean;
}

const EMAIL_RULE = "contact.email";

function result(l: LeadItem, existingContact = false, existingCompany = false): Conversion {
  return { lead: Lead.present(l), contactId: l.contactId!, companyId: l.companyId ?? null, dealId: l.dealId!, existingContact, existingCompany };
}

/** A company of this tenant whose name is the same as `name` once normalized (found through the search index). */
export async function companyNamed(name: string): Promise<CompanyItem | null> {
  // The conflict key first: "华为技术有限公司" finds "华为技术" (legal suffixes, width and punctuation aside).
  const keyed = await Conflicts.companyByName(name);
  if (keyed) return keyed;
  const tenantId = useTenant();
  const key = Search.normalize(name);
  const ids = await Search.find("company", name, 20);
  if (!ids.length) return null;
  const { data } = await CompanyEntity.get(ids.map((companyId) => ({ tenantId, companyId }))).go();
  return data.find((c) => Search.normalize(c.name) === key) ?? null;
}

async function contactWithEmail(email: string | undefined): Promise<ContactItem | null> {
  if (!email) return null;
  const tenantId = useTenant();
  const { data: unique } = await UniqueEntity.get({ tenantId, rule: EMAIL_RULE, value: email }).go();
  if (!unique?.recordId) return null;
  const { data } = await ContactEntity.get({ tenantId, contactId: unique.recordId }).go();
  return data ?? null;
}

/**
 * Converts a lead into a contact, a company and a deal in one transaction: the lead becomes converted and
 * links to them. A contact with the lead's email and a company with the lead's company name are attached
 * instead of duplicated. The lead's version condition makes a retry or a concurrent second click a no-op
 * that answers the first conversion.
 */
export async function convert(leadId: string, raw: unknown): Promise<Conversion> {
  assertScope("deals:write");
  assertScope("contacts:write");
  assertScope("companies:write");
  await Tenant.requireFeature("deals");
  const input = parse(ConvertInput, raw);
  const lead = await Lead.load(leadId);
  if (lead.status === "converted") return result(lead);
  if (lead.version !== input.version) throw new ConflictError();
  if (lead.status === "disqualified") throw new ValidationError("Reopen the lead before converting it.", { status: "The lead is disqualified." }, "lead.disqualified");
  const pipeline = await Pipeline.load(input.pipelineId).catch((err) => {
    throw err instanceof NotFoundError ? new ValidationError("The pipeline does not exist.", { pipelineId: "Unknown pipeline." }) : err;
  });
  const stage = pipeline.stages.find((s) => s.kind === "open");
  if (!stage) throw new ValidationError("The pipeline has no open stage.", { pipelineId: "No open stage." });
  const amount = input.amount !== undefined ? input.amount : (lead.amount ?? null);
  if (input.amount === undefined && lead.amount != null && lead.currency && lead.currency !== pipeline.currency) {
    throw new ValidationError(`Deals in this pipeline are in ${pipeline.currency}; give the amount in ${pipeline.currency}.`, { amount: `Give the amount in ${pipeline.currency}.` }, "lead.currency_mismatch");
  }
  const tenantId = useTenant();
  const [existingContact, existingCompany, first, month, contactCustom, companyCustom, dealCustom, tenant] = await Promise.all([
    contactWithEmail(lead.email),
    lead.companyName ? companyNamed(lead.companyName) : null,
    DealEntity.query.byColumn({ tenantId, pipelineId: pipeline.pipelineId, stageId: stage.stageId }).go({ limit: 1 }),
    Deal.monthNow(),
    CustomField.validate("contact", {}),
    CustomField.validate("company", {}),
    CustomField.validate("deal", {}),
    Tenant.current(),
  ]);
  const at = now().toISOString();
  const owner = { ownerId: lead.ownerId, shared: lead.shared ?? false };
  const contactId = existingContact?.contactId ?? newId();
  const companyId = existingCompany?.companyId ?? (lead.companyName ? newId() : undefined);
  const dealId = newId();
  const after: LeadItem = { ...lead, status: "converted", contactId, companyId, dealId, convertedAt: at, version: lead.version + 1, updatedAt: at };
  if (!after.companyId) delete after.companyId;
  // The lead's write comes first: when two conversions race, the loser fails on it (not on an item the
  // winner also wrote), and answers the winner's conversion below.
  const tx = new Tx(tenantId).add(
    () => LeadEntity.put(after).where((a, op) => `${op.eq(a.version, lead.version)} AND ${op.ne(a.status, "converted")}`),
    () => new ConflictError(),
  );

  let company: CompanyItem | null = existingCompany;
  if (!company && lead.companyName) {
    const base = { tenantId, companyId: companyId!, name: lead.companyName, tags: [], ...owner, custom: companyCustom, version: 1, createdAt: at, updatedAt: at };
    company = { ...base, nameKey: Search.normalize(base.name).slice(0, 200), searchTerms: Search.terms({ name: base.name }) };
    const item = company;
    tx.add(() => CompanyEntity.create(item));
    for (const op of Search.indexOps("company", item.companyId, [], item.searchTerms ?? [], item)) tx.index(op);
    CompanyConflicts.track(tx, item.companyId, null, item);
    tx.audit({ action: "company.created", recordType: "company", recordId: item.companyId, after: Company.present(item) }).event("company.created", Company.present(item));
  }
  let contact: ContactItem | null = existingContact;
  if (!contact) {
    const base = {
      tenantId, contactId, name: lead.name, email: lead.email, phone: lead.phone, companyId: company?.companyId, source: lead.source, campaignId: lead.campaignId,
      tags: lead.tags ?? [], ...owner, custom: contactCustom, version: 1, createdAt: at, updatedAt: at,
    };
    contact = { ...base, nameKey: Search.normalize(base.name).slice(0, 200), companyKey: base.companyId ?? "-", searchTerms: Search.terms(base) };
    const item = contact;
    tx.add(() => ContactEntity.create(item));
    if (item.email) tx.add(() => UniqueEntity.create({ tenantId, rule: EMAIL_RULE, value: item.email!, recordId: item.contactId }), () => new ConflictError("Another contact took this email meanwhile; try again.", "contact.email_taken"));
    for (const op of Search.indexOps("contact", item.contactId, [], item.searchTerms ?? [], item)) tx.index(op);
    CompanyConflicts.trackKeys(tx, "contact", item.contactId, null, item);
    tx.audit({ action: "contact.created", recordType: "contact", recordId: item.contactId, after: Contact.present(item) }).event("contact.created", Contact.present(item));
  }
  // Contacts and companies share the tenant's usage item: one write, both limits in its condition.
  const newContacts = existingContact ? 0 : 1;
  const newCompanies = company && !existingCompany ? 1 : 0;
  if (newContacts || newCompanies) {
    const limits = Plan.get(tenant.plan).limits;
    const guards: Array<(a: any, op: any) => string> = [];
    if (newContacts && limits.contacts !== null) guards.push((a, op) => op.lt(a.contacts, limits.contacts));
    if (newCompanies && limits.companies !== null) guards.push((a, op) => op.lt(a.companies, limits.companies));
    tx.add(() => {
      let u = UsageEntity.update({ tenantId }).add({ contacts: newContacts, companies: newCompanies });
      for (const g of guards) u = u.where(g) as typeof u;
      return u;
    }, () => Plan.limitReached(newContacts ? "contacts" : "companies"));
  }

  const reached = Counters.newlyReached(pipeline.stages, stage.stageId, []);
  const deal = Object.fromEntries(Object.entries({
    tenantId, dealId, pipelineId: pipeline.pipelineId, stageId: stage.stageId, status: "open",
    position: Position.jittered(null, first.data[0]?.position ?? null),
    title: input.dealTitle ?? lead.companyName ?? lead.name, amount: amount ?? undefined, currency: pipeline.currency,
    contactId: contact.contactId, companyId: company?.companyId, ...owner, source: lead.source, campaignId: lead.campaignId, tags: lead.tags ?? [], custom: dealCustom,
    stageEnteredAt: at, reached, version: 1, createdAt: at, updatedAt: at,
  }).filter(([, v]) => v !== undefined)) as DealItem;
  deal.titleKey = Search.normalize(deal.title);
  const flows = Counters.entryFlows({ pipelineId: pipeline.pipelineId, month, stageId: stage.stageId, reached, created: { amount: deal.amount ?? 0, source: deal.source } });
  tx.add(() => DealEntity.create(deal)).add(() => DealHistoryEntity.create(Deal.historyItem(deal, stage, null, undefined)));
  Ledger.addTo(tx, tenantId, Counters.changes(null, Deal.facts(deal), flows), { stageId: stage.stageId, kind: stage.kind });
  tx.audit({ action: "deal.created", recordType: "deal", recordId: deal.dealId, after: Deal.present(deal) }).event("deal.created", Deal.present(deal));

  LeadRouting.addCounters(tx, tenantId, Lead.openDeltas(lead, after), null);
  tx.audit({ action: "lead.converted", recordType: "lead", recordId: leadId, before: Lead.present(lead), after: Lead.present(after) })
    .event("lead.converted", { ...Lead.assigned(after, null), contactId: after.contactId, companyId: after.companyId ?? null, dealId: after.dealId });
  try {
    await tx.run();
  } catch (err) {
    if (!(err instanceof DomainError) || err.status !== 409) throw err;
    // Someone converted it a moment earlier: answer that conversion instead of making a second one.
    const { data } = await LeadEntity.get({ tenantId, leadId }).go();
    if (data?.status === "converted") return result(data);
    throw err;
  }
  return result(after, !!existingContact, !!existingCompany);
}
