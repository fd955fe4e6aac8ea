import { z } from "zod";
import { assertScope, useActor, useTenant } from "../actor";
import { Config } from "../config";
import { Contact } from "../contact";
import { nextValue } from "../db/counter";
import { MembershipEntity } from "../db/membership";
import { MessageEntity, type MessageItem } from "../db/message";
import { TeamEntity } from "../db/team";
import { TicketEntity, type TicketItem } from "../db/ticket";
import { UniqueEntity } from "../db/unique";
import { ConflictError, DomainError, NotFoundError, ValidationError } from "../errors";
import { newId } from "../id";
import { now, usePorts } from "../ports";
import { Records } from "../records";
import { SearchIndex } from "../search-index";
import { Tenant } from "../tenant";
import { Tx } from "../tx";
import { Email, Id, Tags, parse } from "../validation";
import { Desk } from "./desk";
import { CustomField } from "../custom-field";
import { type SlaEvent, SlaState } from "./sla-state";

export * as Ticket from "./ticket";

export const STATUSES = ["new", "open", "pending", "on-hold", "solved", "closed"] as const;
export const PRIORITIES = ["low", "normal", "high", "urgent"] as const;
export type Status = (typeof STATUSES)[number];
const OPEN_STATUSES: Status[] = ["new", "open", "pending", "on-hold"];
const MAX_TEXT = 100_000;
const MAX_HTML = 150_000;
const MAX_MAIL_IDS = 30;

export const MAIL_ID_RULE = "mail.message_id";
const NUMBER_RULE = "ticket.number";
const TOKEN_RULE = "ticket.reply_token";

export class DuplicateMail extends DomainError {
  constructor(readonly ticketId: string) {
    super("mail.duplicate", "This message was already received.", 409);
  }
}

export interface Attachment { index: number; filename: string; contentType: string; size: number; contentId?: string; inline: boolean; blobKey: string }

/** A message about to be stored: what inbound mail, replies and notes have in common. */
export interface MessageDraft {
  kind: MessageItem["kind"];
  authorType: MessageItem["authorType"];
  authorId?: string;
  fromEmail?: string;
  fromName?: string;
  to?: string[];
  cc?: string[];
  subject?: string;
  text: string;
  visible?: string;
  quoted?: string;
  html?: string;
  attachments?: Array<{ filename: string; contentType: string; content: Buffer; contentId?: string; inline: boolean }>;
  mailId?: string;
  rawKey?: string;
  autoReply?: boolean;
  bounce?: boolean;
  problems?: string[];
}

export function present(t: TicketItem) {
  const { requesterKey: _r, assigneeKey: _a, groupKey: _g, breachKey: _b, replyToken: _t, mailIds: _m, ...rest } = t;
  return { ...rest, tags: rest.tags ?? [], cc: rest.cc ?? [], custom: CustomField.visible("ticket", rest.custom) };
}
export type Ticket = ReturnType<typeof present>;

/** What an agent and an integration see of a message: the stored HTML and the raw mail's key stay inside. */
function presentMessage(m: MessageItem) {
  const { html, rawKey: _raw, ...rest } = m;
  return { ...rest, hasHtml: Boolean(html), attachments: ((m.attachments as Attachment[]) ?? []).map(({ blobKey: _k, ...a }) => a) };
}

function truncate(text: string | undefined, max: number, problems: string[], what: string) {
  if (!text || text.length <= max) return text;
  problems.push(`${what}_truncated`);
  return text.slice(0, max);
}

/** Stores attachments in the blob store and builds the message item. */
async function buildMessage(tenantId: string, ticketId: string, draft: MessageDraft): Promise<MessageItem> {
  const messageId = newId();
  const problems = [...(draft.problems ?? [])];
  const attachments: Attachment[] = [];
  for (const [index, a] of (draft.attachments ?? []).entries()) {
    const blobKey = `tenants/${tenantId}/tickets/${ticketId}/${messageId}/${index}`;
    await usePorts().blobs.put(blobKey, a.content, a.contentType);
    attachments.push({ index, filename: a.filename, contentType: a.contentType, size: a.content.length, contentId: a.contentId, inline: a.inline, blobKey });
  }
  return {
    tenantId, ticketId, messageId,
    kind: draft.kind, authorType: draft.authorType, authorId: draft.authorId,
    fromEmail: draft.fromEmail, fromName: draft.fromName, to: draft.to ?? [], cc: draft.cc ?? [], subject: draft.subject,
    text: truncate(draft.text, MAX_TEXT, problems, "text") ?? "",
    visible: truncate(draft.visible, MAX_TEXT, problems, "visible"),
    quoted: truncate(draft.quoted, MAX_TEXT, problems, "quoted"),
    html: truncate(draft.html, MAX_HTML, problems, "html"),
    attachments, mailId: draft.mailId, rawKey: draft.rawKey, autoReply: draft.autoReply ?? false, bounce: draft.bounce ?? false,
    problems, createdAt: now().toISOString(),
  };
}

/** Finds the contact with this email or creates one (as the current actor). */
export async function requesterFor(email: string, name?: string): Promise<{ contactId?: string; companyId?: string }> {
  const tenantId = useTenant();
  const lookup = async () => {
    const { data } = await UniqueEntity.get({ tenantId, rule: "contact.email", value: email.toLowerCase() }).go();
    if (!data) return undefined;
    const contact = await Contact.getUnchecked(data.recordId);
    return { contactId: data.recordId, companyId: contact?.companyId };
  };
  const found = await lookup();
  if (found) return found;
  try {
    const c = await Contact.create({ name: name?.trim() || email, email });
    return { contactId: c.contactId };
  } catch (err) {
    // A concurrent mail created it first; a full plan leaves the ticket without a contact rather than losing it.
    const code = (err as DomainError).code;
    if (code === "contact.email_taken") return (await lookup()) ?? {};
    if (code === "plan.limit_reached" || code === "validation") return {};
    throw err;
  }
}

export interface OpenInput {
  subject: string;
  requesterEmail?: string;
  requesterName?: string;
  requesterId?: string;
  cc?: string[];
  priority?: TicketItem["priority"];
  assigneeId?: string;
  groupId?: string;
  tags?: string[];
  /** Validated custom values; mail-opened tickets get the fields' defaults. */
  custom?: Record<string, unknown>;
  channel: TicketItem["channel"];
  message: MessageDraft;
}

/** Opens a ticket with its first message. Mail with a Message-ID seen before raises DuplicateMail. */
export async function open(input: OpenInput): Promise<{ ticket: TicketItem; message: MessageItem }> {
  const tenantId = useTenant();
  const [requester, number] = await Promise.all([
    input.requesterEmail ? requesterFor(input.requesterEmail, input.requesterName) : {},
    nextValue(tenantId, "ticket"),
  ]);
  const requesterId = input.requesterId ?? (requester as { contactId?: string }).contactId;
  const ticketId = newId();
  const at = now().toISOString();
  const message = await buildMessage(tenantId, ticketId, input.message);
  const status: Status = input.assigneeId ? "open" : "new";
  const base = {
    tenantId, ticketId, number,
    subject: input.subject.slice(0, 500) || "(no subject)",
    requesterId, requesterEmail: input.requesterEmail?.toLowerCase(), requesterName: input.requesterName, requesterKey: requesterId ?? "-",
    cc: [...new Set((input.cc ?? []).map((c) => c.toLowerCase()))].slice(0, 50),
    status, priority: input.priority ?? "normal",
    assigneeId: input.assigneeId, assigneeKey: input.assigneeId ?? "-",
    groupId: input.groupId, groupKey: input.groupId ?? "-",
    tags: input.tags ?? [], channel: input.channel, companyId: (requester as { companyId?: string }).companyId,
    replyToken: newId().slice(-16),
    mailIds: input.message.mailId ? [input.message.mailId] : [],
    statusHistory: [{ at, status }],
    lastCustomerMessageAt: input.message.authorType === "customer" ? at : undefined,
    breachKey: "9999", custom: input.custom ?? (await CustomField.defaults("ticket")),
    ownerId: input.assigneeId ?? (await Records.resolveOwner(undefined)),
    shared: true, version: 1, createdAt: at, updatedAt: at,
  } satisfies TicketItem;
  const { ticket, dueOps } = await SlaState.apply(base, null);
  const tx = new Tx(tenantId)
    .add(() => TicketEntity.create(ticket))
    .add(() => MessageEntity.create(message))
    .add(() => UniqueEntity.create({ tenantId, rule: NUMBER_RULE, value: String(number), recordId: ticketId }))
    .add(() => UniqueEntity.create({ tenantId, rule: TOKEN_RULE, value: ticket.replyToken, recordId: ticketId }));
  for (const op of SearchIndex.ticketOps(null, ticket)) tx.add(op);
  if (input.message.mailId) tx.add(() => UniqueEntity.create({ tenantId, rule: MAIL_ID_RULE, value: input.message.mailId!, recordId: ticketId }), () => new DuplicateMail(ticketId));
  for (const op of dueOps) tx.add(op);
  try {
    await tx
      .audit({ action: "ticket.created", recordType: "ticket", recordId: ticketId, after: present(ticket) })
      .event("ticket.created", { ...present(ticket), messageId: message.messageId })
      .run();
  } catch (err) {
    if (err instanceof DuplicateMail) {
      const { data } = await UniqueEntity.get({ tenantId, rule: MAIL_ID_RULE, value: input.message.mailId! }).go();
      throw new DuplicateMail(data?.recordId ?? ticketId);
    }
    throw err;
  }
  return { ticket, message };
}

/** Reads a ticket of the current tenant (404 for other tenants' and unknown ids alike). */
export async function load(ticketId: string): Promise<TicketItem> {
  await CustomField.prime();
  const { data } = await TicketEntity.get({ tenantId: useTenant(), ticketId }).go();
  if (!data) throw new NotFoundError("ticket");
  return data;
}

export async function findBy(rule: "number" | "token" | "mail", value: string): Promise<string | undefined> {
  const r = rule === "number" ? NUMBER_RULE : rule === "token" ? TOKEN_RULE : MAIL_ID_RULE;
  const { data } = await UniqueEntity.get({ tenantId: useTenant(), rule: r, value }).go();
  return data?.recordId;
}

/**
 * Applies `change` to the current ticket and writes it if nobody changed it meanwhile; system changes
 * (mail arriving, replies) re-read and retry, so concurrent activity never loses one of them.
 */
export async function mutate(
  ticketId: string,
  change: (t: TicketItem) => TicketItem,
  extra: (t: TicketItem, tx: Tx, fired: SlaEvent[]) => void = () => {},
  opts: { expectVersion?: number; action: string; event: string; eventData?: Record<string, unknown>; sweep?: boolean; onCommit?: (t: TicketItem, fired: SlaEvent[]) => void },
): Promise<TicketItem> {
  for (let attempt = 0; ; attempt++) {
    const before = await load(ticketId);
    if (opts.expectVersion !== undefined && before.version !== opts.expectVersion) throw new ConflictError();
    const changed = change(structuredClone(before));
    const at = now().toISOString();
    const history = (before.statusHistory as Array<{ at: string; status: string }>) ?? [];
    const statusHistory = changed.status !== before.status ? [...history, { at, status: changed.status }] : history;
    const draft: TicketItem = {
      ...changed,
      statusHistory,
      solvedAt: changed.status === "solved" || changed.status === "closed" ? (before.solvedAt && before.status === changed.status ? before.solvedAt : at) : undefined,
      assigneeKey: changed.assigneeId ?? "-",
      groupKey: changed.groupId ?? "-",
      version: before.version + 1,
      updatedAt: at,
    };
    const { ticket: after, dueOps, fired } = await SlaState.apply(draft, before, opts.sweep ? "sweep" : "write");
    const tx = new Tx(before.tenantId).add(
      () => TicketEntity.put(after).where((a, op) => op.eq(a.version, before.version)),
      () => new ConflictError(),
    );
    for (const op of dueOps) tx.add(op);
    for (const op of SearchIndex.ticketOps(before, after)) tx.add(op);
    extra(after, tx, fired);
    tx.audit({ action: opts.action, recordType: "ticket", recordId: ticketId, before: present(before), after: present(after) })
      .event(opts.event, { ...present(after), ...opts.eventData, previousStatus: before.status, previousAssigneeId: before.assigneeId ?? null });
    try {
      await tx.run();
      opts.onCommit?.(after, fired);
      return after;
    } catch (err) {
      if (err instanceof ConflictError && err.code === "conflict" && opts.expectVersion === undefined && attempt < 5) continue;
      throw err;
    }
  }
}

/** Adds a customer's mail to a ticket, reopening it when it was waiting or solved. */
export async function appendInbound(ticketId: string, draft: MessageDraft, newCc: string[]) {
  const tenantId = useTenant();
  const probe = await load(ticketId);
  const message = await buildMessage(tenantId, ticketId, draft);
  const ticket = await mutate(
    ticketId,
    (t) => ({
      ...t,
      status: draft.autoReply || draft.bounce ? t.status : t.status === "new" ? "new" : "open",
      lastCustomerMessageAt: draft.autoReply || draft.bounce ? t.lastCustomerMessageAt : message.createdAt,
      cc: [...new Set([...(t.cc ?? []), ...newCc])].slice(0, 50),
      mailIds: draft.mailId ? [...(t.mailIds ?? []), draft.mailId].slice(-MAX_MAIL_IDS) : t.mailIds,
    }),
    (_t, tx) => {
      tx.add(() => MessageEntity.create(message));
      if (draft.mailId) tx.add(() => UniqueEntity.create({ tenantId, rule: MAIL_ID_RULE, value: draft.mailId!, recordId: ticketId }), () => new DuplicateMail(ticketId));
    },
    { action: "ticket.message_received", event: "ticket.message_received", eventData: { messageId: message.messageId } },
  );
  void probe;
  return { ticket, message };
}

export const ReplyInput = z.strictObject({
  text: z.string().trim().min(1, "Write something.").max(MAX_TEXT),
  kind: z.enum(["reply", "note"]).default("reply"),
  status: z.enum(STATUSES).optional(),
});

/**
 * An agent's public reply (mailed to the requester and CCs with threading headers and the reply token)
 * or internal note (never mailed).
 */
export async function reply(ticketId: string, raw: unknown) {
  assertScope("tickets:write");
  const input = parse(ReplyInput, raw);
  const actor = useActor();
  const tenantId = useTenant();
  const tenant = await Tenant.current();
  const before = await load(ticketId);
  const isReply = input.kind === "reply";
  if (isReply && !before.requesterEmail) throw new ValidationError("This ticket has no requester email to reply to.", { kind: "No requester email." }, "ticket.no_recipient");
  const messageMailId = isReply ? `<${newId()}.${ticketId}@${Config.inboundDomain()}>` : undefined;
  const agentName = actor.type === "user" ? (await MembershipEntity.get({ tenantId, userId: actor.userId }).go()).data?.name : undefined;
  const message = await buildMessage(tenantId, ticketId, {
    kind: input.kind, authorType: "agent", authorId: actor.type === "user" ? actor.userId : undefined, fromName: agentName,
    to: isReply ? [before.requesterEmail!] : [], cc: isReply ? before.cc ?? [] : [], text: input.text, visible: input.text, mailId: messageMailId,
  });
  const at = message.createdAt;
  const ticket = await mutate(
    ticketId,
    (t) => ({
      ...t,
      status: input.status ?? (isReply && (t.status === "new" || t.status === "open") ? "pending" : t.status === "new" ? "open" : t.status),
      firstAgentReplyAt: isReply ? t.firstAgentReplyAt ?? at : t.firstAgentReplyAt,
      lastAgentReplyAfterCustomerAt: isReply ? at : t.lastAgentReplyAfterCustomerAt,
      assigneeId: t.assigneeId ?? (actor.type === "user" ? actor.userId : undefined),
      mailIds: messageMailId ? [...(t.mailIds ?? []), messageMailId].slice(-MAX_MAIL_IDS) : t.mailIds,
    }),
    (_t, tx) => {
      tx.add(() => MessageEntity.create(message));
      if (messageMailId) tx.add(() => UniqueEntity.create({ tenantId, rule: MAIL_ID_RULE, value: messageMailId, recordId: ticketId }));
    },
    { action: isReply ? "ticket.replied" : "ticket.noted", event: isReply ? "ticket.replied" : "ticket.noted", eventData: { messageId: message.messageId } },
  );
  if (isReply) {
    const refs = before.mailIds ?? [];
    await usePorts().mailer.send({
      to: [before.requesterEmail!],
      cc: before.cc,
      from: `${agentName ? `${agentName} · ` : ""}${tenant.name} <${Desk.inboundAddress(tenant.slug)}>`,
      replyTo: Desk.replyAddress(tenant.slug, before.replyToken),
      subject: `Re: ${before.subject} [#${before.number}]`,
      text: input.text,
      messageId: messageMailId,
      inReplyTo: refs.at(-1),
      references: refs,
      headers: { "X-CRM-Reply-Token": before.replyToken, "Auto-Submitted": "no" },
      tag: "ticket.reply",
    });
  }
  return { ticket: present(ticket), message: presentMessage(message) };
}

export const TicketCreateInput = z.strictObject({
  subject: z.string().trim().min(1).max(500),
  requesterEmail: Email.optional(),
  requesterName: z.string().trim().max(200).optional(),
  requesterId: Id.optional(),
  cc: z.array(Email).max(50).optional(),
  text: z.string().trim().min(1).max(MAX_TEXT),
  priority: z.enum(PRIORITIES).optional(),
  assigneeId: Id.optional(),
  groupId: Id.optional(),
  tags: Tags.optional(),
  custom: z.record(z.string(), z.unknown()).optional(),
});

/** An agent opens a ticket by hand (a phone call, a walk-in) or an integration through the API. */
export async function create(raw: unknown) {
  assertScope("tickets:write");
  await Tenant.requireFeature("tickets");
  const input = parse(TicketCreateInput, raw);
  const custom = await CustomField.validate("ticket", input.custom ?? {});
  let requesterEmail = input.requesterEmail;
  let requesterName = input.requesterName;
  if (input.requesterId) {
    const c = await Contact.get(input.requesterId).catch(() => {
      throw new ValidationError("The requester does not exist.", { requesterId: "Unknown contact." });
    });
    requesterEmail ??= c.email;
    requesterName ??= c.name;
  }
  if (!requesterEmail && !input.requesterId) throw new ValidationError("Give the requester's email or contact.", { requesterEmail: "Required." });
  await assertAssignment(input.assigneeId, input.groupId);
  const actor = useActor();
  const { ticket, message } = await open({
    ...input, custom, requesterEmail, requesterName, channel: actor.type === "key" ? "api" : "web",
    message: { kind: "note", authorType: "agent", authorId: actor.type === "user" ? actor.userId : undefined, text: input.text, visible: input.text },
  });
  return { ...present(ticket), messages: [presentMessage(message)] };
}

async function assertAssignment(assigneeId?: string | null, groupId?: string | null) {
  const tenantId = useTenant();
  if (assigneeId) {
    const { data } = await MembershipEntity.get({ tenantId, userId: assigneeId }).go();
    if (!data || data.role === "viewer") throw new ValidationError("Assign to an agent of this workspace.", { assigneeId: "Unknown agent." });
  }
  if (groupId) {
    const { data } = await TeamEntity.get({ tenantId, teamId: groupId }).go();
    if (!data) throw new ValidationError("Unknown group.", { groupId: "Unknown group." });
  }
}

export const TicketPatch = z.strictObject({
  version: z.number().int().positive(),
  subject: z.string().trim().min(1).max(500).optional(),
  status: z.enum(STATUSES).optional(),
  priority: z.enum(PRIORITIES).optional(),
  assigneeId: Id.nullable().optional(),
  groupId: Id.nullable().optional(),
  tags: Tags.optional(),
  cc: z.array(Email).max(50).optional(),
  custom: z.record(z.string(), z.unknown()).optional(),
});

export async function update(ticketId: string, raw: unknown) {
  assertScope("tickets:write");
  const input = parse(TicketPatch, raw);
  const current = await load(ticketId);
  const custom = input.custom !== undefined ? await CustomField.validate("ticket", input.custom, { before: current.custom ?? {} }) : undefined;
  await assertAssignment(input.assigneeId, input.groupId);
  const { version, ...changes } = input;
  const after = await mutate(
    ticketId,
    (t) => {
      const next = { ...t, ...changes, ...(custom ? { custom } : {}) } as TicketItem;
      if (changes.assigneeId === null) delete next.assigneeId;
      if (changes.groupId === null) delete next.groupId;
      if (next.status === "new" && next.assigneeId) next.status = "open";
      return next;
    },
    () => {},
    { expectVersion: version, action: "ticket.updated", event: "ticket.updated" },
  );
  return present(after);
}

export async function get(ticketId: string) {
  assertScope("tickets:read");
  const ticket = await load(ticketId);
  const { data } = await MessageEntity.query.primary({ tenantId: ticket.tenantId, ticketId }).go({ pages: "all" });
  return { ...present(ticket), messages: data.map(presentMessage) };
}

/** An attachment's bytes, for download. */
export async function attachment(ticketId: string, messageId: string, index: number) {
  assertScope("tickets:read");
  const tenantId = useTenant();
  const { data } = await MessageEntity.get({ tenantId, ticketId, messageId }).go();
  const a = ((data?.attachments as Attachment[]) ?? []).find((x) => x.index === index);
  if (!a) throw new NotFoundError("attachment");
  const body = await usePorts().blobs.get(a.blobKey);
  if (!body) throw new NotFoundError("attachment");
  return { ...a, body };
}

export const TicketListQuery = z.strictObject({
  queue: z.enum(["all", "mine", "group", "unassigned", "overdue"]).default("all"),
  /** `unsolved` (the default) is new, open, pending and on-hold together; `open` is that one status. */
  status: z.enum(["unsolved", "all", ...STATUSES]).default("unsolved"),
  priority: z.enum(PRIORITIES).optional(),
  tag: z.string().trim().max(50).optional(),
  groupId: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(2000).optional(),
  /** Sync: tickets changed after this moment, oldest change first, of every status unless `status` is given. */
  updatedAfter: z.iso.datetime({ offset: true }).optional(),
});

/** Queues: mine, my groups', unassigned, overdue (by breach time), or all; newest activity first. */
export async function list(raw: unknown) {
  assertScope("tickets:read");
  const query = parse(TicketListQuery, raw ?? {});
  await CustomField.prime();
  const tenantId = useTenant();
  const actor = useActor();
  const wheres: Array<(a: any, op: any) => string> = [];
  const since = Records.changedAfter(query, { queue: query.queue === "all" ? undefined : query.queue });
  const status = since && !(raw as { status?: unknown } | null)?.status ? "all" : query.status;
  const statuses = status === "unsolved" ? OPEN_STATUSES : status === "all" ? null : [status];
  if (statuses) wheres.push((a, op) => `(${statuses.map((s) => op.eq(a.status, s)).join(" OR ")})`);
  if (query.priority) wheres.push((a, op) => op.eq(a.priority, query.priority));
  if (query.tag) wheres.push((a, op) => op.contains(a.tags, query.tag));
  let q: unknown;
  let order: "asc" | "desc" = "desc";
  if (since) {
    const res = await Records.page<TicketItem>(TicketEntity.query.byUpdated({ tenantId }).gte({ updatedAt: since }), wheres, { cursor: query.cursor, limit: query.limit, order: "asc" });
    return { items: res.items.map(present), cursor: res.cursor };
  }
  switch (query.queue) {
    case "mine":
      if (actor.type !== "user") throw new ValidationError("Only people have their own queue.", { queue: "Not for API keys." });
      q = TicketEntity.query.byAssignee({ tenantId, assigneeKey: actor.userId });
      break;
    case "unassigned":
      q = TicketEntity.query.byAssignee({ tenantId, assigneeKey: "-" });
      break;
    case "group": {
      const groupId = query.groupId ?? (actor.type === "user" ? actor.teamIds?.[0] : undefined);
      if (!groupId) return { items: [], cursor: null };
      q = TicketEntity.query.byGroup({ tenantId, groupKey: groupId });
      break;
    }
    case "overdue":
      q = TicketEntity.query.byBreach({ tenantId }).lt({ breachKey: now().toISOString() });
      order = "asc";
      break;
    default:
      q = TicketEntity.query.byUpdated({ tenantId });
  }
  const res = await Records.page<TicketItem>(q, wheres, { cursor: query.cursor, limit: query.limit, order });
  return { items: res.items.map(present), cursor: res.cursor };
}

/** Tickets of one requester, newest first (for the contact's page). */
export async function ofRequester(contactId: string) {
  assertScope("tickets:read");
  await Contact.get(contactId);
  const { data } = await TicketEntity.query.byRequester({ tenantId: useTenant(), requesterKey: contactId }).go({ order: "desc", count: 50 });
  return data.map(present);
}
