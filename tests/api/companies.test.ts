import { describe, expect, it } from "vitest";
import { newTenant } from "../support/api";

describe("companies", () => {
  it("creates companies, links contacts, lists and searches them", async () => {
    const { owner } = await newTenant();
    const acme = (await owner.post("/api/companies", { name: "阿里巴巴 Alibaba", domain: "Alibaba.com", tags: ["key-account"] })).body;
    const beta = (await owner.post("/api/companies", { name: "Beta Ltd" })).body;
    expect(acme.domain).toBe("alibaba.com");
    const c1 = (await owner.post("/api/contacts", { name: "Ma", companyId: acme.companyId })).body;
    await owner.post("/api/contacts", { name: "Other" });
    expect((await owner.post("/api/contacts", { name: "Bad", companyId: "nope" })).status).toBe(400);
    const contacts = await owner.get(`/api/companies/${acme.companyId}/contacts`);
    expect(contacts.body.items.map((c: any) => c.contactId)).toEqual([c1.contactId]);
    expect((await owner.get("/api/companies?sort=name")).body.items.map((c: any) => c.name)).toEqual(["beta ltd", "阿里巴巴 alibaba"].map((n) => (n === "beta ltd" ? "Beta Ltd" : "阿里巴巴 Alibaba")));
    expect((await owner.get("/api/companies?q=alibaba")).body.items.map((c: any) => c.companyId)).toEqual([acme.companyId]);
    expect((await owner.get("/api/companies?q=阿里")).body.items.map((c: any) => c.companyId)).toEqual([acme.companyId]);
    expect((await owner.get("/api/companies?tag=key-account")).body.items.map((c: any) => c.companyId)).toEqual([acme.companyId]);
    // Search and filters together: the tag narrows the hits.
    await owner.post("/api/companies", { name: "Alibaba Cloud" });
    expect((await owner.get("/api/companies?q=alibaba")).body.items).toHaveLength(2);
    expect((await owner.get("/api/companies?q=alibaba&tag=key-account")).body.items.map((c: any) => c.companyId)).toEqual([acme.companyId]);
    const updated = await owner.patch(`/api/companies/${beta.companyId}`, { version: 1, name: "Beta Group" });
    expect(updated.body.name).toBe("Beta Group");
    expect((await owner.get("/api/companies?q=group")).body.items.map((c: any) => c.companyId)).toEqual([beta.companyId]);
    expect((await owner.get("/api/companies?q=ltd")).body.items).toEqual([]);
    expect((await owner.del(`/api/companies/${beta.companyId}`)).status).toBe(204);
    expect((await owner.get("/api/workspace")).body.usage.companies).toBe(2);
  });

  it("unlinks the contacts of a deleted company and keeps them", async () => {
    const { owner } = await newTenant();
    const co = (await owner.post("/api/companies", { name: "Gone Ltd" })).body;
    const people = await Promise.all([1, 2, 3].map((i) => owner.post("/api/contacts", { name: `P${i}`, companyId: co.companyId })));
    expect((await owner.del(`/api/companies/${co.companyId}`)).status).toBe(204);
    for (const p of people) {
      const c = (await owner.get(`/api/contacts/${p.body.contactId}`)).body;
      expect(c.companyId).toBeUndefined();
      expect(c.version).toBe(p.body.version + 1);
      expect((await owner.patch(`/api/contacts/${c.contactId}`, { version: c.version, name: `${c.name}!` })).status).toBe(200);
    }
    expect((await owner.get(`/api/companies/${co.companyId}/contacts`)).status).toBe(404);
  });

  it("paginates with a cursor, by name and by last update", async () => {
    const { owner } = await newTenant();
    for (const n of ["Delta", "alpha", "Charlie", "bravo", "Echo"]) await owner.post("/api/contacts", { name: n });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await owner.get(`/api/contacts?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items.map((c: any) => c.name));
      cursor = page.body.cursor;
    } while (cursor);
    expect(seen).toEqual(["alpha", "bravo", "Charlie", "Delta", "Echo"]);
    const recent = await owner.get("/api/contacts?sort=updated&limit=1");
    expect(recent.body.items[0].name).toBe("Echo");
  });

  it("never loses an update: concurrent edits with the same version get one winner and 409s", async () => {
    const { owner } = await newTenant();
    const c = (await owner.post("/api/contacts", { name: "Contended" })).body;
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => owner.patch(`/api/contacts/${c.contactId}`, { version: 1, title: `T${i}` })));
    const ok = results.filter((r) => r.status === 200);
    expect(ok).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(7);
    const now = (await owner.get(`/api/contacts/${c.contactId}`)).body;
    expect(now.title).toBe(ok[0].body.title);
    expect(now.version).toBe(2);
  });

  it("records an audit entry with the changed fields for each write", async () => {
    const { owner } = await newTenant("team");
    const c = (await owner.post("/api/contacts", { name: "Audited", email: "a@audit.example" })).body;
    await owner.patch(`/api/contacts/${c.contactId}`, { version: 1, email: "b@audit.example" });
    const log = await owner.get(`/api/audit?recordId=${c.contactId}`);
    expect(log.body.items.map((e: any) => e.action)).toEqual(["contact.updated", "contact.created"]);
    expect(log.body.items[0].changes.email).toEqual({ from: "a@audit.example", to: "b@audit.example" });
    expect(log.body.items[0].actorType).toBe("user");
  });
});
