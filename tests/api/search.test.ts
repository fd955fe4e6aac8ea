import { describe, expect, it } from "vitest";
import { addMember, newTenant } from "../support/api";

const ids = (hits: Array<{ id: string }>) => hits.map((h) => h.id);

describe("global search", () => {
  it("finds a Chinese name by characters, full pinyin, initials and given name; polyphone surnames by surname reading", async () => {
    const { owner } = await newTenant();
    const zhang = (await owner.post("/api/contacts", { name: "张伟" })).body;
    const shan = (await owner.post("/api/contacts", { name: "单雄信" })).body;
    await owner.post("/api/contacts", { name: "李娜" });
    for (const q of ["张", "张伟", "zhang", "zhangwei", "zw", "ZW", "zhang wei", "wei"]) {
      const res = await owner.get(`/api/search?q=${encodeURIComponent(q)}&types=contacts`);
      expect(res.status, q).toBe(200);
      expect(ids(res.body.groups.contacts), q).toContain(zhang.contactId);
      expect(ids(res.body.groups.contacts), q).not.toContain(shan.contactId);
    }
    for (const q of ["shan", "shanxiongxin", "sxx", "danxiongxin"]) {
      const res = await owner.get(`/api/search?q=${encodeURIComponent(q)}`);
      expect(ids(res.body.groups.contacts), q).toEqual([shan.contactId]);
    }
    // Per-type endpoints use the same index.
    const list = await owner.get("/api/contacts?q=zw");
    expect(list.body.items.map((c: any) => c.contactId)).toEqual([zhang.contactId]);
  });

  it("finds contacts by email, phone digits and the last four, and by their company's name", async () => {
    const { owner } = await newTenant();
    const company = (await owner.post("/api/companies", { name: "星辰科技 Stellar Tech", domain: "stellar.example" })).body;
    const c = (await owner.post("/api/contacts", { name: "Wang Fang", email: "fang.wang@stellar.example", phone: "138 0013 8765", companyId: company.companyId })).body;
    const other = (await owner.post("/api/contacts", { name: "Other Person", phone: "139 1111 2222" })).body;
    for (const q of ["fang.wang@stellar", "fang.wang", "8765", "13800138765", "+86 138 0013 8765", "stellar", "星辰", "xingchen", "Wang"]) {
      const res = await owner.get(`/api/search?q=${encodeURIComponent(q)}`);
      expect(ids(res.body.groups.contacts), q).toContain(c.contactId);
      expect(ids(res.body.groups.contacts), q).not.toContain(other.contactId);
    }
    const byCompany = await owner.get("/api/search?q=stellar");
    expect(ids(byCompany.body.groups.companies)).toEqual([company.companyId]);
    expect(byCompany.body.groups.companies[0]).toMatchObject({ name: company.name, link: `/companies/${company.companyId}` });
    const hit = byCompany.body.groups.contacts.find((h: any) => h.id === c.contactId);
    expect(hit).toMatchObject({ name: "Wang Fang", link: `/contacts/${c.contactId}` });
    // A changed phone moves its terms: the old last four no longer find the contact.
    const moved = await owner.patch(`/api/contacts/${c.contactId}`, { version: c.version, phone: "138 0013 4321" });
    expect(moved.status).toBe(200);
    expect(ids((await owner.get("/api/search?q=8765")).body.groups.contacts)).toEqual([]);
    expect(ids((await owner.get("/api/search?q=4321")).body.groups.contacts)).toEqual([c.contactId]);
  });

  it("finds deals by title and tickets by subject, number and requester", async () => {
    const { owner } = await newTenant("business");
    const pipeline = (await owner.post("/api/pipelines", { name: "P" })).body;
    const deal = (await owner.post("/api/deals", { pipelineId: pipeline.pipelineId, title: "年度续约 Renewal 2027" })).body;
    const ticket = (await owner.post("/api/tickets", { subject: "Printer on fire", requesterEmail: "kim@customer.example", text: "help" })).body;
    expect(ids((await owner.get("/api/search?q=renewal")).body.groups.deals)).toEqual([deal.dealId]);
    expect(ids((await owner.get("/api/search?q=niandu")).body.groups.deals)).toEqual([deal.dealId]);
    expect((await owner.get("/api/search?q=renewal")).body.groups.deals[0].link).toBe(`/deals/${deal.dealId}`);
    for (const q of ["printer", "fire", `#${ticket.number}`, "kim@customer"]) {
      const res = await owner.get(`/api/search?q=${encodeURIComponent(q)}&types=tickets`);
      expect(ids(res.body.groups.tickets), q).toEqual([ticket.ticketId]);
    }
    // Renaming a deal moves its terms.
    const renamed = await owner.patch(`/api/deals/${deal.dealId}`, { version: deal.version, title: "Expansion" });
    expect(renamed.status).toBe(200);
    expect(ids((await owner.get("/api/search?q=renewal")).body.groups.deals)).toEqual([]);
    expect(ids((await owner.get("/api/search?q=expansion")).body.groups.deals)).toEqual([deal.dealId]);
    // types narrows the groups.
    const onlyDeals = await owner.get("/api/search?q=expansion&types=contacts,companies");
    expect(onlyDeals.body.groups.deals).toEqual([]);
  });

  it("respects record visibility and the tenant's features", async () => {
    const t = await newTenant("team");
    const member = await addMember(t, "member");
    const hidden = (await t.owner.post("/api/contacts", { name: "Hidden Hu", ownerId: t.userId })).body;
    const shared = (await t.owner.post("/api/contacts", { name: "Hidden Shared", ownerId: t.userId, shared: true })).body;
    const mine = (await member.client.post("/api/contacts", { name: "Hidden Mine" })).body;
    const res = await member.client.get("/api/search?q=hidden");
    expect(ids(res.body.groups.contacts).sort()).toEqual([shared.contactId, mine.contactId].sort());
    expect(ids((await t.owner.get("/api/search?q=hidden")).body.groups.contacts)).toContain(hidden.contactId);
    // Switching a feature off drops its group.
    const pipeline = (await t.owner.post("/api/pipelines", { name: "P" })).body;
    await t.owner.post("/api/deals", { pipelineId: pipeline.pipelineId, title: "Hidden deal" });
    expect((await t.owner.get("/api/search?q=hidden")).body.groups.deals).toHaveLength(1);
    const off = await t.owner.put("/api/workspace/features", { features: { deals: false } });
    expect(off.status).toBe(200);
    expect((await t.owner.get("/api/search?q=hidden")).body.groups.deals).toEqual([]);
  });

  it("never shows another tenant's records and refuses bad queries with 400", async () => {
    const a = await newTenant();
    const b = await newTenant();
    await a.owner.post("/api/contacts", { name: "Isolated Ivy", email: "ivy@iso.example" });
    const res = await b.owner.get("/api/search?q=isolated");
    expect(res.status).toBe(200);
    expect(res.body.groups.contacts).toEqual([]);
    expect(ids((await a.owner.get("/api/search?q=ivy@iso")).body.groups.contacts)).toHaveLength(1);
    for (const bad of ["", "?q=", "?q=x&types=planets", "?q=x&limit=500"]) {
      const r = await a.owner.get(`/api/search${bad}`);
      expect(r.status, bad).toBe(400);
      expect(r.body.error.code).toBe("validation");
    }
  });

  it("reindexes existing records in the background so older records become findable", async () => {
    const { owner } = await newTenant("business");
    const c = (await owner.post("/api/contacts", { name: "欧阳娜娜" })).body;
    const started = await owner.post("/api/search/reindex");
    expect(started.status).toBe(202);
    let job = started.body.job;
    for (let i = 0; i < 50 && job.status === "running"; i++) {
      await new Promise((r) => setTimeout(r, 100));
      job = (await owner.get("/api/search/reindex")).body.job;
    }
    expect(job.status).toBe("done");
    expect(job.done).toBeGreaterThanOrEqual(1);
    expect(ids((await owner.get("/api/search?q=oyn")).body.groups.contacts)).toEqual([c.contactId]);
  });
});
