import { beforeAll, describe, expect, it } from "vitest";
import { addMember, newTenant, unique } from "../support/api";

/** Layouts of custom objects (#7 item 3): sections, quick entry and hidden fields, as for the built-in objects. */
type T = Awaited<ReturnType<typeof newTenant>>;
let t: T;
let member: Awaited<ReturnType<typeof addMember>>;
let companyId: string;

const project = {
  key: "project",
  labels: { singular: { en: "Project", "zh-CN": "项目" }, plural: { en: "Projects", "zh-CN": "项目" } },
  relations: [
    { key: "customer", labels: { en: "Customer", "zh-CN": "客户" }, target: "company" },
    { key: "people", labels: { en: "People", "zh-CN": "联系人" }, target: "contact", many: true },
  ],
};

const layout = {
  version: 0,
  sections: [
    { id: "basics", labels: { en: "Basics", "zh-CN": "基本信息" }, fields: ["name", "relations.customer", "phase"] },
    { id: "money", labels: { en: "Money", "zh-CN": "财务" }, fields: ["budget", "margin", "relations.people"] },
  ],
  quickEntry: ["name", "phase"],
  hidden: { margin: ["member", "viewer"] },
};

beforeAll(async () => {
  t = await newTenant("business");
  member = await addMember(t, "member");
  companyId = (await t.owner.post("/api/companies", { name: `Project Co ${unique()}`, shared: true })).body.companyId;
  expect((await t.owner.post("/api/objects", project)).status).toBe(201);
  const fields = [
    { key: "phase", type: "single_select", labels: { en: "Phase", "zh-CN": "阶段" }, validation: { options: [{ key: "plan", labels: { en: "Plan" } }, { key: "build", labels: { en: "Build" } }] } },
    { key: "budget", type: "number", labels: { en: "Budget", "zh-CN": "预算" }, required: true, validation: { min: 0 } },
    { key: "margin", type: "text", labels: { en: "Margin", "zh-CN": "毛利" } },
  ];
  for (const f of fields) {
    const res = await t.owner.post("/api/custom-fields", { objectType: "obj_project", ...f });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  }
});

describe("custom object layouts", () => {
  it("defaults to every field in one section (name, relations, custom fields) with the name and required fields on quick entry", async () => {
    const other = await newTenant("business");
    expect((await other.owner.post("/api/objects", { ...project, key: "fresh" })).status).toBe(201);
    await other.owner.post("/api/custom-fields", { objectType: "obj_fresh", key: "size", type: "number", labels: { en: "Size" }, required: true });
    await other.owner.post("/api/custom-fields", { objectType: "obj_fresh", key: "note", type: "text", labels: { en: "Note" } });
    const res = await other.owner.get("/api/layouts/obj_fresh");
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ objectType: "obj_fresh", version: 0, hidden: {}, quickEntry: ["name", "size"] });
    expect(res.body.sections).toHaveLength(1);
    expect(res.body.sections[0].fields).toEqual(["name", "relations.customer", "relations.people", "size", "note"]);
  });

  it("saves and reads a layout with sections, quick entry and hidden fields; stale saves 409; unknown references 400", async () => {
    const saved = await t.owner.put("/api/layouts/obj_project", layout);
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body).toMatchObject({ objectType: "obj_project", version: 1, quickEntry: ["name", "phase"], hidden: { margin: ["member", "viewer"] } });
    const read = await t.owner.get("/api/layouts/obj_project");
    expect(read.body.sections.map((s: { id: string; fields: string[] }) => [s.id, s.fields])).toEqual([
      ["basics", ["name", "relations.customer", "phase"]],
      ["money", ["budget", "margin", "relations.people"]],
    ]);
    expect((await t.owner.put("/api/layouts/obj_project", layout)).status).toBe(409);

    const bad = await t.owner.put("/api/layouts/obj_project", {
      ...layout, version: 1,
      sections: [{ id: "main", labels: { en: "Main" }, fields: ["name", "relations.nope", "email", "name"] }],
      quickEntry: ["relations.ghost"], hidden: { name: ["member"], budget: ["member"] },
    });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.fields).sort()).toEqual(["hidden.name", "quickEntry.0", "sections.0.fields.1", "sections.0.fields.2", "sections.0.fields.3"]);
    // A relation key written like a field path of a built-in object is no field there.
    const contactBad = await t.owner.put("/api/layouts/contact", { ...layout, sections: [{ id: "main", labels: { en: "Main" }, fields: ["name", "relations.customer"] }], quickEntry: [], hidden: {} });
    expect(contactBad.status).toBe(400);
    expect(contactBad.body.error.fields).toHaveProperty("sections.0.fields.1");
    expect((await member.client.put("/api/layouts/obj_project", { ...layout, version: 1 })).status).toBe(403);
    expect((await t.owner.get("/api/layouts/obj_project")).body.version).toBe(1);
  });

  it("answers an unknown, malformed or another workspace's object with the same 404", async () => {
    const other = await newTenant("business");
    expect((await other.owner.post("/api/objects", { ...project, key: "hidden_thing" })).status).toBe(201);
    const unknown = await t.owner.get("/api/layouts/obj_nothing");
    expect(unknown.status).toBe(404);
    for (const path of ["/api/layouts/obj_hidden_thing", "/api/layouts/obj_X", "/api/layouts/obj_contact", "/api/layouts/project"]) {
      const res = await t.owner.get(path);
      expect(res.status, path).toBe(404);
      expect(res.body, path).toEqual(unknown.body);
      const put = await t.owner.put(path, layout);
      expect(put.status, path).toBe(404);
      expect(put.body, path).toEqual(unknown.body);
    }
    // Its own object is there for the other workspace.
    expect((await other.owner.get("/api/layouts/obj_hidden_thing")).status).toBe(200);
  });

  it("needs the customObjects feature for an object's layout", async () => {
    const other = await newTenant("business");
    expect((await other.owner.post("/api/objects", { ...project, key: "shop" })).status).toBe(201);
    const res = await other.owner.call("PUT", `/api/platform/tenants/${other.slug}/plan`, { plan: "team" }, { "x-platform-secret": "test-platform-secret" });
    expect(res.status).toBe(200);
    const locked = await other.owner.get("/api/layouts/obj_shop");
    expect(locked.status).toBe(403);
    expect(locked.body.error.code).toBe("plan.feature_unavailable");
    expect((await other.owner.get("/api/layouts/contact")).status).toBe(200);
  });

  it("neither shows nor accepts a field hidden from members on records, and keeps its value", async () => {
    const created = await t.owner.post("/api/objects/project/records", { name: "Bridge", custom: { phase: "plan", budget: 1000, margin: "30%" }, relations: { customer: [companyId] } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.custom).toEqual({ phase: "plan", budget: 1000, margin: "30%" });
    const id = created.body.recordId;

    const seen = await member.client.get(`/api/objects/project/records/${id}`);
    expect(seen.status).toBe(200);
    expect(seen.body.custom).toEqual({ phase: "plan", budget: 1000 });
    const listed = await member.client.get("/api/objects/project/records");
    expect(listed.body.items.find((r: { recordId: string }) => r.recordId === id).custom).toEqual({ phase: "plan", budget: 1000 });
    const fields = await member.client.get("/api/custom-fields?object=obj_project");
    expect(fields.body.items.map((f: { key: string }) => f.key)).toEqual(["phase", "budget"]);
    const memberLayout = await member.client.get("/api/layouts/obj_project");
    expect(memberLayout.status).toBe(200);
    expect(JSON.stringify(memberLayout.body)).not.toContain("margin");
    expect(memberLayout.body.sections[1].fields).toEqual(["budget", "relations.people"]);

    // Refused exactly as on contacts: the hidden field is unknown to the member.
    const refused = await member.client.patch(`/api/objects/project/records/${id}`, { version: 1, custom: { margin: "0%" } });
    expect(refused.status).toBe(400);
    expect(refused.body.error.fields).toEqual({ "custom.margin": "Unknown field." });
    const refusedCreate = await member.client.post("/api/objects/project/records", { name: "Sneaky", custom: { budget: 5, margin: "99%" } });
    expect(refusedCreate.status).toBe(400);
    expect(refusedCreate.body.error.fields).toEqual({ "custom.margin": "Unknown field." });

    const edited = await member.client.patch(`/api/objects/project/records/${id}`, { version: 1, custom: { phase: "build" } });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    expect(edited.body.custom).toEqual({ phase: "build", budget: 1000 });
    const full = await t.owner.get(`/api/objects/project/records/${id}`);
    expect(full.body.custom).toEqual({ phase: "build", budget: 1000, margin: "30%" });
    expect(full.body.version).toBe(2);

    // Stale version → 409, nothing changed.
    const stale = await member.client.patch(`/api/objects/project/records/${id}`, { version: 1, custom: { phase: "plan" } });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe("conflict");
    expect((await t.owner.get(`/api/objects/project/records/${id}`)).body).toMatchObject({ version: 2, custom: { phase: "build" } });
  });

  it("enforces required fields in the API (400 naming the field), whatever the quick-entry form shows", async () => {
    // budget is required but not on the quick-entry form: the API insists anyway.
    const missing = await member.client.post("/api/objects/project/records", { name: "Quick one", custom: { phase: "plan" } });
    expect(missing.status).toBe(400);
    expect(missing.body.error.fields).toEqual({ "custom.budget": expect.any(String) });
    const wrong = await t.owner.post("/api/objects/project/records", { name: "Wrong one", custom: { budget: -1, phase: "nope" } });
    expect(wrong.status).toBe(400);
    expect(Object.keys(wrong.body.error.fields).sort()).toEqual(["custom.budget", "custom.phase"]);
    const ok = await member.client.post("/api/objects/project/records", { name: "Quick two", custom: { budget: 10 } });
    expect(ok.status).toBe(201);
    const cleared = await member.client.patch(`/api/objects/project/records/${ok.body.recordId}`, { version: 1, custom: { budget: null } });
    expect(cleared.status).toBe(400);
    expect(cleared.body.error.fields).toHaveProperty("custom.budget");
    expect((await member.client.get(`/api/objects/project/records/${ok.body.recordId}`)).body).toMatchObject({ version: 1, custom: { budget: 10 } });
  });

  it("drops a deleted field from a saved layout, so the layout saves again as read", async () => {
    const other = await newTenant("business");
    expect((await other.owner.post("/api/objects", { ...project, key: "site" })).status).toBe(201);
    const gone = await other.owner.post("/api/custom-fields", { objectType: "obj_site", key: "gone", type: "text", labels: { en: "Gone" } });
    await other.owner.post("/api/custom-fields", { objectType: "obj_site", key: "kept", type: "text", labels: { en: "Kept" } });
    const first = await other.owner.put("/api/layouts/obj_site", {
      version: 0, sections: [{ id: "main", labels: { en: "Main" }, fields: ["gone", "name", "kept"] }], quickEntry: ["gone", "name"], hidden: { gone: ["viewer"] },
    });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect((await other.owner.del(`/api/custom-fields/${gone.body.fieldId}`)).status).toBe(200);
    const read = await other.owner.get("/api/layouts/obj_site");
    expect(read.body.sections[0].fields).toEqual(["name", "kept", "relations.customer", "relations.people"]);
    expect(read.body.quickEntry).toEqual(["name"]);
    expect(read.body.hidden).toEqual({});
    const again = await other.owner.put("/api/layouts/obj_site", { version: read.body.version, sections: read.body.sections, quickEntry: read.body.quickEntry, hidden: read.body.hidden });
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    expect(again.body.version).toBe(2);
  });
});
