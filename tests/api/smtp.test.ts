import { afterAll, beforeAll, describe, expect, it } from "vitest";
import nodemailer from "nodemailer";
import { startSmtp } from "../../packages/local/src/smtp";
import { mailer, newTenant } from "../support/api";

/** Real SMTP: nodemailer talks to the local inbound server, which files mail through Inbox.receive. */
let smtp: Awaited<ReturnType<typeof startSmtp>>;
beforeAll(async () => {
  smtp = await startSmtp({ port: 0, log: false });
});
afterAll(() => smtp.close());

const send = (mail: nodemailer.SendMailOptions) =>
  nodemailer.createTransport({ host: "127.0.0.1", port: smtp.port, secure: false, ignoreTLS: true }).sendMail(mail);

async function ticketsOf(client: any) {
  return (await client.get("/api/tickets?queue=all&status=all")).body.items as any[];
}

describe("mail over SMTP", () => {
  it("opens a ticket, threads the customer's reply, keeps strangers and other tenants out", async () => {
    const a = await newTenant("business");
    const b = await newTenant("business");
    const first = await send({ from: "顾客 <guke@customer.example>", to: `${a.slug}@inbound.crm.localhost`, subject: "退货申请", text: "我要退货。" });
    expect(first.accepted).toHaveLength(1);
    const [ticket] = await ticketsOf(a.owner);
    expect(ticket).toMatchObject({ subject: "退货申请", requesterEmail: "guke@customer.example", channel: "email" });

    const ack = [...mailer.sent].reverse().find((m) => m.tag === "ticket.ack" && m.to.includes("guke@customer.example"))!;
    await send({ from: "guke@customer.example", to: ack.replyTo, subject: `Re: ${ack.subject}`, text: "订单号 8899", inReplyTo: ack.messageId, references: [ack.messageId!] });
    const full = (await a.owner.get(`/api/tickets/${ticket.ticketId}`)).body;
    expect(full.messages.map((m: any) => m.visible ?? m.text)).toEqual(["我要退货。", "订单号 8899"]);

    await send({ from: "stranger@else.example", to: `${a.slug}@inbound.crm.localhost`, subject: `Re: 退货申请 [#${ticket.number}]`, text: "hijack" });
    const afterStranger = await ticketsOf(a.owner);
    expect(afterStranger).toHaveLength(2);
    expect((await a.owner.get(`/api/tickets/${ticket.ticketId}`)).body.messages).toHaveLength(2);

    // Mail to B with A's ticket number and reply address headers lands in B only, as a new ticket.
    await send({ from: "guke@customer.example", to: `${b.slug}@inbound.crm.localhost`, subject: `[#${ticket.number}] again`, text: "to B", inReplyTo: ack.messageId, headers: { "X-CRM-Reply-Token": ack.headers!["X-CRM-Reply-Token"] } });
    expect(await ticketsOf(b.owner)).toHaveLength(1);
    expect((await a.owner.get(`/api/tickets/${ticket.ticketId}`)).body.messages).toHaveLength(2);

    await expect(send({ from: "x@x.example", to: "nobody-at-all@inbound.crm.localhost", subject: "?", text: "?" })).rejects.toThrow(/550/);
  });
});
