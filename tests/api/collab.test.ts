import { describe, expect, it } from "vitest";
import { Notification } from "../../packages/core/src/collab/notification";
import { withActor } from "../../packages/core/src/actor";
import { addMember, mailer, newTenant } from "../support/api";

describe("notes, mentions, notifications and timelines", () => {
  it("notifies a mentioned teammate in the app and by email; read once counts once", async () => {
    const t = await newTenant("team");
    const colleague = await addMember(t, "member");
    const contact = (await t.owner.post("/api/contacts", { name: "客户 张三", shared: true })).body;
    const before = mailer.sent.length;
    const note = await t.owner.post(`/api/contacts/${contact.contactId}/notes`, { body: "@同事 please call back", mentions: [colleague.userId] });
    expect(note.status).toBe(201);
    const mail = mailer.sent.slice(before).find((m) => m.to.includes(colleague.email));
    expect(mail?.tag).toBe("notify.mention");
    expect(mail?.text).toContain(`/contacts/${contact.contactId}`);

    const inbox = (await colleague.client.get("/api/notifications")).body;
    expect(inbox.unread).toBe(1);
    expect(inbox.items[0]).toMatchObject({ kind: "mention", link: `/contacts/${contact.contactId}`, readAt: null });
    expect((await colleague.client.get("/api/notifications?kind=assigned")).body.items).toEqual([]);
    const id = inbox.items[0].notificationId;
    await Promise.all([colleague.client.post(`/api/notifications/${id}/read`), colleague.client.post(`/api/notifications/${id}/read`)]);
    expect((await colleague.client.get("/api/notifications")).body.unread).toBe(0);
    expect((await t.owner.get("/api/notifications")).body.items).toEqual([]);
    expect((await colleague.client.post(`/api/notifications/${id}x/read`)).status).toBe(404);

    const bad = await t.owner.post(`/api/contacts/${contact.contactId}/notes`, { body: "hi", mentions: ["not-a-member"] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields).toHaveProperty("mentions");
  });

  it("follows each person's preferences, including a daily digest", async () => {
    const t = await newTenant("team");
    const colleague = await addMember(t, "member");
    const prefs = await colleague.client.put("/api/notifications/preferences", { prefs: { mention: ["app", "digest"] } });
    expect(prefs.body.prefs.mention).toEqual(["app", "digest"]);
    const contact = (await t.owner.post("/api/contacts", { name: "Digest Person", shared: true })).body;
    const before = mailer.sent.length;
    await t.owner.post(`/api/contacts/${contact.contactId}/notes`, { body: "for the digest", mentions: [colleague.userId] });
    expect(mailer.sent.slice(before).filter((m) => m.to.includes(colleague.email))).toHaveLength(0);
    const tomorrow = new Date(Date.now() + 86400_000 + 3600_000);
    await withActor({ type: "system", reason: "test" }, () => Promise.all([Notification.sendDigests(tomorrow), Notification.sendDigests(tomorrow)]));
    const digests = mailer.sent.slice(before).filter((m) => m.to.includes(colleague.email) && m.tag === "notify.digest");
    expect(digests).toHaveLength(1);
    expect(digests[0].text).toContain("for the digest");
  });

  it("shows notes, tickets and changes on the record's timeline, newest first, paginated", async () => {
    const t = await newTenant("team");
    const contact = (await t.owner.post("/api/contacts", { name: "Timeline Person", email: "tl@c.example" })).body;
    await t.owner.patch(`/api/contacts/${contact.contactId}`, { version: 1, title: "Buyer" });
    await t.owner.post(`/api/contacts/${contact.contactId}/notes`, { body: "first call went well" });
    const ticket = (await t.owner.post("/api/tickets", { subject: "Question", requesterId: contact.contactId, text: "asked about pricing" })).body;
    await t.owner.post(`/api/tickets/${ticket.ticketId}/replies`, { text: "Sent the price list" });
    const tl = (await t.owner.get(`/api/contacts/${contact.contactId}/timeline`)).body;
    expect(tl.items.map((e: any) => e.type)).toEqual(["ticket.replied", "ticket.created", "note.created", "contact.updated", "contact.created"]);
    expect(tl.items[2].summary).toBe("first call went well");
    const page1 = (await t.owner.get(`/api/contacts/${contact.contactId}/timeline?limit=2`)).body;
    const page2 = (await t.owner.get(`/api/contacts/${contact.contactId}/timeline?limit=2&cursor=${encodeURIComponent(page1.cursor)}`)).body;
    expect([...page1.items, ...page2.items].map((e: any) => e.entryId)).toEqual(tl.items.slice(0, 4).map((e: any) => e.entryId));
    const ticketTl = (await t.owner.get(`/api/tickets/${ticket.ticketId}/timeline`)).body;
    expect(ticketTl.items.map((e: any) => e.type)).toEqual(["ticket.replied", "ticket.created"]);
  });

  it("notifies the new assignee of a ticket; only the author or an admin edits a note", async () => {
    const t = await newTenant("team");
    const agent = await addMember(t, "member");
    const ticket = (await t.owner.post("/api/tickets", { subject: "Assign me", requesterEmail: "r@c.example", text: "x" })).body;
    await t.owner.patch(`/api/tickets/${ticket.ticketId}`, { version: ticket.version, assigneeId: agent.userId });
    const inbox = (await agent.client.get("/api/notifications?kind=assigned")).body;
    expect(inbox.items.map((n: any) => n.link)).toEqual([`/tickets/${ticket.ticketId}`]);
    const note = (await t.owner.post(`/api/tickets/${ticket.ticketId}/notes`, { body: "owner's note" })).body;
    expect((await agent.client.patch(`/api/tickets/${ticket.ticketId}/notes/${note.noteId}`, { version: 1, body: "hijack" })).status).toBe(403);
    const edited = await t.owner.patch(`/api/tickets/${ticket.ticketId}/notes/${note.noteId}`, { version: 1, body: "owner's note, edited" });
    expect(edited.body.version).toBe(2);
    expect((await t.owner.patch(`/api/tickets/${ticket.ticketId}/notes/${note.noteId}`, { version: 1, body: "stale" })).status).toBe(409);
  });
});

describe("tasks", () => {
  it("lists my tasks soonest first, flags overdue ones, reminds once before the due time, and shows on the timeline", async () => {
    const { Task } = await import("../../packages/core/src/collab/task");
    const t = await newTenant("team");
    const agent = await addMember(t, "member");
    const contact = (await t.owner.post("/api/contacts", { name: "Task Person", shared: true })).body;
    const soon = new Date(Date.now() + 10 * 60_000).toISOString();
    const later = new Date(Date.now() + 2 * 86400_000).toISOString();
    const past = new Date(Date.now() - 3600_000).toISOString();
    const a = (await t.owner.post("/api/tasks", { title: "Call back", dueAt: soon, remindMinutesBefore: 15, assigneeId: agent.userId, recordType: "contact", recordId: contact.contactId })).body;
    await t.owner.post("/api/tasks", { title: "Send quote", dueAt: later, assigneeId: agent.userId });
    await agent.client.post("/api/tasks", { title: "Late one", dueAt: past });
    const mine = (await agent.client.get("/api/tasks")).body.items;
    expect(mine.map((x: any) => [x.title, x.overdue])).toEqual([["Late one", true], ["Call back", false], ["Send quote", false]]);
    expect((await agent.client.get("/api/notifications?kind=task")).body.items).toHaveLength(2); // assigned by the owner

    const before = mailer.sent.length;
    await withActor({ type: "system", reason: "test" }, () => Promise.all([Task.sendReminders(new Date()), Task.sendReminders(new Date())]));
    const reminders = mailer.sent.slice(before).filter((m) => m.to.includes(agent.email) && m.tag === "notify.task");
    expect(reminders.map((m) => m.subject)).toEqual(expect.arrayContaining([expect.stringContaining("Call back"), expect.stringContaining("Late one")]));
    expect(reminders).toHaveLength(2);

    const done = await agent.client.patch(`/api/tasks/${a.taskId}`, { version: a.version, status: "done" });
    expect(done.body).toMatchObject({ status: "done", overdue: false });
    expect((await agent.client.get("/api/tasks?status=done")).body.items.map((x: any) => x.taskId)).toEqual([a.taskId]);
    const tl = (await t.owner.get(`/api/contacts/${contact.contactId}/timeline`)).body.items.map((e: any) => e.type);
    expect(tl.slice(0, 2)).toEqual(["task.completed", "task.created"]);
    expect((await t.owner.post("/api/tasks", { title: "x", dueAt: "tomorrow" })).status).toBe(400);
  });

  it("lists a record's tasks for anyone who may see the record", async () => {
    const t = await newTenant("team");
    const agent = await addMember(t, "member");
    const contact = (await t.owner.post("/api/contacts", { name: "Has tasks", shared: true })).body;
    const due = new Date(Date.now() + 86400_000).toISOString();
    const mine = (await t.owner.post("/api/tasks", { title: "Mine", dueAt: due, recordType: "contact", recordId: contact.contactId })).body;
    const theirs = (await t.owner.post("/api/tasks", { title: "Theirs", dueAt: new Date(Date.now() + 3600_000).toISOString(), assigneeId: agent.userId, recordType: "contact", recordId: contact.contactId })).body;
    await t.owner.post("/api/tasks", { title: "Elsewhere", dueAt: due });
    const q = `/api/tasks?recordType=contact&recordId=${contact.contactId}`;
    expect((await agent.client.get(q)).body.items.map((x: any) => x.taskId)).toEqual([theirs.taskId, mine.taskId]);
    await t.owner.patch(`/api/tasks/${mine.taskId}`, { version: mine.version, status: "done" });
    expect((await t.owner.get(`${q}&status=done`)).body.items.map((x: any) => x.title)).toEqual(["Mine"]);
    const other = await newTenant("team");
    expect((await other.owner.get(q)).status).toBe(404);
    expect((await t.owner.get(`/api/tasks?recordType=contact`)).status).toBe(400);
  });
});

describe("deal timelines", () => {
  it("puts deal creation, stage moves and notes on the deal's and the contact's timelines", async () => {
    const t = await newTenant("team");
    const contact = (await t.owner.post("/api/contacts", { name: "Deal Person" })).body;
    const pipeline = (await t.owner.post("/api/pipelines", { name: "Sales" })).body;
    const [first, second] = pipeline.stages;
    const deal = (await t.owner.post("/api/deals", { pipelineId: pipeline.pipelineId, title: "Big order", contactId: contact.contactId, stageId: first.stageId, amount: 100000 })).body;
    expect((await t.owner.post(`/api/deals/${deal.dealId}/move`, { version: deal.version, stageId: second.stageId })).status).toBe(200);
    expect((await t.owner.post(`/api/deals/${deal.dealId}/notes`, { body: "negotiating" })).status).toBe(201);
    const dealTl = (await t.owner.get(`/api/deals/${deal.dealId}/timeline`)).body.items.map((e: any) => e.type);
    expect(dealTl).toEqual(["note.created", "deal.stage_changed", "deal.created"]);
    const contactTl = (await t.owner.get(`/api/contacts/${contact.contactId}/timeline`)).body.items.map((e: any) => e.type);
    expect(contactTl).toEqual(expect.arrayContaining(["deal.stage_changed", "deal.created"]));
  });
});
