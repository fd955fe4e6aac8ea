import { z } from "zod";
import { assertScope, useActor, useTenant, useUser } from "../actor";
import { Contact } from "../contact";
import { BroadcastEntity, type BroadcastItem, BroadcastSendEntity } from "../db/broadcast";
import { DueEntity } from "../db/due";
import { ConflictError, NotFoundError, ValidationError } from "../errors";
import { newId } from "../id";
import { now, usePorts } from "../ports";
import { Records } from "../records";
import { Care } from "../retention/care";
import { CareMessage } from "../retention/care-message";
import { CareTemplate } from "../retention/care-template";
import { Tenant } from "../tenant";
import { Tx } from "../tx";
import { Id, Name, parse } from "../validation";
import { Visibility } from "../visibility";
import { FilterScan } from "./scan";
import { Segment } from "./segment";

export * as Broadcast from "./broadcast";

export const DUE_QUEUE = "broadcast";

const Template = z.strictObject({ subject: z.string().trim().min(1).max(300), body: z.string().trim().min(1).max(50_000) });
export const Templates = z.strictObject({ en: Template.optional(), "zh-CN": Template.optional() })
  .refine((t) => t.en || t["zh-CN"], "Give the message in at least one language.");
export const BroadcastInput = z.strictObject({ name: Name, segmentId: Id, templates: Templates });
export const BroadcastPatch = z.strictObject({ name: Name, segmentId: Id, templates: Templates, version: z.number().int().positive() }).partial().required({ version: true });
export const PreviewInput = z.strictObject({ contactId: Id.optional(), language: z.enum(["en", "zh-CN"]).optional() });
export const TestInput = z.strictObject({ contactId: Id.optional() });
/** No `at` (or a past one) sends now: the next sweep picks it up within a minute. */
export const ScheduleInput = z.strictObject({ at: z.iso.datetime({ offset: true }).optional(), version: z.number().int().positive() });
export const CancelInput = z.strictObject({ version: z.number().int().positive() });
export const LogQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(200).default(100), cursor: z.string().max(2000).optional() });

const TemplateOut = z.object({ subject: z.string(), body: z.string() });
export const BroadcastResponse = z.object({
  broadcastId: z.string(), name: z.string(), segmentId: z.string(), templates: z.object({ en: TemplateOut.optional(), "zh-CN": TemplateOut.optional() }),
  status: z.enum(["draft", "scheduled", "sending", "sent", "cancelled"]), scheduledAt: z.string().nullable(), startedAt: z.string().nullable(), finishedAt: z.string().nullable(),
  sent: z.number(), suppressed: z.number(), failed: z.number(), ownerId: z.string(), version: z.number(), createdAt: z.string(), updatedAt: z.string(),
});
export const PreviewResponse = z.object({ language: z.string(), to: z.string().nullable(), contactId: z.string().nullable(), subject: z.string(), text: z.string() });
export const LogItem = z.object({ contactId: z.string(), email: z.string().nullable(), language: z.string().nullable(), status: z.enum(["sending", "sent", "suppressed", "failed"]), error: z.string().nullable(), at: z.string() });

export function present(b: BroadcastItem) {
  return {
    broadcastId: b.broadcastId, name: b.name, segmentId: b.segmentId, templates: b.templates as CareTemplate.Templates,
    status: b.status, scheduledAt: b.scheduledAt ?? null, startedAt: b.startedAt ?? null, finishedAt: b.finishedAt ?? null,
    sent: b.sent ?? 0, suppressed: b.suppressed ?? 0, failed: b.failed ?? 0, ownerId: b.ownerId, version: b.version, createdAt: b.createdAt, updatedAt: b.updatedAt,
  };
}

function checkTemplates(t: CareTemplate.Templates) {
  const fields: Record<string, string> = {};
  for (const lang of ["en", "zh-CN"] as const) {
    for (const part of ["subject", "body"] as const) {
      const unknown = t[lang] ? CareTemplate.unknownVariables(t[lang]![part]) : [];
      if (unknown.length) fields[`templates.${lang}.${part}`] = `Unknown placeholder: ${unknown.join(", ")}.`;
    }
  }
  if (Object.keys(fields).length) throw new ValidationError("Check the placeholders.", fields);
}

/** The segment a broadcast targets: one the actor sees, over contacts (companies have no one address to mail). */
async function target(segmentId: string) {
  const s = await Segment.load(segmentId).catch((err) => {
    if (err instanceof NotFoundError) throw new ValidationError("The segment does not exist.", { segmentId: "Unknown segment." });
    throw err;
  });
  if (s.objectType !== "contact") throw new ValidationError("A broadcast goes to a segment of contacts.", { segmentId: "Not a contact segment." });
  return s;
}

async function load(broadcastId: string): Promise<BroadcastItem> {
  await Tenant.requireFeature("segments");
  const { data } = await BroadcastEntity.get({ tenantId: useTenant(), broadcastId }).go();
  if (!data) throw new NotFoundError("broadcast");
  // A broadcast is as visible as its segment (one on a colleague's private segment answers 404), and always to its owner.
  const seen = await Segment.load(data.segmentId).then(() => true, (err) => {
    if (err instanceof NotFoundError) return false;
    throw err;
  });
  const actor = useActor();
  if (!seen && actor.type === "user" && actor.userId !== data.ownerId) throw new NotFoundError("broadcast");
  return data;
}

function assertDraft(b: BroadcastItem) {
  if (b.status !== "draft") throw new ConflictError("Only a draft can change; cancel the schedule first.", "broadcast.not_draft");
}

export async function create(raw: unknown) {
  assertScope("contacts:write");
  await Tenant.requireFeature("segments");
  const input = parse(BroadcastInput, raw);
  checkTemplates(input.templates);
  await target(input.segmentId);
  const tenantId = useTenant();
  const at = now().toISOString();
  const item: BroadcastItem = {
    tenantId, broadcastId: newId(), name: input.name, segmentId: input.segmentId, templates: input.templates, status: "draft",
    sent: 0, suppressed: 0, failed: 0, ownerId: await Records.resolveOwner(undefined), version: 1, createdAt: at, updatedAt: at,
  };
  const out = present(item);
  await new Tx(tenantId).add(() => BroadcastEntity.create(item))
    .audit({ action: "broadcast.created", recordType: "broadcast", recordId: item.broadcastId, after: out })
    .event("broadcast.created", out).run();
  return out;
}

export async function get(broadcastId: string) {
  assertScope("contacts:read");
  return present(await load(broadcastId));
}

export async function list() {
  assertScope("contacts:read");
  await Tenant.requireFeature("segments");
  const { data } = await BroadcastEntity.query.byTenant({ tenantId: useTenant() }).go({ pages: "all", order: "desc" });
  const seen = await Promise.all(data.map((b) => load(b.broadcastId).then(() => true, () => false)));
  return { items: data.filter((_, i) => seen[i]).map(present) };
}

async function write(before: BroadcastItem, after: BroadcastItem, version: number, action: string, extra: Array<Parameters<Tx["add"]>> = []) {
  const out = present(after);
  const tx = new Tx(useTenant()).add(() => BroadcastEntity.put(after).where((a, op) => op.eq(a.version, version)), () => new ConflictError());
  for (const e of extra) tx.add(...e);
  await tx.audit({ action, recordType: "broadcast", recordId: after.broadcastId, before: present(before), after: out }).event(action, out).run();
  return out;
}

export async function update(broadcastId: string, raw: unknown) {
  assertScope("contacts:write");
  const input = parse(BroadcastPatch, raw);
  const before = await load(broadcastId);
  if (before.version !== input.version) throw new ConflictError();
  assertDraft(before);
  const { version, ...changes } = input;
  if (changes.templates) checkTemplates(changes.templates);
  if (changes.segmentId) await target(changes.segmentId);
  return write(before, { ...before, ...changes, version: before.version + 1, updatedAt: now().toISOString() }, version, "broadcast.updated");
}

export async function remove(broadcastId: string): Promise<void> {
  assertScope("contacts:write");
  const before = await load(broadcastId);
  if (before.status === "sending" || before.status === "scheduled") throw new ConflictError("Cancel the broadcast before deleting it.", "broadcast.not_draft");
  const tenantId = useTenant();
  await new Tx(tenantId).add(() => BroadcastEntity.delete({ tenantId, broadcastId }).where((a, op) => op.eq(a.version, before.version)), () => new ConflictError())
    .audit({ action: "broadcast.deleted", recordType: "broadcast", recordId: broadcastId, before: present(before) })
    .event("broadcast.deleted", { broadcastId }).run();
}

/** Schedules the send (now when `at` is absent or past): a due item the broadcast sweep reads. */
export async function schedule(broadcastId: string, raw: unknown) {
  assertScope("contacts:write");
  const input = parse(ScheduleInput, raw);
  const before = await load(broadcastId);
  if (before.version !== input.version) throw new ConflictError();
  assertDraft(before);
  await target(before.segmentId);
  const at = now();
  const when = input.at && new Date(input.at) > at ? new Date(input.at).toISOString() : at.toISOString();
  const scope = await Visibility.ownerScope();
  const tenantId = useTenant();
  const after: BroadcastItem = {
    ...before, status: "scheduled", scheduledAt: when, scope: scope ?? undefined, scopeAll: scope === null, progress: undefined,
    version: before.version + 1, updatedAt: at.toISOString(),
  };
  if (!after.scope) delete after.scope;
  delete after.progress;
  return write(before, after, input.version, "broadcast.scheduled", [[() => DueEntity.put({ queue: DUE_QUEUE, dueAt: when, tenantId, recordId: broadcastId })]]);
}

/** Cancels a scheduled broadcast (back to draft) or stops one that is sending (what went out stays in the log). */
export async function cancel(broadcastId: string, raw: unknown) {
  assertScope("contacts:write");
  const input = parse(CancelInput, raw);
  const before = await load(broadcastId);
  if (before.version !== input.version) throw new ConflictError();
  if (before.status !== "scheduled" && before.status !== "sending") throw new ConflictError("The broadcast is not scheduled.", "broadcast.not_scheduled");
  const tenantId = useTenant();
  const after: BroadcastItem = { ...before, status: before.status === "scheduled" ? "draft" : "cancelled", version: before.version + 1, updatedAt: now().toISOString() };
  delete after.scheduledAt;
  const extra: Array<Parameters<Tx["add"]>> = before.scheduledAt ? [[() => DueEntity.delete({ queue: DUE_QUEUE, dueAt: before.scheduledAt!, tenantId, recordId: broadcastId })]] : [];
  return write(before, after, input.version, "broadcast.cancelled", extra);
}

/** A sample member of the segment (the first the actor can see), for a preview without a named contact. */
async function sampleMember(segmentId: string) {
  const s = await Segment.load(segmentId);
  const filter = await FilterScan.compile("contact", s.filter as never);
  const res = await FilterScan.scan({ objectType: "contact", filter, scope: await Visibility.ownerScope(), limit: 1 });
  return res.items[0] as Contact.Contact | undefined;
}

function stand_in(ownerId: string) {
  return { contactId: "preview", name: "张三 Zhang San", email: "zhang.san@example.com", ownerId, companyId: undefined, language: undefined as string | undefined };
}

/** The composed mail for one contact: CareMessage's placeholders and unsubscribe link, tagged as a broadcast. */
export async function compose(b: Pick<BroadcastItem, "broadcastId" | "templates">, contact: Parameters<typeof CareMessage.compose>[1], tenant: { name: string; language: string }, to?: string) {
  const { language, mail } = await CareMessage.compose({ campaignId: b.broadcastId, templates: b.templates }, contact, tenant, to);
  const { "X-CRM-Campaign": _c, ...headers } = mail.headers ?? {};
  return { language, mail: { ...mail, tag: "broadcast", headers: { ...headers, "X-CRM-Broadcast": b.broadcastId } } };
}

/** The message as a member would get it: a named contact, else a sample member of the segment. */
export async function preview(broadcastId: string, raw: unknown) {
  assertScope("contacts:read");
  const input = parse(PreviewInput, raw ?? {});
  const b = await load(broadcastId);
  const contact = input.contactId ? await Contact.get(input.contactId) : await sampleMember(b.segmentId);
  const c = contact ? { ...contact, language: input.language ?? contact.language } : { ...stand_in(b.ownerId), language: input.language };
  const { language, mail } = await compose(b, c, await Care.tenantContext(), c.email ?? "");
  return { language, to: c.email ?? null, contactId: contact?.contactId ?? null, subject: mail.subject, text: mail.text };
}

/** Sends the message to the signed-in user, rendered for a sample member; no log, no suppression. */
export async function testSend(broadcastId: string, raw: unknown) {
  assertScope("contacts:write");
  const input = parse(TestInput, raw ?? {});
  let me: ReturnType<typeof useUser>;
  try {
    me = useUser();
  } catch {
    throw new ValidationError("A test send goes to the signed-in user; API keys cannot do it.", { _: "Sign in." }, "broadcast.test_needs_user");
  }
  const b = await load(broadcastId);
  const contact = input.contactId ? await Contact.get(input.contactId) : (await sampleMember(b.segmentId)) ?? stand_in(me.userId);
  const { language, mail } = await compose(b, contact, await Care.tenantContext(), me.email);
  await usePorts().mailer.send({ ...mail, subject: `[TEST] ${mail.subject}`, tag: "broadcast.test" });
  return { to: me.email, language, subject: mail.subject };
}

/** The send log: one line per recipient (sent, suppressed, failed) with its time. */
export async function log(broadcastId: string, raw: unknown) {
  assertScope("contacts:read");
  const query = parse(LogQuery, raw ?? {});
  await load(broadcastId);
  const res = await Records.page<{ contactId: string; email?: string; language?: string; status: "sending" | "sent" | "suppressed" | "failed"; error?: string; at: string }>(
    BroadcastSendEntity.query.primary({ tenantId: useTenant(), broadcastId }), [], { cursor: query.cursor, limit: query.limit, order: "asc" });
  return {
    items: res.items.map((s) => ({ contactId: s.contactId, email: s.email ?? null, language: s.language ?? null, status: s.status, error: s.error ?? null, at: s.at })),
    cursor: res.cursor,
  };
}
