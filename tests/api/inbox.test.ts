import { describe, expect, it } from "vitest";
import { composeMail } from "../../packages/core/src/mail-compose";
import { withActor } from "../../packages/core/src/actor";
import { Inbox } from "../../packages/core/src/service/inbox";
import { mailer, newTenant, unique } from "../support/api";

const domain = "inbound.crm.localhost";
let seq = 0;

async function mail(opts: { from: string; to: string; subject: string; text: string; inReplyTo?: string; references?: string[]; headers?: Record<string, string>; messageId?: string }) {
  const messageId = opts.messageId ?? `<m${++seq}.${unique()}@customer.example>`;
  const raw = await composeMail({ from: opts.from, to: [opts.to], subject: opts.subject, text: opts.text, inReplyTo: opts.inReplyTo, references: opts.references, headers: opts.headers }, messageId);
  return { raw, messageId };
}

function lastMailTo(address: string, tag?: string) {
  return [...mailer.sent].reverse().find((m) => m.to.includes(address) && (!tag || m.tag === tag))!;
}

describe("Inbox.receive", () => {
  it("opens a ticket from mail, acknowledges it, stores a duplicate once, and threads replies", async () => {
    const t = await newTenant("business");
    const to = `${t.slug}@${domain}`;
    const first = await mail({ from: "王芳 <wang.fang@customer.example>", to, subject: "发票有误", text: "发票抬头写错了。" });
    const r1 = await Inbox.receive(first.raw);
    expect(r1.status).toBe("created");
    if (r1.status !== "created") return;
    expect(r1.acknowledged).toBe(true);
    const ack = lastMailTo("wang.fang@customer.example", "ticket.ack");
    expect(ack.subject).toContain(`[#${r1.number}]`);
    expect(ack.inReplyTo).toBe(first.messageId);
    expect(ack.headers!["Auto-Submitted"]).toBe("auto-replied");

    expect(await Inbox.receive(first.raw)).toMatchObject({ status: "duplicate", ticketId: r1.ticketId });

    // A reply to the acknowledgement, by In-Reply-To.
    const reply = await mail({ from: "wang.fang@customer.example", to, subject: `Re: ${ack.subject}`, text: "补充：税号是 123。\n\n> 发票抬头写错了。", inReplyTo: ack.messageId, references: [first.messageId, ack.messageId!] });
    expect(await Inbox.receive(reply.raw)).toMatchObject({ status: "appended", ticketId: r1.ticketId });

    // A reply that only carries the reply token in the address it was sent to.
    const viaToken = await mail({ from: "wang.fang@customer.example", to: ack.replyTo!, subject: "another thing", text: "one more" });
    expect(await Inbox.receive(viaToken.raw, { recipients: [ack.replyTo!] })).toMatchObject({ status: "appended", ticketId: r1.ticketId });

    const ticket = await t.owner.get(`/api/tickets/${r1.ticketId}`);
    expect(ticket.body.subject).toBe("发票有误");
    expect(ticket.body.requesterEmail).toBe("wang.fang@customer.example");
    expect(ticket.body.messages.map((m: any) => m.kind)).toEqual(["inbound", "inbound", "inbound"]);
    expect(ticket.body.messages[0]).toMatchObject({ hasHtml: false });
    expect(ticket.body.messages[0]).not.toHaveProperty("rawKey");
    expect(ticket.body.messages[1].visible).toContain("税号是 123");
    expect(ticket.body.messages[1].visible).not.toContain("> 发票抬头写错了");
    const contact = await t.owner.get(`/api/contacts/${ticket.body.requesterId}`);
    expect(contact.body).toMatchObject({ name: "王芳", email: "wang.fang@customer.example" });
  });

  it("threads an agent's reply and the customer's answer, reopening the ticket", async () => {
    const t = await newTenant("business");
    const to = `${t.slug}@${domain}`;
    const first = await mail({ from: "buyer@shop.example", to, subject: "Where is my order?", text: "Order 77" });
    const r1 = await Inbox.receive(first.raw);
    const ticketId = (r1 as { ticketId: string }).ticketId;
    const agentReply = await t.owner.post(`/api/tickets/${ticketId}/replies`, { text: "It ships today." });
    expect(agentReply.body.ticket.status).toBe("pending");
    const out = lastMailTo("buyer@shop.example", "ticket.reply");
    expect(out.inReplyTo).toBe(first.messageId);
    expect(out.references).toEqual([first.messageId]);
    const answer = await mail({ from: "buyer@shop.example", to, subject: `Re: ${out.subject}`, text: "Thanks!", inReplyTo: out.messageId, references: [first.messageId, out.messageId!] });
    expect(await Inbox.receive(answer.raw)).toMatchObject({ status: "appended", ticketId });
    const ticket = (await t.owner.get(`/api/tickets/${ticketId}`)).body;
    expect(ticket.status).toBe("open");
    expect(ticket.messages.map((m: any) => m.kind)).toEqual(["inbound", "reply", "inbound"]);
  });

  it("joins by [#n] in the subject only when the sender is on the ticket", async () => {
    const t = await newTenant("business");
    const to = `${t.slug}@${domain}`;
    const r1 = (await Inbox.receive((await mail({ from: "alice@a.example", to, subject: "Broken", text: "x", headers: { Cc: "carol@a.example" } })).raw)) as { ticketId: string; number: number };
    const byRequester = await Inbox.receive((await mail({ from: "alice@a.example", to, subject: `More [#${r1.number}]`, text: "y" })).raw);
    expect(byRequester).toMatchObject({ status: "appended", ticketId: r1.ticketId });
    const byCc = await Inbox.receive((await mail({ from: "carol@a.example", to, subject: `Me too [#${r1.number}]`, text: "z" })).raw);
    expect(byCc).toMatchObject({ status: "appended", ticketId: r1.ticketId });
    const stranger = await Inbox.receive((await mail({ from: "mallory@evil.example", to, subject: `Re: Broken [#${r1.number}]`, text: "let me in" })).raw);
    expect(stranger.status).toBe("created");
    expect((stranger as { ticketId: string }).ticketId).not.toBe(r1.ticketId);
  });

  it("stores auto-replies and bounces without answering them", async () => {
    const t = await newTenant("business");
    const to = `${t.slug}@${domain}`;
    const before = mailer.sent.length;
    const ooo = await Inbox.receive((await mail({ from: "away@a.example", to, subject: "Out of office", text: "I am away", headers: { "Auto-Submitted": "auto-replied" } })).raw);
    expect(ooo).toMatchObject({ status: "created", acknowledged: false });
    const bulk = await Inbox.receive((await mail({ from: "news@a.example", to, subject: "Newsletter", text: "news", headers: { Precedence: "bulk" } })).raw);
    expect(bulk).toMatchObject({ status: "created", acknowledged: false });
    expect(mailer.sent.length).toBe(before);
    const ticket = (await t.owner.get(`/api/tickets/${(ooo as { ticketId: string }).ticketId}`)).body;
    expect(ticket.tags).toContain("auto-reply");
    expect(ticket.messages[0].autoReply).toBe(true);
  });

  it("keeps tenants apart: mail to A never joins or creates a ticket of B", async () => {
    const a = await newTenant("business");
    const b = await newTenant("business");
    const rb = (await Inbox.receive((await mail({ from: "x@x.example", to: `${b.slug}@${domain}`, subject: "For B", text: "b" })).raw)) as { ticketId: string; number: number; tenantId: string };
    const ackB = lastMailTo("x@x.example", "ticket.ack");
    // Same sender writes to A with B's ticket number, B's reply token header and B's Message-ID reference.
    const toA = await mail({ from: "x@x.example", to: `${a.slug}@${domain}`, subject: `Re: For B [#${rb.number}]`, text: "a", inReplyTo: ackB.messageId, headers: { "X-CRM-Reply-Token": ackB.headers!["X-CRM-Reply-Token"] } });
    const ra = await Inbox.receive(toA.raw);
    expect(ra.status).toBe("created");
    expect((ra as { tenantId: string }).tenantId).toBe(a.tenantId);
    const bTicket = (await b.owner.get(`/api/tickets/${rb.ticketId}`)).body;
    expect(bTicket.messages).toHaveLength(1);
    expect((await a.owner.get(`/api/tickets/${rb.ticketId}`)).status).toBe(404);
    expect(await Inbox.receive((await mail({ from: "x@x.example", to: `nobody-${unique()}@${domain}`, subject: "?", text: "?" })).raw)).toEqual({ status: "rejected", reason: "unknown_recipient" });
  });

  it("accepts mail for a registered support address", async () => {
    const t = await newTenant("business");
    const address = `support@${t.slug}.example`;
    const set = await t.owner.put("/api/desk/settings", { supportAddresses: [address], ackEnabled: false, version: 1 });
    expect(set.status).toBe(200);
    expect(set.body.inboundAddress).toBe(`${t.slug}@${domain}`);
    expect(set.body.version).toBe(2);
    const stale = await t.owner.put("/api/desk/settings", { ackEnabled: true, version: 1 });
    expect(stale.status).toBe(409);
    expect((await t.owner.get("/api/desk/settings")).body).toMatchObject({ ackEnabled: false, version: 2 });
    const before = mailer.sent.length;
    const r = await Inbox.receive((await mail({ from: "c@c.example", to: address, subject: "Hi", text: "hello" })).raw);
    expect(r).toMatchObject({ status: "created", tenantId: t.tenantId, acknowledged: false });
    expect(mailer.sent.length).toBe(before);
    const other = await newTenant("business");
    const taken = await other.owner.put("/api/desk/settings", { supportAddresses: [address], version: 1 });
    expect(taken.status).toBe(409);
    expect(taken.body.error.code).toBe("desk.address_taken");
    void withActor;
  });
});
