import { z } from "zod";
import { isAdmin, useActor, useTenant } from "../actor";
import { CareCampaignEntity, type CareCampaignItem } from "../db/care-campaign";
import { CareSendEntity, type CareSendItem } from "../db/care-send";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "../errors";
import { newId } from "../id";
import { now } from "../ports";
import { Records } from "../records";
import { SegmentTarget } from "../segments/target";
import { Tenant } from "../tenant";
import { Tx } from "../tx";
import { Id, Name, parse } from "../validation";
import type { Trigger } from "./care-dates";
import { CareTemplate } from "./care-template";

export * as Care from "./care";

/** A tenant's campaigns share its partition; the cap keeps one contact's replan inside one transaction. */
export const MAX_CAMPAIGNS = 20;

const Days = z.number().int().min(0).max(3650);
/** A date field: the contact's creation or a custom field holding a date. */
const DateField = z.string().trim().regex(/^(createdAt|[A-Za-z][A-Za-z0-9_]{0,49})$/, "Use createdAt or a custom field key.");
export const TriggerInput = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("birthday") }),
  z.strictObject({ kind: z.literal("anniversary"), field: DateField }),
  z.strictObject({ kind: z.literal("deal_won"), days: Days }),
  z.strictObject({ kind: z.literal("before_date"), field: DateField, days: Days }),
  z.strictObject({ kind: z.literal("inactivity"), days: Days.min(1) }),
  z.strictObject({ kind: z.literal("contract_end"), days: Days }),
]);
const Template = z.strictObject({ subject: z.string().trim().min(1).max(200), body: z.string().trim().min(1).max(10_000) });
export const CampaignInput = z.strictObject({
  name: Name,
  trigger: TriggerInput,
  templates: z.strictObject({ "zh-CN": Template.optional(), en: Template.optional() })
    .refine((t) => !!t["zh-CN"] || !!t.en, { message: "Write the message in at least one language." }),
  sendHour: z.number().int().min(0).max(23),
  enabled: z.boolean().default(true),
  /** Only contacts in this segment get the campaign; null or absent: every contact. */
  segmentId: Id.nullable().optional(),
});
export const CampaignReplace = CampaignInput.extend({ version: z.number().int().positive() });
export type CampaignInput = z.infer<typeof CampaignInput>;

export type Campaign = ReturnType<typeof present>;
export function present(c: CareCampaignItem) {
  return {
    campaignId: c.campaignId, name: c.name, trigger: c.trigger as Trigger, templates: c.templates as CareTemplate.Templates,
    sendHour: c.sendHour, enabled: c.enabled, segmentId: c.segmentId ?? null, version: c.version, createdAt: c.createdAt, updatedAt: c.updatedAt,
  };
}

/** Owners, admins and managers run campaigns (managers hold no settings scope, so the role decides). */
export function assertManager(): void {
  const actor = useActor();
  if (isAdmin(actor) || (actor.type === "user" && actor.role === "manager")) return;
  throw new ForbiddenError("Only owners, admins and managers manage care campaigns.", "forbidden.role");
}

function checkVariables(input: CampaignInput) {
  const fields: Record<string, string> = {};
  for (const [lang, t] of Object.entries(input.templates)) {
    if (!t) continue;
    for (const part of ["subject", "body"] as const) {
      const unknown = CareTemplate.unknownVariables(t[part]);
      if (unknown.length) fields[`templates.${lang}.${part}`] = `Unknown variable: ${unknown.map((v) => `{{${v}}}`).join(", ")}.`;
    }
  }
  if (Object.keys(fields).length) throw new ValidationError("The template uses variables that do not exist.", fields);
}

/** Every campaign of the tenant (few: one query). */
export async function all(): Promise<CareCampaignItem[]> {
  const { data } = await CareCampaignEntity.query.primary({ tenantId: useTenant() }).go({ pages: "all" });
  return data;
}

export async function list() {
  assertManager();
  return { items: (await all()).map(present) };
}

export async function load(campaignId: string): Promise<CareCampaignItem> {
  if (!Id.safeParse(campaignId).success) throw new NotFoundError("campaign");
  const { data } = await CareCampaignEntity.get({ tenantId: useTenant(), campaignId }).go();
  if (!data) throw new NotFoundError("campaign");
  return data;
}

export async function get(campaignId: string) {
  assertManager();
  return present(await load(campaignId));
}

/** Creates a campaign; the `care.campaign_saved` event plans its occurrences for every contact. */
export async function create(raw: unknown) {
  assertManager();
  const input = parse(CampaignInput, raw);
  checkVariables(input);
  const tenantId = useTenant();
  if ((await all()).length >= MAX_CAMPAIGNS) throw new ValidationError(`A workspace has at most ${MAX_CAMPAIGNS} campaigns.`, { name: "Too many campaigns." }, "care.too_many");
  if (input.segmentId) await SegmentTarget.assertContactSegment(input.segmentId);
  const at = now().toISOString();
  const { segmentId, ...rest } = input;
  const item: CareCampaignItem = { tenantId, campaignId: newId(), ...rest, ...(segmentId ? { segmentId } : {}), version: 1, createdAt: at, updatedAt: at };
  await new Tx(tenantId).add(() => CareCampaignEntity.create(item))
    .audit({ action: "care.campaign_created", recordType: "care_campaign", recordId: item.campaignId, after: present(item) })
    .event("care.campaign_saved", present(item))
    .run();
  return present(item);
}

/** Replaces a campaign if `version` is current (409 otherwise) and replans it. */
export async function replace(campaignId: string, raw: unknown) {
  assertManager();
  const input = parse(CampaignReplace, raw);
  checkVariables(input);
  const before = await load(campaignId);
  const { version, segmentId, ...fields } = input;
  if (segmentId && segmentId !== before.segmentId) await SegmentTarget.assertContactSegment(segmentId);
  const after: CareCampaignItem = { ...before, ...fields, version: before.version + 1, updatedAt: now().toISOString() };
  if (segmentId) after.segmentId = segmentId;
  else delete after.segmentId;
  await new Tx(before.tenantId)
    .add(() => CareCampaignEntity.put(after).where((a, op) => op.eq(a.version, version)), () => new ConflictError())
    .audit({ action: "care.campaign_updated", recordType: "care_campaign", recordId: campaignId, before: present(before), after: present(after) })
    .event("care.campaign_saved", present(after))
    .run();
  return present(after);
}

/** Deletes a campaign; its pending occurrences are dropped by the sweep when it finds no campaign. */
export async function remove(campaignId: string) {
  assertManager();
  const before = await load(campaignId);
  await new Tx(before.tenantId)
    .add(() => CareCampaignEntity.delete({ tenantId: before.tenantId, campaignId }).where((a, op) => op.eq(a.version, before.version)), () => new ConflictError())
    .audit({ action: "care.campaign_deleted", recordType: "care_campaign", recordId: campaignId, before: present(before) })
    .event("care.campaign_deleted", { campaignId })
    .run();
}

export const LogQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(2000).optional(),
});

function presentSend(s: CareSendItem) {
  return { contactId: s.contactId, email: s.email ?? null, occurrence: s.occurrence, status: s.status, language: s.language ?? null, subject: s.subject ?? null, error: s.error ?? null, at: s.at };
}

/** The campaign's send log, newest first. */
export async function log(campaignId: string, raw: unknown) {
  assertManager();
  const q = parse(LogQuery, raw ?? {});
  await load(campaignId);
  const page = await Records.page<CareSendItem>(CareSendEntity.query.byCampaign({ tenantId: useTenant(), campaignId }), [], { cursor: q.cursor, limit: q.limit, order: "desc" });
  return { items: page.items.map(presentSend), cursor: page.cursor };
}

/** The tenant's zone and language, as campaigns use them. */
export async function tenantContext() {
  const [t, s] = await Promise.all([Tenant.current(), Tenant.settings()]);
  return { name: t.name, timeZone: s.timeZone, language: s.locale === "en" ? "en" : "zh-CN" } as const;
}
