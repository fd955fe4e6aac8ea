import { describe, expect, it } from "vitest";
import { newTenant } from "../support/api";

describe("contacts", () => {
  it("creates, reads, lists, searches, updates and deletes a contact", async () => {
    const { owner } = await newTenant();
    const created = await owner.post("/api/contacts", { name: "张伟", email: "Zhang.Wei@Example.com", phone: "138 0013 8000", tags: ["vip"] });
    expect(created.status).toBe(201);
    expect(created.body.email).toBe("zhang.wei@example.com");
    expect(created.body.phone).toBe("+8613800138000");
    const id = created.body.contactId;

    expect((await owner.get(`/api/contacts/${id}`)).body.name).toBe("张伟");
    const list = await owner.get("/api/contacts?sort=name");
    expect(list.body.items.map((c: any) => c.contactId)).toEqual([id]);

    for (const q of ["张", "zhang.wei", "1380013", "86138"]) {
      const found = await owner.get(`/api/contacts?q=${encodeURIComponent(q)}`);
      expect(found.body.items.map((c: any) => c.contactId), q).toEqual([id]);
    }

    const updated = await owner.patch(`/api/contacts/${id}`, { version: 1, title: "CEO" });
    expect(updated.status).toBe(200);
    expect(updated.body.version).toBe(2);
    const stale = await owner.patch(`/api/contacts/${id}`, { version: 1, title: "CTO" });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe("conflict");

    expect((await owner.del(`/api/contacts/${id}`)).status).toBe(204);
    expect((await owner.get(`/api/contacts/${id}`)).status).toBe(404);
    expect((await owner.get(`/api/contacts?q=zhang`)).body.items).toEqual([]);
  });

  it("keeps emails unique within a tenant", async () => {
    const { owner } = await newTenant();
    expect((await owner.post("/api/contacts", { name: "A", email: "same@example.com" })).status).toBe(201);
    const dup = await owner.post("/api/contacts", { name: "B", email: "SAME@example.com" });
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe("contact.email_taken");
    const other = await newTenant();
    expect((await other.owner.post("/api/contacts", { name: "C", email: "same@example.com" })).status).toBe(201);
  });
});
