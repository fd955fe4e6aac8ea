import { z } from "zod";
import { ActivityEntity } from "@crm/core/db/activity";
import { AuditEntity } from "@crm/core/db/audit";
import { CompanyEntity } from "@crm/core/db/company";
import { ContactEntity } from "@crm/core/db/contact";
import { DealEntity } from "@crm/core/db/deal";
import { InvitationEntity } from "@crm/core/db/invitation";
import { LeadEntity } from "@crm/core/db/lead";
import { MessageEntity } from "@crm/core/db/message";
import { PipelineEntity } from "@crm/core/db/pipeline";
import { TaskEntity } from "@crm/core/db/task";
import { TeamEntity } from "@crm/core/db/team";
import { TicketEntity } from "@crm/core/db/ticket";

/**
 * The success bodies of the API, for the OpenAPI document (and so for the test client, which validates
 * every response against it). Records are derived from their ElectroDB entity, the one definition of what
 * is stored, minus the index helpers the domain's `present()` leaves out, and are strict: a field the
 * document does not declare fails. Composite answers (reports, overviews) are open objects that declare
 * the fields a client relies on.
 */

type Attr = { type: unknown; required?: boolean; items?: Attr; properties?: Record<string, Attr> };

function attrSchema(a: Attr): z.ZodType {
  if (Array.isArray(a.type)) return z.enum(a.type as [string, ...string[]]);
  switch (a.type) {
    case "string": return z.string();
    case "number": return z.number();
    case "boolean": return z.boolean();
    case "list": return z.array(a.items ? attrSchema(a.items) : z.unknown());
    case "set": return z.array(a.items ? attrSchema(a.items) : z.unknown());
    case "map": return z.object(Object.fromEntries(Object.entries(a.properties ?? {}).map(([k, p]) => [k, p.required ? attrSchema(p) : attrSchema(p).optional()])));
    default: return z.unknown();
  }
}

interface RecordOptions {
  /** Attributes the domain's `present()` leaves out (index helpers, secrets). */
  omit?: string[];
  /** Optional attributes `present()` always sends, as null when unset. */
  nullable?: string[];
  /** Optional attributes `present()` always sends with a default (tags: [], custom: {}). */
  always?: string[];
  /** Fields `present()` adds or reshapes. */
  extend?: z.ZodRawShape;
}

/** A strict record schema derived from an ElectroDB entity's attributes. */
export function record(entity: { schema: { attributes: Record<string, Attr> } }, opts: RecordOptions = {}) {
  const shape: Record<string, z.ZodType> = {};
  for (const [name, a] of Object.entries(entity.schema.attributes)) {
    if (opts.omit?.includes(name)) continue;
    const s = attrSchema(a);
    shape[name] = opts.nullable?.includes(name) ? s.nullable() : a.required || opts.always?.includes(name) ? s : s.optional();
  }
  return z.strictObject({ ...shape, ...opts.extend });
}

/** A page of a cursor list: `cursor` is null on the last page. */
export function Page<T extends z.ZodType>(item: T, extra: z.ZodRawShape = {}) {
  return z.strictObject({ items: z.array(item), cursor: z.string().nullable(), ...extra });
}

/** A filtered or searched-and-filtered list page: how many records (search candidates) it evaluated; fewer items than asked with a cursor means go on. */
export const Examined = { examined: z.number().int().nonnegative().optional() };

/** A whole list in one answer. */
export function Items<T extends z.ZodType>(item: T) {
  return z.strictObject({ items: z.array(item) });
}

/** An open object: the declared fields are checked, others are allowed (composite answers). */
export const open = (shape: z.ZodRawShape = {}) => z.looseObject(shape);

export const Ok = open();

export const Contact = record(ContactEntity, { omit: ["nameKey", "companyKey", "searchTerms"], always: ["tags", "custom"] });
export const Company = record(CompanyEntity, { omit: ["nameKey", "searchTerms"], always: ["tags", "custom"] });
export const Deal = record(DealEntity, {
  omit: ["titleKey", "reached", "closedMonth"],
  nullable: ["amount", "contactId", "companyId", "closeDate", "source", "wonReason", "lostReason", "closedAt"],
  always: ["tags", "custom"],
});
export const DealHistory = open({ historyId: z.string(), dealId: z.string(), toStageId: z.string(), at: z.string() });
export const DealWithHistory = Deal.extend({ history: z.array(DealHistory) });
export const Lead = record(LeadEntity, {
  omit: ["searchTerms"],
  nullable: ["companyName", "email", "phone", "source", "region", "amount", "currency", "message", "routedBy", "contactId", "companyId", "dealId", "convertedAt"],
  always: ["tags"],
});
export const Ticket = record(TicketEntity, {
  omit: ["requesterKey", "assigneeKey", "groupKey", "breachKey", "replyToken", "mailIds"],
  always: ["tags", "cc", "custom"],
});
export const Message = record(MessageEntity, {
  omit: ["html", "rawKey"],
  extend: { hasHtml: z.boolean(), attachments: z.array(z.strictObject({ index: z.number().int(), filename: z.string(), contentType: z.string(), size: z.number().int(), contentId: z.string().optional(), inline: z.boolean() })) },
});
export const TicketWithMessages = Ticket.extend({ messages: z.array(Message) });
export const DeskSettings = open({ inboundAddress: z.string() });
export const Pipeline = record(PipelineEntity, { extend: { stages: z.array(open({ stageId: z.string(), name: z.string(), kind: z.enum(["open", "won", "lost"]) })) } });
export const Activity = record(ActivityEntity, { omit: ["recordKey"], extend: { recordType: z.string(), recordId: z.string() } });
export const Task = record(TaskEntity, {
  omit: ["remindAt", "reminderSentFor", "recordKey"],
  extend: { recordType: z.string().nullable(), recordId: z.string().nullable(), overdue: z.boolean() },
});
export const Note = z.strictObject({
  noteId: z.string(), recordType: z.string(), recordId: z.string(), body: z.string(), mentions: z.array(z.string()),
  authorId: z.string(), version: z.number(), createdAt: z.string(), updatedAt: z.string(),
});
export const NotificationPrefs = z.strictObject({ prefs: z.record(z.string(), z.array(z.string())) });
export const Notification = z.strictObject({
  notificationId: z.string(), kind: z.string(), title: z.string(), body: z.string().nullable(), link: z.string().nullable(),
  readAt: z.string().nullable(), createdAt: z.string(),
});
export const TimelineEntry = open({ entryId: z.string(), type: z.string(), at: z.string(), summary: z.string() });
/** A goal with its progress against the target (and the period before). */
export const GoalProgress = open({ goalId: z.string(), version: z.number().int(), target: z.number() });
export const Audit = record(AuditEntity, { omit: ["tenantId", "expiresAt"] });
export const Team = record(TeamEntity);
export const Member = z.strictObject({ userId: z.string(), name: z.string(), email: z.string(), role: z.string(), teamIds: z.array(z.string()), version: z.number().int() });
export const Invitation = record(InvitationEntity, { omit: ["tokenHash"] });
export const ApiKey = z.strictObject({
  keyId: z.string(), name: z.string(), scopes: z.array(z.string()), prefix: z.string(), validUntil: z.string().nullable(),
  lastUsedAt: z.string().nullable(), revokedAt: z.string().nullable(), createdBy: z.string(), createdAt: z.string(),
});
export const Webhook = z.strictObject({
  webhookId: z.string(), url: z.string(), description: z.string(), events: z.array(z.string()), active: z.boolean(),
  secretHint: z.string(), consecutiveFailures: z.number(), failingSince: z.string().nullable(), disabledAt: z.string().nullable(),
  disabledReason: z.string().nullable(), createdBy: z.string(), version: z.number(), createdAt: z.string(), updatedAt: z.string(),
});
export const WebhookDelivery = open({
  deliveryId: z.string(), webhookId: z.string(), eventType: z.string(), status: z.string(), attempts: z.number().int(),
  log: z.array(open({ at: z.string(), attempt: z.number().int() })), payload: open({ id: z.string(), type: z.string(), data: z.unknown() }),
});
export const Suppression = z.strictObject({ email: z.string(), reason: z.string(), contactId: z.string().nullable(), createdAt: z.string() });
export const CareCampaign = z.strictObject({
  campaignId: z.string(), name: z.string(), trigger: open(), templates: open(), sendHour: z.number(), enabled: z.boolean(), segmentId: z.string().nullable(),
  version: z.number(), createdAt: z.string(), updatedAt: z.string(),
});
export const CareSend = z.strictObject({
  contactId: z.string(), email: z.string().nullable(), occurrence: z.string(), status: z.string(), language: z.string().nullable(),
  subject: z.string().nullable(), error: z.string().nullable(), at: z.string(),
});
export const SlaItem = open({ id: z.string(), name: z.string(), version: z.number(), updatedAt: z.string() });
export const Health = open({
  recordType: z.enum(["contact", "company"]), recordId: z.string(), score: z.number(), band: z.enum(["healthy", "watch", "at_risk"]),
  signals: z.unknown(), history: z.array(z.unknown()), atRiskSince: z.string().nullable(), computedAt: z.string(),
});
export const ChurnSettings = open({ weights: z.record(z.string(), z.number()), thresholds: open({ atRisk: z.number(), healthy: z.number() }), full: z.record(z.string(), z.number()), version: z.number().int() });
export const HealthRow = z.strictObject({
  recordType: z.enum(["contact", "company"]), recordId: z.string(), name: z.string(), ownerId: z.string(), score: z.number(),
  band: z.enum(["healthy", "watch", "at_risk"]), value: z.number(), atRiskSince: z.string().nullable(), computedAt: z.string(),
});
export const LeadRouting = z.strictObject({ rules: z.array(open({ ruleId: z.string(), name: z.string() })), defaultOwnerId: z.string().nullable(), version: z.number().int() });
export const Board = open({
  pipeline: Pipeline,
  totals: z.enum(["pipeline", "owners"]),
  filtered: z.boolean(),
  columns: z.array(z.strictObject({ stage: open({ stageId: z.string() }), count: z.number().int(), amount: z.number(), weightedAmount: z.number(), items: z.array(Deal), cursor: z.string().nullable() })),
});
export const Workspace = open({ tenant: open({ tenantId: z.string(), slug: z.string(), name: z.string() }), plan: open({ key: z.string() }), usage: open(), features: z.array(open({ key: z.string(), enabled: z.boolean() })) });
export const Me = z.strictObject({
  user: z.strictObject({ userId: z.string(), email: z.string(), name: z.string(), locale: z.string().nullable() }),
  tenant: open({ tenantId: z.string(), name: z.string(), slug: z.string(), plan: z.string() }).nullable(),
  role: z.string().nullable(),
  teamIds: z.array(z.string()),
  features: z.array(z.string()),
  workspaces: z.array(z.strictObject({ tenantId: z.string(), name: z.string(), role: z.string() })),
});
export const TenantIdOnly = z.strictObject({ tenantId: z.string().nullable() });
export const Sent = z.strictObject({ sent: z.literal(true) });
export const UpsertResults = z.strictObject({
  results: z.array(open({ index: z.number().int(), status: z.enum(["created", "updated", "error"]) })),
  created: z.number().int(), updated: z.number().int(), failed: z.number().int(),
});
/** Bodies that are not JSON: the media types the document publishes for them. */
export const CSV = "text/csv";
/** A stored file sent with the content type it was received with (any). */
export const FILE = "*/*";
