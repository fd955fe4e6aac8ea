import { describe, expect, it } from "vitest";
import { addMember, newTenant } from "../support/api";

describe("layouts", () => {
  it("arranges fields in sections with quick entry, and hides fields from roles in reads and writes", async () => {
    const t = await newTenant("business");
    const member = await addMember(t, "member");
    for (const key of ["region", "margin"]) {
      const res = await t.owner.post("/api/custom-fields", { objectType: "contact", key, type: "text", labels: { en: key } });
      expect(res.status).toBe(201);
    }
    const initial = await t.owner.get("/api/layouts/contact");
    expect(initial.status).toBe(200);
    expect(initial.body.version).toBe(0);
    expect(initial.body.sections[0].fields).toEqual(expect.arrayContaining(["name", "email", "region", "margin"]));

    const layout = {
      version: 0,
      sections: [
        { id: "basics", labels: { en: "Basics", "zh-CN": "基本信息" }, fields: ["name", "phone", "region"] },
        { id: "finance", labels: { en: "Finance", "zh-CN": "财务" }, fields: ["margin"] },
      ],
      quickEntry: ["name", "phone", "region"],
      hidden: { margin: ["member", "viewer"] },
    };
    const saved = await t.owner.put("/api/layouts/contact", layout);
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body).toMatchObject({ version: 1, quickEntry: ["name", "phone", "region"], hidden: { margin: ["member", "viewer"] } });
    expect((await t.owner.put("/api/layouts/contact", layout)).status).toBe(409);
    const bad = await t.owner.put("/api/layouts/contact", { ...layout, version: 1, quickEntry: ["nope"], hidden: { name: ["member"] } });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.fields).sort()).toEqual(["hidden.name", "quickEntry.0"]);
    expect((await t.owner.get("/api/layouts/planet")).status).toBe(404);
    expect((await member.client.put("/api/layouts/contact", { ...layout, version: 1 })).status).toBe(403);

    // The owner writes both; the member sees and writes only the visible one, and keeps the hidden value intact.
    const c = await t.owner.post("/api/contacts", { name: "Layout Person", shared: true, custom: { region: "华东", margin: "35%" } });
    expect(c.body.custom).toEqual({ region: "华东", margin: "35%" });
    const seen = await member.client.get(`/api/contacts/${c.body.contactId}`);
    expect(seen.body.custom).toEqual({ region: "华东" });
    const fields = await member.client.get("/api/custom-fields?object=contact");
    expect(fields.body.items.map((f: any) => f.key)).toEqual(["region"]);
    const memberLayout = await member.client.get("/api/layouts/contact");
    expect(JSON.stringify(memberLayout.body)).not.toContain("margin");
    const refused = await member.client.patch(`/api/contacts/${c.body.contactId}`, { version: 1, custom: { margin: "0%" } });
    expect(refused.status).toBe(400);
    expect(refused.body.error.fields).toEqual({ "custom.margin": "Unknown field." });
    const edited = await member.client.patch(`/api/contacts/${c.body.contactId}`, { version: 1, custom: { region: "华南" } });
    expect(edited.status).toBe(200);
    expect(edited.body.custom).toEqual({ region: "华南" });
    expect((await t.owner.get(`/api/contacts/${c.body.contactId}`)).body.custom).toEqual({ region: "华南", margin: "35%" });
  });
});
