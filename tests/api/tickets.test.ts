import { describe, expect, it } from "vitest";
import { addMember, mailer, newTenant } from "../support/api";

describe("tickets", () => {
  it("opens a ticket by hand, creates the requester contact, replies by mail and notes internally", async () => {
    const t = await newTenant("business");
    const created = await t.owner.post("/api/tickets", { subject: "打印机坏了", requesterEmail: "Li.Lei@Customer.example", requesterName: "李雷", text: "Phoned in: printer broken", priority: "high" });
    expect(created.status).toBe(201);
    const ticket = created.body;
    expect(ticket).toMatchObject({ number: 1, status: "new", priority: "high", channel: "web", requesterEmail: "li.lei@customer.example" });
    expect(ticket.replyToken).toBeUndefined();
    const contact = await t.owner.get(`/api/contacts/${ticket.requesterId}`);
    expect(contact.body).toMatchObject({ name: "李雷", email: "li.lei@customer.example" });
    expect((await t.owner.get(`/api/contacts/${ticket.requesterId}/tickets`)).body.items.map((x: any) => x.ticketId)).toEqual([ticket.ticketId]);

    const note = await t.owner.post(`/api/tickets/${ticket.ticketId}/replies`, { kind: "note", text: "Internal: check warranty" });
    expect(note.status).toBe(201);
    const sentBefore = mailer.sent.length;
    const reply = await t.owner.post(`/api/tickets/${ticket.ticketId}/replies`, { text: "We'll send a technician." });
    expect(reply.body.ticket.status).toBe("pending");
    expect(reply.body.ticket.assigneeId).toBe(t.userId);
    expect(reply.body.ticket.firstAgentReplyAt).toBeTruthy();
    const sent = mailer.sent.slice(sentBefore);
    expect(sent).toHaveLength(1);
    expect(sent[0].to).toEqual(["li.lei@customer.example"]);
    expect(sent[0].subject).toBe("Re: 打印机坏了 [#1]");
    expect(sent[0].replyTo).toMatch(new RegExp(`^${t.slug}\\+r-[a-z0-9]+@inbound\\.crm\\.localhost$`));
    expect(sent[0].messageId).toMatch(/^<.+@inbound\.crm\.localhost>$/);
    expect(sent[0].headers!["X-CRM-Reply-Token"]).toBeTruthy();

    const full = await t.owner.get(`/api/tickets/${ticket.ticketId}`);
    expect(full.body.messages.map((m: any) => m.kind)).toEqual(["note", "note", "reply"]);
    const audit = await t.owner.get(`/api/audit?recordId=${ticket.ticketId}`);
    expect(audit.body.items.map((e: any) => e.action)).toEqual(["ticket.replied", "ticket.noted", "ticket.created"]);
  });

  it("serves queues: mine, unassigned, group, overdue, and filters by status and priority", async () => {
    const t = await newTenant("business");
    const team = (await t.owner.post("/api/teams", { name: "Support" })).body;
    const agent = await addMember(t, "member", [team.teamId]);
    const a = (await t.owner.post("/api/tickets", { subject: "A", requesterEmail: "a@c.example", text: "x", assigneeId: agent.userId })).body;
    const b = (await t.owner.post("/api/tickets", { subject: "B", requesterEmail: "b@c.example", text: "x", groupId: team.teamId, priority: "urgent" })).body;
    const c = (await t.owner.post("/api/tickets", { subject: "C", requesterEmail: "c@c.example", text: "x" })).body;
    const ids = async (client: any, qs: string) => (await client.get(`/api/tickets?${qs}`)).body.items.map((x: any) => x.ticketId).sort();
    expect(await ids(agent.client, "queue=mine")).toEqual([a.ticketId]);
    expect(await ids(t.owner, "queue=unassigned")).toEqual([b.ticketId, c.ticketId].sort());
    expect(await ids(agent.client, "queue=group")).toEqual([b.ticketId]);
    expect(await ids(t.owner, "priority=urgent")).toEqual([b.ticketId]);
    const solved = await t.owner.patch(`/api/tickets/${c.ticketId}`, { version: c.version, status: "solved" });
    expect(solved.body.status).toBe("solved");
    expect(solved.body.solvedAt).toBeTruthy();
    expect(await ids(t.owner, "queue=all")).toEqual([a.ticketId, b.ticketId].sort());
    expect(await ids(t.owner, "queue=all&status=solved")).toEqual([c.ticketId]);
    expect(await ids(t.owner, "status=unsolved")).toEqual([a.ticketId, b.ticketId].sort());
    expect(await ids(t.owner, "status=open")).toEqual([a.ticketId]);
    expect(await ids(t.owner, "status=all")).toEqual([a.ticketId, b.ticketId, c.ticketId].sort());
    expect((await t.owner.patch(`/api/tickets/${c.ticketId}`, { version: c.version, status: "open" })).status).toBe(409);
    expect((await t.owner.patch(`/api/tickets/${c.ticketId}`, { version: solved.body.version, assigneeId: "nobody" })).status).toBe(400);
  });

  it("lets viewers read tickets but not change them", async () => {
    const t = await newTenant("business");
    const viewer = await addMember(t, "viewer");
    const x = (await t.owner.post("/api/tickets", { subject: "X", requesterEmail: "x@c.example", text: "x" })).body;
    expect((await viewer.client.get(`/api/tickets/${x.ticketId}`)).status).toBe(200);
    expect((await viewer.client.post(`/api/tickets/${x.ticketId}/replies`, { text: "hi" })).status).toBe(403);
  });
});
