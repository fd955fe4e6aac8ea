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
