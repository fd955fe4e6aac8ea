import { createHash } from "node:crypto";
import { withActor } from "../actor";
import { Config } from "../config";
import { LookupEntity } from "../db/lookup";
import { TenantEntity } from "../db/tenant";
import { UniqueEntity } from "../db/unique";
import { newId } from "../id";
import { usePorts } from "../ports";
import { Plan } from "../plan";
import { CareBounce } from "../retention/care-bounce";
import { Desk } from "./desk";
import { MailParse } from "./mail-parse";
import { DuplicateMail, MAIL_ID_RULE, Ticket } from "./ticket";

export * as Inbox from "./inbox";

/** SES receipt verdicts (spam and virus scanning); the local SMTP path has none. */
export interface Verdicts {
  spam?: string;
  virus?: string;
}

export type ReceiveResult =
  | { status: "created" | "appended"; tenantId: string; ticketId: string; number: number; acknowledged: boolean }
  | { status: "duplicate"; tenantId: string; ticketId: string }
  | { status: "rejected"; reason: "unknown_recipient" | "virus" | "feature_off"; tenantId?: string };

function splitAddress(address: string) {
  const [local = "", domain = ""] = address.toLowerCase().trim().split("@");
  return { base: local.split("+")[0], domain };
}

/** The workspace a message is for: `<slug>@<inbound domain>` or a registered support address. */
export async function tenantFor(addresses: string[]): Promise<string | undefined> {
  const inbound = Config.inboundDomain();
  for (const address of addresses) {
    const { base, domain } = splitAddress(address);
    if (!base || !domain) continue;
    const { data } = domain === inbound
      ? await LookupEntity.get({ kind: "slug", key: base }).go()
      : await LookupEntity.get({ kind: "inbound", key: `${base}@${domain}` }).go();
    if (data?.value) return data.value;
  }
  return undefined;
}

/**
 * Receives one raw message (from SES via S3, or the local SMTP server) and files it: into the ticket its
 * reply token, In-Reply-To/References or `[#n]` subject (from a participant) points to, or a new ticket.
 * The same message twice is stored once; auto-replies and bounces are stored but never answered.
 */
export async function receive(raw: Buffer, opts: { recipients?: string[]; verdicts?: Verdicts } = {}): Promise<ReceiveResult> {
  const mail = await MailParse.parse(raw);
  const addresses = [...(opts.recipients ?? []), ...mail.to.map((a) => a.address), ...mail.cc.map((a) => a.address)].filter(Boolean) as string[];
  const tenantId = await tenantFor(addresses);
  if (!tenantId) return { status: "rejected", reason: "unknown_recipient" };
  if (opts.verdicts?.virus === "FAIL") return { status: "rejected", reason: "virus", tenantId };
  return withActor({ type: "system", tenantId, reason: "inbox" }, async () => {
    const mailId = mail.messageId;
    const rawKey = `tenants/${tenantId}/mail/${createHash("sha256").update(raw).digest("hex")}.eml`;
    // Independent reads and the raw copy go together; a duplicate's raw copy is the same object anyway.
    const [{ data: tenant }, existing] = await Promise.all([
      TenantEntity.get({ tenantId }).go(),
      Ticket.findBy("mail", mailId),
      usePorts().blobs.put(rawKey, raw, "message/rfc822"),
    ]);
    if (!tenant || !Plan.enabledFeatures(tenant.plan, tenant.features).includes("tickets")) return { status: "rejected", reason: "feature_off", tenantId } as const;
    if (existing) return { status: "duplicate", tenantId, ticketId: existing } as const;
    // A bounce puts the failed recipients on the suppression list that care campaigns check.
    if (mail.bounce) await CareBounce.suppress(mail);

    const split = MailParse.splitQuoted(mail.text ?? "");
    const from = mail.from?.address?.toLowerCase();
    const spam = opts.verdicts?.spam === "FAIL";
    const draft = {
      kind: "inbound" as const, authorType: "customer" as const,
      fromEmail: from, fromName: mail.from?.name || undefined,
      to: mail.to.map((a) => a.address).filter(Boolean) as string[],
      cc: mail.cc.map((a) => a.address).filter(Boolean) as string[],
      subject: mail.subject, text: mail.text ?? "", visible: split.visible, quoted: split.quoted, html: mail.html || undefined,
      attachments: mail.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, content: a.content, contentId: a.contentId, inline: a.inline })),
      mailId, rawKey, autoReply: mail.autoReply, bounce: mail.bounce,
      problems: [...mail.problems, ...(mail.oversize ? ["oversize"] : []), ...(spam ? ["spam"] : [])],
    };
    const ours = (a: string) => splitAddress(a).domain === Config.inboundDomain();
    const participants = [...draft.to, ...draft.cc].map((a) => a.toLowerCase()).filter((a) => !ours(a) && a !== from);

    try {
      const ticketId = await thread(mail, from, opts.recipients ?? []);
      if (ticketId) {
        const { ticket } = await Ticket.appendInbound(ticketId, draft, participants);
        return { status: "appended", tenantId, ticketId, number: ticket.number, acknowledged: false } as const;
      }
      const { ticket } = await Ticket.open({
        subject: mail.subject, requesterEmail: from, requesterName: mail.from?.name || undefined, cc: participants,
        tags: spam ? ["spam"] : mail.bounce ? ["bounce"] : mail.autoReply ? ["auto-reply"] : [], channel: "email", message: draft,
      });
      const acknowledged = !mail.autoReply && !mail.bounce && !spam && !!from && !ours(from) ? await acknowledge(ticket, tenant, mailId) : false;
      return { status: "created", tenantId, ticketId: ticket.ticketId, number: ticket.number, acknowledged } as const;
    } catch (err) {
      if (err instanceof DuplicateMail) return { status: "duplicate", tenantId, ticketId: err.ticketId } as const;
      throw err;
    }
  });
}

/** Reply token first, then In-Reply-To/References, then `[#n]` in the subject when the sender is on the ticket. */
async function thread(mail: Awaited<ReturnType<typeof MailParse.parse>>, from: string | undefined, recipients: string[]): Promise<string | undefined> {
  for (const token of MailParse.replyTokens(mail, recipients)) {
    const id = await Ticket.findBy("token", token.toLowerCase());
    if (id) return id;
  }
  for (const ref of [...mail.inReplyTo, ...[...mail.references].reverse()]) {
    const id = await Ticket.findBy("mail", ref);
    if (id) return id;
  }
  if (!from) return undefined;
  for (const n of MailParse.subjectTicketNumbers(mail.subject)) {
    const id = await Ticket.findBy("number", String(n));
    if (!id) continue;
    const t = await Ticket.load(id);
    if (t.requesterEmail === from || (t.cc ?? []).includes(from)) return id;
  }
  return undefined;
}

async function acknowledge(ticket: Awaited<ReturnType<typeof Ticket.open>>["ticket"], tenant: { slug: string; name: string; settings?: any }, inReplyTo: string) {
  const desk = { ...Desk.DEFAULT_DESK, ...(tenant.settings?.desk ?? {}) };
  if (!desk.ackEnabled || !ticket.requesterEmail) return false;
  const lang = tenant.settings?.locale === "en" ? "en" : "zh-CN";
  const vars = { subject: ticket.subject, number: ticket.number, name: ticket.requesterName ?? ticket.requesterEmail, workspace: tenant.name };
  const messageId = `<ack.${newId()}.${ticket.ticketId}@${Config.inboundDomain()}>`;
  await usePorts().mailer.send({
    to: [ticket.requesterEmail],
    from: `${tenant.name} <${Desk.inboundAddress(tenant.slug)}>`,
    replyTo: Desk.replyAddress(tenant.slug, ticket.replyToken),
    subject: `${Desk.render(desk.ackSubject[lang], vars)} [#${ticket.number}]`,
    text: Desk.render(desk.ackBody[lang], vars),
    messageId,
    inReplyTo,
    references: [inReplyTo],
    headers: { "Auto-Submitted": "auto-replied", "X-Auto-Response-Suppress": "All", "X-CRM-Reply-Token": ticket.replyToken },
    tag: "ticket.ack",
  });
  // A reply to the acknowledgement threads by its Message-ID as well as by the token.
  await UniqueEntity.create({ tenantId: ticket.tenantId, rule: MAIL_ID_RULE, value: messageId, recordId: ticket.ticketId }).go().catch(() => {});
  return true;
}
