import { describe, expect, it } from "vitest";
import { setPorts, systemClock } from "../../packages/core/src/ports";
import { addMember, newTenant } from "../support/api";

describe("sync for integrations", () => {
  it("pulls changed contacts incrementally with updatedAfter, oldest change first, without skipping any", async () => {
    const t = await newTenant("business");
    let clock = new Date("2026-03-01T08:00:00Z");
    setPorts({ clock: { now: () => clock } });
    try {
      const made = [];
      for (let i = 0; i < 5; i++) {
        clock = new Date(clock.getTime() + 60_000);
        made.push((await t.owner.post("/api/contacts", { name: `Sync ${i}` })).body);
      }
      const mark = made[1].updatedAt;
      const first = await t.owner.get(`/api/contacts?updatedAfter=${encodeURIComponent(mark)}&limit=2`);
      expect(first.status).toBe(200);
      expect(first.body.items.map((c: any) => c.name)).toEqual(["Sync 2", "Sync 3"]);
      // A record changed while the integration pages comes again behind the cursor.
      clock = new Date(clock.getTime() + 60_000);
      await t.owner.patch(`/api/contacts/${made[2].contactId}`, { version: 1, title: "changed" });
      const second = await t.owner.get(`/api/contacts?updatedAfter=${encodeURIComponent(mark)}&limit=2&cursor=${encodeURIComponent(first.body.cursor)}`);
      expect(second.body.items.map((c: any) => c.name)).toEqual(["Sync 4", "Sync 2"]);
      // Offsets in other zones mean the same moment.
      const zoned = await t.owner.get(`/api/contacts?updatedAfter=${encodeURIComponent("2026-03-01T16:04:00+08:00")}`);
      expect(zoned.body.items.map((c: any) => c.name)).toEqual(["Sync 4", "Sync 2"]);
      const companies = await t.owner.get(`/api/companies?updatedAfter=${encodeURIComponent(mark)}`);
      expect(companies.status).toBe(200);
      const bad = await t.owner.get("/api/contacts?updatedAfter=yesterday");
      expect(bad.status).toBe(400);
      expect(bad.body.error.fields).toHaveProperty("updatedAfter");
      expect((await t.owner.get(`/api/contacts?updatedAfter=${encodeURIComponent(mark)}&q=sync`)).status).toBe(400);
    } finally {
      setPorts({ clock: systemClock });
    }
  });

  it("pulls changed tickets of every status with updatedAfter", async () => {
    const t = await newTenant("business");
    const mark = new Date(Date.now() - 1000).toISOString();
    const a = (await t.owner.post("/api/tickets", { subject: "Sync A", requesterEmail: "a@sync.example", text: "x" })).body;
    const b = (await t.owner.post("/api/tickets", { subject: "Sync B", requesterEmail: "b@sync.example", text: "x" })).body;
    await t.owner.patch(`/api/tickets/${a.ticketId}`, { version: a.version, status: "solved" });
    const all = (await t.owner.get(`/api/tickets?updatedAfter=${encodeURIComponent(mark)}`)).body.items.map((x: any) => x.subject);
    expect(all).toEqual(["Sync B", "Sync A"]);
    const open = (await t.owner.get(`/api/tickets?updatedAfter=${encodeURIComponent(mark)}&status=unsolved`)).body.items.map((x: any) => x.subject);
    expect(open).toEqual(["Sync B"]);
    expect((await t.owner.get(`/api/tickets?updatedAfter=${encodeURIComponent(mark)}&queue=mine`)).status).toBe(400);
    expect((await t.owner.get(`/api/tickets?updatedAfter=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`)).body.items).toEqual([]);
    void b;
  });

  it("upserts up to 100 contacts by email or external id, reporting each bad row without blocking the others", async () => {
    const t = await newTenant("business");
    const existing = (await t.owner.post("/api/contacts", { name: "Old Name", email: "old@shop.example", title: "keep me" })).body;
    const res = await t.owner.post("/api/contacts/bulk", {
      matchBy: "email",
      items: [
        { email: "OLD@shop.example", name: "New Name" },
        { email: "fresh@shop.example", name: "Fresh", phone: "+86 138 0013 8000" },
        { email: "bad@shop.example", name: "Bad phone", phone: "12" },
        { name: "No email" },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ created: 1, updated: 1, failed: 2 });
    expect(res.body.results.map((r: any) => r.status)).toEqual(["updated", "created", "error", "error"]);
    expect(res.body.results[2].error.fields).toHaveProperty("phone");
    expect(res.body.results[3].error.fields).toHaveProperty("email");
    const updated = (await t.owner.get(`/api/contacts/${existing.contactId}`)).body;
    expect(updated).toMatchObject({ name: "New Name", title: "keep me", version: 2 });
    expect((await t.owner.get("/api/workspace")).body.usage.contacts).toBe(2);

    const byExt = await t.owner.post("/api/contacts/bulk", { matchBy: "externalId", items: [{ externalId: "ERP-1", name: "From ERP" }, { externalId: "ERP-1", name: "From ERP, renamed" }] });
    expect(byExt.body.results.map((r: any) => r.status)).toEqual(["created", "updated"]);
    const again = await t.owner.post("/api/contacts/bulk", { matchBy: "externalId", items: [{ externalId: "ERP-1", name: "Third" }] });
    expect(again.body.results[0]).toMatchObject({ status: "updated", contactId: byExt.body.results[0].contactId, version: 3 });
    const dup = await t.owner.post("/api/contacts", { name: "Clash", externalId: "ERP-1" });
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe("contact.external_id_taken");
  });

  it("refuses more than 100 rows, and viewers cannot write", async () => {
    const t = await newTenant("business");
    const many = Array.from({ length: 101 }, (_, i) => ({ email: `p${i}@x.example`, name: `P${i}` }));
    const res = await t.owner.post("/api/contacts/bulk", { matchBy: "email", items: many });
    expect(res.status).toBe(400);
    expect(res.body.error.fields).toHaveProperty("items");
    const viewer = await addMember(t, "viewer");
    expect((await viewer.client.post("/api/contacts/bulk", { matchBy: "email", items: [{ email: "v@x.example", name: "V" }] })).status).toBe(403);
  });
});

describe("sync of companies and deals", () => {
  it("upserts companies by external id, or by name and domain as documented, one result per row", async () => {
    const t = await newTenant("business");
    const acme = (await t.owner.post("/api/companies", { name: "Acme  Trading", domain: "acme.example", industry: "retail" })).body;
    const bare = (await t.owner.post("/api/companies", { name: "Bare Co" })).body;
    // Names that merely start with a row's name are other companies.
    for (const name of ["Bare Co Holdings", "Bare Co!", "Bare Cobalt"]) await t.owner.post("/api/companies", { name });
    const res = await t.owner.post("/api/companies/bulk", {
      matchBy: "name",
      items: [
        { name: "ACME trading", domain: "ACME.example", phone: "+86 21 5555 0000" }, // same name once normalized, same domain
        { name: "Acme Trading", domain: "acme-cn.example" }, // another domain: another company
        { name: "bare co", industry: "services" }, // no domain matches the company without one
        { name: "Bad", domain: "not a domain" },
        { domain: "x.example" },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ created: 1, updated: 2, failed: 2 });
    expect(res.body.results.map((r: any) => r.status)).toEqual(["updated", "created", "updated", "error", "error"]);
    expect(res.body.results[0]).toMatchObject({ companyId: acme.companyId, version: 2 });
    expect(res.body.results[2]).toMatchObject({ companyId: bare.companyId });
    expect(res.body.results[3].error.fields).toHaveProperty("domain");
    expect(res.body.results[4].error.fields).toHaveProperty("name");
    expect((await t.owner.get(`/api/companies/${acme.companyId}`)).body).toMatchObject({ name: "ACME trading", industry: "retail", version: 2 });

    // Two companies fit one row: it is reported, never guessed.
    await t.owner.post("/api/companies", { name: "Twin" });
    await t.owner.post("/api/companies", { name: "twin" });
    const twin = await t.owner.post("/api/companies/bulk", { matchBy: "name", items: [{ name: "TWIN", industry: "x" }] });
    expect(twin.body.results[0]).toMatchObject({ status: "error", error: { code: "sync.ambiguous_match" } });

    const ext = await t.owner.post("/api/companies/bulk", { matchBy: "externalId", items: [{ externalId: "ERP-C1", name: "From ERP" }, { externalId: "ERP-C1", name: "From ERP, renamed" }, { name: "No id" }] });
    expect(ext.body.results.map((r: any) => r.status)).toEqual(["created", "updated", "error"]);
    const made = (await t.owner.get(`/api/companies/${ext.body.results[0].companyId}`)).body;
    expect(made).toMatchObject({ name: "From ERP, renamed", externalId: "ERP-C1", version: 2 });
    const clash = await t.owner.post("/api/companies", { name: "Clash", externalId: "ERP-C1" });
    expect(clash.status).toBe(409);
    expect(clash.body.error.code).toBe("company.external_id_taken");
    // Freed when the company is deleted.
    expect((await t.owner.del(`/api/companies/${made.companyId}`)).status).toBe(204);
    expect((await t.owner.post("/api/companies", { name: "Now free", externalId: "ERP-C1" })).status).toBe(201);

    const many = Array.from({ length: 101 }, (_, i) => ({ name: `C${i}` }));
    expect((await t.owner.post("/api/companies/bulk", { matchBy: "name", items: many })).status).toBe(400);
    expect((await t.owner.post("/api/companies/bulk", { matchBy: "email", items: [{ name: "x" }] })).status).toBe(400);
    const viewer = await addMember(t, "viewer");
    expect((await viewer.client.post("/api/companies/bulk", { matchBy: "name", items: [{ name: "V" }] })).status).toBe(403);
  });

  it("upserts deals (orders) by external id: creates, updates, moves to won with a reason, and reports bad rows", async () => {
    const t = await newTenant("business");
    const p = (await t.owner.post("/api/pipelines", { name: "Orders" })).body;
    const won = p.stages.find((s: any) => s.kind === "won").stageId;
    const other = (await t.owner.post("/api/pipelines", { name: "Other" })).body;
    const first = await t.owner.post("/api/deals/bulk", {
      items: [
        { externalId: "SO-1", pipelineId: p.pipelineId, title: "Order 1", amount: 10000 },
        { externalId: "SO-2", pipelineId: p.pipelineId, title: "Order 2", amount: -5 },
        { pipelineId: p.pipelineId, title: "No id" },
        { externalId: "SO-3", title: "No pipeline" },
      ],
    });
    expect(first.status).toBe(200);
    expect(first.body.results.map((r: any) => r.status)).toEqual(["created", "error", "error", "error"]);
    expect(first.body.results[1].error.fields).toHaveProperty("amount");
    expect(first.body.results[2].error.fields).toHaveProperty("externalId");
    expect(first.body.results[3].error.fields).toHaveProperty("pipelineId");
    const dealId = first.body.results[0].dealId;

    const second = await t.owner.post("/api/deals/bulk", {
      matchBy: "externalId",
      items: [
        { externalId: "SO-1", amount: 12000, tags: ["shop"] },
        { externalId: "SO-1", stageId: won }, // won needs a reason
        { externalId: "SO-1", stageId: won, reason: "Paid", title: "Order 1 (paid)" },
        { externalId: "SO-1", pipelineId: other.pipelineId },
      ],
    });
    expect(second.body.results.map((r: any) => r.status)).toEqual(["updated", "error", "updated", "error"]);
    expect(second.body.results[1].error.code).toBe("deal.reason_required");
    expect(second.body.results[3].error.fields).toHaveProperty("pipelineId");
    const deal = (await t.owner.get(`/api/deals/${dealId}`)).body;
    expect(deal).toMatchObject({ externalId: "SO-1", amount: 12000, tags: ["shop"], status: "won", wonReason: "Paid", title: "Order 1 (paid)", version: second.body.results[2].version });
    expect(deal.history.map((h: any) => h.toStageId)).toContain(won);

    const dup = await t.owner.post("/api/deals", { pipelineId: p.pipelineId, title: "Clash", externalId: "SO-1" });
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe("deal.external_id_taken");
    // Another workspace has its own external ids.
    const u = await newTenant("business");
    const up = (await u.owner.post("/api/pipelines", { name: "Theirs" })).body;
    const theirs = await u.owner.post("/api/deals/bulk", { items: [{ externalId: "SO-1", pipelineId: up.pipelineId, title: "Theirs" }] });
    expect(theirs.body.results[0].status).toBe("created");
    const viewer = await addMember(t, "viewer");
    expect((await viewer.client.post("/api/deals/bulk", { items: [{ externalId: "SO-9", pipelineId: p.pipelineId, title: "V" }] })).status).toBe(403);
  });

  it("pulls changed deals and leads incrementally with updatedAfter and a stable cursor", async () => {
    const t = await newTenant("business");
    const p = (await t.owner.post("/api/pipelines", { name: "Pull" })).body;
    let clock = new Date("2026-04-01T08:00:00Z");
    setPorts({ clock: { now: () => clock } });
    try {
      const deals = [];
      const leads = [];
      for (let i = 0; i < 4; i++) {
        clock = new Date(clock.getTime() + 60_000);
        deals.push((await t.owner.post("/api/deals", { pipelineId: p.pipelineId, title: `Deal ${i}` })).body);
        leads.push((await t.owner.post("/api/leads", { name: `Lead ${i}` })).body);
      }
      const mark = deals[0].updatedAt;
      const first = await t.owner.get(`/api/deals?updatedAfter=${encodeURIComponent(mark)}&limit=2`);
      expect(first.status).toBe(200);
      expect(first.body.items.map((d: any) => d.title)).toEqual(["Deal 1", "Deal 2"]);
      clock = new Date(clock.getTime() + 60_000);
      expect((await t.owner.patch(`/api/deals/${deals[1].dealId}`, { version: 1, amount: 500 })).status).toBe(200);
      const second = await t.owner.get(`/api/deals?updatedAfter=${encodeURIComponent(mark)}&limit=2&cursor=${encodeURIComponent(first.body.cursor)}`);
      expect(second.body.items.map((d: any) => d.title)).toEqual(["Deal 3", "Deal 1"]);
      const newest = await t.owner.get("/api/deals?limit=2");
      expect(newest.body.items.map((d: any) => d.title)).toEqual(["Deal 1", "Deal 3"]);

      const lmark = leads[1].updatedAt;
      const lp = await t.owner.get(`/api/leads?updatedAfter=${encodeURIComponent(lmark)}&limit=1`);
      expect(lp.status).toBe(200);
      expect(lp.body.items.map((l: any) => l.name)).toEqual(["Lead 2"]);
      clock = new Date(clock.getTime() + 60_000);
      expect((await t.owner.patch(`/api/leads/${leads[0].leadId}`, { version: leads[0].version, status: "working" })).status).toBe(200);
      const lp2 = await t.owner.get(`/api/leads?updatedAfter=${encodeURIComponent(lmark)}&limit=5&cursor=${encodeURIComponent(lp.body.cursor)}`);
      expect(lp2.body.items.map((l: any) => l.name)).toEqual(["Lead 3", "Lead 0"]);
      const working = await t.owner.get(`/api/leads?updatedAfter=${encodeURIComponent(lmark)}&status=working`);
      expect(working.body.items.map((l: any) => l.name)).toEqual(["Lead 0"]);
      expect((await t.owner.get(`/api/leads?updatedAfter=${encodeURIComponent(lmark)}&q=lead`)).status).toBe(400);
      expect((await t.owner.get("/api/leads?updatedAfter=yesterday")).status).toBe(400);
      expect((await t.owner.get("/api/deals?updatedAfter=yesterday")).status).toBe(400);

      // Members pull only what they may see; another workspace sees none of it.
      const member = await addMember(t, "member");
      expect((await member.client.get(`/api/deals?updatedAfter=${encodeURIComponent(mark)}`)).body.items).toEqual([]);
      const u = await newTenant("business");
      expect((await u.owner.get(`/api/deals?updatedAfter=${encodeURIComponent(mark)}`)).body.items).toEqual([]);
    } finally {
      setPorts({ clock: systemClock });
    }
  });
});
