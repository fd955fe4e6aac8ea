import { describe, expect, it } from "vitest";
import { DealEntity } from "../../packages/core/src/db/deal";
import { TicketEntity } from "../../packages/core/src/db/ticket";
import { newTenant } from "../support/api";

type T = Awaited<ReturnType<typeof newTenant>>;

async function scan(t: T, object: "contact" | "company") {
  const started = await t.owner.post("/api/duplicates/scan", { object });
  expect(started.status).toBe(202);
  let s = started.body.scan;
  for (let i = 0; i < 100 && s.status === "running"; i++) {
    await new Promise((r) => setTimeout(r, 100));
    s = (await t.owner.get(`/api/duplicates/scan?object=${object}`)).body.scan;
  }
  expect(s.status).toBe("done");
  const list = await t.owner.get(`/api/duplicates?object=${object}`);
  expect(list.status).toBe(200);
  return list.body.items as Array<{ groupId: string; reasons: string[]; confidence: number; records: Array<{ id: string }> }>;
}
const sorted = (ids: string[]) => [...ids].sort();
const groupOf = (groups: Awaited<ReturnType<typeof scan>>, id: string) => groups.find((g) => g.records.some((r) => r.id === id));

describe("duplicate scan", () => {
  it("blocks candidates by normalized email, phone, name at the same company and pinyin, with reason and confidence; rules switch off", async () => {
    const t = await newTenant();
    const c = (name: string, body: Record<string, unknown> = {}) => t.owner.post("/api/contacts", { name, ...body }).then((r) => { expect(r.status).toBe(201); return r.body; });
    const acme = (await t.owner.post("/api/companies", { name: "Acme" })).body;
    const other = (await t.owner.post("/api/companies", { name: "Other" })).body;
    const e1 = await c("Li Na", { email: "li.na@gmail.com" });
    const e2 = await c("Na Li", { email: "lina+crm@gmail.com" });
    const p1 = await c("Phone One", { phone: "138 0013 8000" });
    const p2 = await c("Phone Two", { phone: "+86 138-0013-8000" });
    const n1 = await c("Wang Fang", { companyId: acme.companyId });
    const n2 = await c("wang  fang", { companyId: acme.companyId });
    const n3 = await c("Wang Fang", { companyId: other.companyId });
    const y1 = await c("张伟", { companyId: acme.companyId });
    const y2 = await c("章伟", { companyId: acme.companyId });
    const lone = await c("Nobody Else", { email: "nobody@example.com" });

    const groups = await scan(t, "contact");
    expect(sorted(groupOf(groups, e1.contactId)!.records.map((r) => r.id))).toEqual(sorted([e1.contactId, e2.contactId]));
    expect(groupOf(groups, e1.contactId)).toMatchObject({ reasons: ["email"], confidence: 0.95 });
    expect(sorted(groupOf(groups, p1.contactId)!.records.map((r) => r.id))).toEqual(sorted([p1.contactId, p2.contactId]));
    expect(groupOf(groups, p1.contactId)).toMatchObject({ reasons: ["phone"], confidence: 0.9 });
    expect(sorted(groupOf(groups, n1.contactId)!.records.map((r) => r.id))).toEqual(sorted([n1.contactId, n2.contactId]));
    expect(groupOf(groups, n1.contactId)!.reasons).toEqual(["name"]);
    expect(groupOf(groups, n3.contactId)).toBeUndefined();
    expect(sorted(groupOf(groups, y1.contactId)!.records.map((r) => r.id))).toEqual(sorted([y1.contactId, y2.contactId]));
    expect(groupOf(groups, y1.contactId)).toMatchObject({ reasons: ["pinyin"], confidence: 0.6 });
    expect(groupOf(groups, lone.contactId)).toBeUndefined();
    // Most certain first.
    expect(groups.map((g) => g.confidence)).toEqual([...groups.map((g) => g.confidence)].sort((a, b) => b - a));

    const settings = (await t.owner.get("/api/duplicates/settings")).body;
    expect(settings.rules).toEqual({ email: true, phone: true, name: true, pinyin: true });
    const off = await t.owner.put("/api/duplicates/settings", { version: settings.version, rules: { phone: false, pinyin: false } });
    expect(off.status).toBe(200);
    expect((await t.owner.put("/api/duplicates/settings", { version: settings.version, rules: { phone: true } })).status).toBe(409);
    const again = await scan(t, "contact");
    expect(groupOf(again, p1.contactId)).toBeUndefined();
    expect(groupOf(again, y1.contactId)).toBeUndefined();
    expect(groupOf(again, e1.contactId)).toBeDefined();
  });

  it("groups companies by name and domain", async () => {
    const t = await newTenant();
    const a = (await t.owner.post("/api/companies", { name: "Stellar Tech", domain: "stellar.example" })).body;
    const b = (await t.owner.post("/api/companies", { name: "Stellar Technologies", domain: "stellar.example" })).body;
    const c = (await t.owner.post("/api/companies", { name: "stellar tech" })).body;
    const groups = await scan(t, "company");
    expect(sorted(groupOf(groups, a.companyId)!.records.map((r) => r.id))).toEqual(sorted([a.companyId, b.companyId, c.companyId]));
    expect(groupOf(groups, a.companyId)!.reasons).toEqual(["email", "name"]);
  });

  it("warns before saving a likely duplicate", async () => {
    const t = await newTenant();
    const acme = (await t.owner.post("/api/companies", { name: "Acme" })).body;
    const x = (await t.owner.post("/api/contacts", { name: "Zhou Jie", email: "zj@example.com", phone: "139 0000 1234", companyId: acme.companyId })).body;
    const byEmail = await t.owner.get("/api/duplicates/check?object=contact&email=ZJ@example.com&name=Someone");
    expect(byEmail.body.matches).toEqual([expect.objectContaining({ id: x.contactId, reasons: ["email"], link: `/contacts/${x.contactId}` })]);
    const byPhone = await t.owner.get(`/api/duplicates/check?object=contact&phone=${encodeURIComponent("13900001234")}`);
    expect(byPhone.body.matches.map((m: any) => m.id)).toEqual([x.contactId]);
    const byName = await t.owner.get(`/api/duplicates/check?object=contact&name=${encodeURIComponent("zhou jie")}&companyId=${acme.companyId}`);
    expect(byName.body.matches[0]).toMatchObject({ id: x.contactId, reasons: ["name"], confidence: 0.8 });
    const self = await t.owner.get(`/api/duplicates/check?object=contact&email=zj@example.com&excludeId=${x.contactId}`);
    expect(self.body.matches).toEqual([]);
    const company = await t.owner.get("/api/duplicates/check?object=company&name=ACME");
    expect(company.body.matches.map((m: any) => m.id)).toEqual([acme.companyId]);
    expect((await t.owner.get("/api/duplicates/check?object=planet")).status).toBe(400);
  });
});

describe("merge", () => {
  it("moves notes, tasks, activities, tickets, deals and timelines to the survivor; fields as chosen, tags unioned, audited", async () => {
    const t = await newTenant("business");
    const o = t.owner;
    const keep = (await o.post("/api/contacts", { name: "Chen Jing", email: "chen@old.example", tags: ["vip"], title: "CEO" })).body;
    const dup = (await o.post("/api/contacts", { name: "陈静", email: "jing.chen@new.example", phone: "138 1111 2222", tags: ["shanghai"] })).body;
    expect((await o.post(`/api/contacts/${keep.contactId}/notes`, { body: "Survivor's note" })).status).toBe(201);
    expect((await o.post(`/api/contacts/${dup.contactId}/notes`, { body: "Duplicate's note" })).status).toBe(201);
    const task = (await o.post("/api/tasks", { title: "Call back", dueAt: new Date(Date.now() + 86400_000).toISOString(), recordType: "contact", recordId: dup.contactId })).body;
    const activity = (await o.post("/api/activities", { kind: "call", recordType: "contact", recordId: dup.contactId, outcome: "Talked" })).body;
    const ticket = (await o.post("/api/tickets", { subject: "Broken", requesterId: dup.contactId, text: "help" })).body;
    const pipeline = (await o.post("/api/pipelines", { name: "P" })).body;
    const deal = (await o.post("/api/deals", { pipelineId: pipeline.pipelineId, title: "Deal of the duplicate", contactId: dup.contactId })).body;
    const dupTimeline = (await o.get(`/api/contacts/${dup.contactId}/timeline?limit=100`)).body.items;
    expect(dupTimeline.length).toBeGreaterThan(2);

    const res = await o.post("/api/merge", { object: "contact", survivorId: keep.contactId, mergedIds: [dup.contactId], fields: { email: dup.contactId, phone: dup.contactId } });
    expect(res.status).toBe(200);
    expect(res.body.record).toMatchObject({ name: "Chen Jing", email: "jing.chen@new.example", phone: "+8613811112222", title: "CEO", version: 2 });
    expect(sorted(res.body.record.tags)).toEqual(["shanghai", "vip"]);

    expect((await o.get(`/api/contacts/${dup.contactId}`)).status).toBe(404);
    expect((await o.get(`/api/contacts/${dup.contactId}/merged-into`)).body).toEqual({ survivorId: keep.contactId });
    const notes = (await o.get(`/api/contacts/${keep.contactId}/notes`)).body.items.map((n: any) => n.body);
    expect(sorted(notes)).toEqual(["Duplicate's note", "Survivor's note"]);
    const tasks = (await o.get(`/api/tasks?recordType=contact&recordId=${keep.contactId}`)).body.items.map((x: any) => x.taskId);
    expect(tasks).toEqual([task.taskId]);
    const activities = (await o.get(`/api/activities?recordType=contact&recordId=${keep.contactId}`)).body.items.map((x: any) => x.activityId);
    expect(activities).toEqual([activity.activityId]);
    const tickets = (await o.get(`/api/contacts/${keep.contactId}/tickets`)).body.items.map((x: any) => x.ticketId);
    expect(tickets).toEqual([ticket.ticketId]);
    expect((await o.get(`/api/tickets/${ticket.ticketId}`)).body.requesterId).toBe(keep.contactId);
    expect((await o.get(`/api/deals/${deal.dealId}`)).body.contactId).toBe(keep.contactId);

    const timeline = (await o.get(`/api/contacts/${keep.contactId}/timeline?limit=100`)).body.items;
    const entryIds = new Set(timeline.map((e: any) => e.entryId));
    for (const e of dupTimeline) expect(entryIds.has(e.entryId), `${e.type} of the duplicate`).toBe(true);
    expect(timeline.some((e: any) => e.type === "contact.merged" && e.summary.includes("陈静"))).toBe(true);
    expect(timeline.some((e: any) => e.type === "contact.created" && e.summary === "Chen Jing")).toBe(true);

    // The email moved: the survivor holds it, the old one is free again.
    expect((await o.post("/api/contacts", { name: "Taken", email: "jing.chen@new.example" })).status).toBe(409);
    expect((await o.post("/api/contacts", { name: "Free", email: "chen@old.example" })).status).toBe(201);
    // Search finds the survivor by the merged values and no longer finds the merged record.
    const found = (await o.get("/api/search?q=jing.chen&types=contacts")).body.groups.contacts.map((h: any) => h.id);
    expect(found).toEqual([keep.contactId]);
    const audit = await o.get(`/api/audit?recordId=${keep.contactId}&action=contact.merged`);
    expect(audit.body.items.map((a: any) => a.action)).toContain("contact.merged");
  });

  it("merges companies: their contacts and deals move to the survivor", async () => {
    const t = await newTenant("business");
    const a = (await t.owner.post("/api/companies", { name: "Acme" })).body;
    const b = (await t.owner.post("/api/companies", { name: "ACME Inc", domain: "acme.example" })).body;
    const person = (await t.owner.post("/api/contacts", { name: "Acme Person", companyId: b.companyId })).body;
    const pipeline = (await t.owner.post("/api/pipelines", { name: "P" })).body;
    const deal = (await t.owner.post("/api/deals", { pipelineId: pipeline.pipelineId, title: "Acme deal", companyId: b.companyId })).body;
    const res = await t.owner.post("/api/merge", { object: "company", survivorId: a.companyId, mergedIds: [b.companyId], fields: {} });
    expect(res.status).toBe(200);
    expect(res.body.record).toMatchObject({ name: "Acme", domain: "acme.example" });
    expect((await t.owner.get(`/api/contacts/${person.contactId}`)).body.companyId).toBe(a.companyId);
    expect((await t.owner.get(`/api/deals/${deal.dealId}`)).body.companyId).toBe(a.companyId);
    expect((await t.owner.get(`/api/companies/${b.companyId}`)).status).toBe(404);
  });

  it("repoints a merged company's tickets (through its contacts) and its and its contacts' deals (by index)", async () => {
    const t = await newTenant("business");
    const keep = (await t.owner.post("/api/companies", { name: "Keep Co" })).body;
    const gone = (await t.owner.post("/api/companies", { name: "Gone Co" })).body;
    const email = `buyer-${Date.now()}@gone.example`;
    const person = (await t.owner.post("/api/contacts", { name: "Gone Buyer", email, companyId: gone.companyId })).body;
    const ticket = (await t.owner.post("/api/tickets", { subject: "Invoice", requesterEmail: email, text: "help" })).body;
    expect(ticket.requesterId).toBe(person.contactId);
    const stored = async () => (await TicketEntity.get({ tenantId: t.tenantId, ticketId: ticket.ticketId }).go()).data!;
    expect((await stored()).companyId).toBe(gone.companyId);
    const pipeline = (await t.owner.post("/api/pipelines", { name: "P" })).body;
    const byCompany = (await t.owner.post("/api/deals", { pipelineId: pipeline.pipelineId, title: "Company deal", companyId: gone.companyId })).body;
    const loose = (await t.owner.post("/api/deals", { pipelineId: pipeline.pipelineId, title: "No company" })).body;
    const other = (await t.owner.post("/api/deals", { pipelineId: pipeline.pipelineId, title: "Keep deal", companyId: keep.companyId, contactId: person.contactId })).body;
    // Deals without a company are not under any company.
    expect((await DealEntity.query.byCompany({ tenantId: t.tenantId, companyKey: gone.companyId }).go()).data.map((d) => d.dealId)).toEqual([byCompany.dealId]);
    expect((await DealEntity.query.byContact({ tenantId: t.tenantId, contactKey: person.contactId }).go()).data.map((d) => d.dealId)).toEqual([other.dealId]);

    const res = await t.owner.post("/api/merge", { object: "company", survivorId: keep.companyId, mergedIds: [gone.companyId], fields: {} });
    expect(res.status).toBe(200);
    expect((await stored()).companyId).toBe(keep.companyId);
    expect((await t.owner.get(`/api/deals/${byCompany.dealId}`)).body.companyId).toBe(keep.companyId);
    expect((await t.owner.get(`/api/deals/${loose.dealId}`)).body.companyId).toBeNull();
    expect((await DealEntity.query.byCompany({ tenantId: t.tenantId, companyKey: gone.companyId }).go()).data).toEqual([]);
    expect((await t.owner.get(`/api/companies/${gone.companyId}/merged-into`)).body).toEqual({ survivorId: keep.companyId });

    // A contact merge finds the contact's deals by index too.
    const twin = (await t.owner.post("/api/contacts", { name: "Gone Buyer 2", companyId: keep.companyId })).body;
    const merged = await t.owner.post("/api/merge", { object: "contact", survivorId: twin.contactId, mergedIds: [person.contactId], fields: {} });
    expect(merged.status).toBe(200);
    expect((await t.owner.get(`/api/deals/${other.dealId}`)).body.contactId).toBe(twin.contactId);
    expect((await t.owner.get(`/api/tickets/${ticket.ticketId}`)).body.requesterId).toBe(twin.contactId);
  });

  it("never loses a concurrent edit: the merge answers 409, or the edit is carried over or refused", async () => {
    const t = await newTenant();
    for (let round = 0; round < 3; round++) {
      const keep = (await t.owner.post("/api/contacts", { name: `Keep ${round}` })).body;
      const dup = (await t.owner.post("/api/contacts", { name: `Dup ${round}`, title: "old" })).body;
      const [merge, edit] = await Promise.all([
        t.owner.post("/api/merge", { object: "contact", survivorId: keep.contactId, mergedIds: [dup.contactId], fields: { title: dup.contactId } }),
        t.owner.patch(`/api/contacts/${dup.contactId}`, { version: 1, title: "edited" }),
      ]);
      if (merge.status === 200 && edit.status === 200) {
        expect(merge.body.record.title).toBe("edited");
      } else if (merge.status === 200) {
        expect([404, 409]).toContain(edit.status);
        expect(merge.body.record.title).toBe("old");
      } else {
        expect(merge.status).toBe(409);
        expect(merge.body.error.code).toBe("conflict");
        expect((await t.owner.get(`/api/contacts/${dup.contactId}`)).body.title).toBe("edited");
        expect((await t.owner.get(`/api/contacts/${keep.contactId}`)).body.version).toBe(1);
      }
    }
    // A stale survivor version cannot happen through the API, but a merged record deleted meanwhile is a 404.
    const keep = (await t.owner.post("/api/contacts", { name: "K" })).body;
    const gone = (await t.owner.post("/api/contacts", { name: "G" })).body;
    await t.owner.del(`/api/contacts/${gone.contactId}`);
    expect((await t.owner.post("/api/merge", { object: "contact", survivorId: keep.contactId, mergedIds: [gone.contactId] })).status).toBe(404);
  });

  it("refuses bad merges with 400 and another tenant's records with the same 404 as unknown ones", async () => {
    const a = await newTenant();
    const b = await newTenant();
    const x = (await a.owner.post("/api/contacts", { name: "Tenant A one", email: "one@a.example" })).body;
    const y = (await a.owner.post("/api/contacts", { name: "Tenant A two" })).body;
    const mine = (await b.owner.post("/api/contacts", { name: "Tenant B" })).body;
    const self = await a.owner.post("/api/merge", { object: "contact", survivorId: x.contactId, mergedIds: [x.contactId] });
    expect(self.status).toBe(400);
    expect(self.body.error.fields).toHaveProperty("mergedIds");
    const badSource = await a.owner.post("/api/merge", { object: "contact", survivorId: x.contactId, mergedIds: [y.contactId], fields: { name: "0000000000000nonexistent" } });
    expect(badSource.status).toBe(400);
    expect(badSource.body.error.fields).toHaveProperty(["fields.name"]);
    const badField = await a.owner.post("/api/merge", { object: "contact", survivorId: x.contactId, mergedIds: [y.contactId], fields: { version: y.contactId } });
    expect(badField.status).toBe(400);

    const foreign = await b.owner.post("/api/merge", { object: "contact", survivorId: mine.contactId, mergedIds: [x.contactId] });
    const unknown = await b.owner.post("/api/merge", { object: "contact", survivorId: mine.contactId, mergedIds: ["0000000000000nonexistent"] });
    expect(foreign.status).toBe(404);
    expect(foreign.body).toEqual(unknown.body);
    expect((await a.owner.get(`/api/contacts/${x.contactId}`)).body.version).toBe(1);
    expect((await b.owner.get("/api/duplicates/check?object=contact&email=one@a.example")).body.matches).toEqual([]);
    expect((await b.owner.get(`/api/contacts/${x.contactId}/merged-into`)).status).toBe(404);
  });
});
