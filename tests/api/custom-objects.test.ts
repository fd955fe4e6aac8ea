import { beforeAll, describe, expect, it } from "vitest";
import { addMember, allPages, newTenant, unique } from "../support/api";

let t: Awaited<ReturnType<typeof newTenant>>;
let companyId: string;
let contactId: string;

const store = {
  key: "store",
  labels: { singular: { en: "Store", "zh-CN": "门店" }, plural: { en: "Stores", "zh-CN": "门店" } },
  description: "Shops we supply",
  nameLabel: { en: "Store name", "zh-CN": "门店名称" },
  relations: [
    { key: "customer", labels: { en: "Customer", "zh-CN": "客户" }, target: "company" },
    { key: "contacts", labels: { en: "Contacts", "zh-CN": "联系人" }, target: "contact", many: true },
  ],
};

beforeAll(async () => {
  t = await newTenant("business");
  companyId = (await t.owner.post("/api/companies", { name: `Store Co ${unique()}` })).body.companyId;
  contactId = (await t.owner.post("/api/contacts", { name: `Store Manager ${unique()}` })).body.contactId;
});

describe("custom objects", () => {
  it("defines an object with fields, and refuses bad, reserved and taken keys", async () => {
    const created = await t.owner.post("/api/objects", store);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ objectKey: "store", objectType: "obj_store", records: 0, version: 1 });
    expect(created.body.relations[0]).toMatchObject({ key: "customer", target: "company", many: false });
    expect((await t.owner.post("/api/objects", store)).body.error.code).toBe("object.key_taken");
    for (const key of ["contact", "Store", "1x", "x", "a-b"]) {
      const bad = await t.owner.post("/api/objects", { ...store, key });
      expect(bad.status, key).toBe(400);
      expect(bad.body.error.fields).toHaveProperty("key");
    }
    const dupRel = await t.owner.post("/api/objects", { ...store, key: "dup_rel", relations: [store.relations[0], store.relations[0]] });
    expect(dupRel.status).toBe(400);
    expect(dupRel.body.error.fields).toHaveProperty("relations.1.key");

    const field = await t.owner.post("/api/custom-fields", { objectType: "obj_store", key: "area", type: "number", labels: { en: "Area", "zh-CN": "面积" }, required: true, validation: { min: 1 } });
    expect(field.status).toBe(201);
    const region = await t.owner.post("/api/custom-fields", { objectType: "obj_store", key: "region", type: "single_select", labels: { en: "Region" }, validation: { options: [{ key: "north", labels: { en: "North" } }, { key: "south", labels: { en: "South" } }] } });
    expect(region.status).toBe(201);
    const unknownObject = await t.owner.post("/api/custom-fields", { objectType: "obj_nothing", key: "x", type: "text", labels: { en: "X" } });
    expect(unknownObject.status).toBe(400);
    expect(unknownObject.body.error.fields).toHaveProperty("objectType");
    const fields = await t.owner.get("/api/custom-fields?object=obj_store");
    expect(fields.body.items.map((f: { key: string }) => f.key)).toEqual(["area", "region"]);

    const list = await t.owner.get("/api/objects");
    expect(list.body.items.map((o: { objectKey: string }) => o.objectKey)).toEqual(["store"]);
    expect(list.body.limit).toBe(10);
  });

  it("enforces required and valid custom values (400 naming custom.<key>), then creates, reads, edits and deletes records", async () => {
    const missing = await t.owner.post("/api/objects/store/records", { name: "Missing area" });
    expect(missing.status).toBe(400);
    expect(missing.body.error.fields).toHaveProperty("custom.area");
    const wrong = await t.owner.post("/api/objects/store/records", { name: "Wrong", custom: { area: "big", region: "west" } });
    expect(wrong.status).toBe(400);
    expect(Object.keys(wrong.body.error.fields)).toEqual(expect.arrayContaining(["custom.area", "custom.region"]));
    const unknownRel = await t.owner.post("/api/objects/store/records", { name: "Rel", custom: { area: 10 }, relations: { nope: [companyId] } });
    expect(unknownRel.body.error.fields).toHaveProperty("relations.nope");
    const twoForOne = await t.owner.post("/api/objects/store/records", { name: "Rel", custom: { area: 10 }, relations: { customer: [companyId, contactId] } });
    expect(twoForOne.body.error.fields).toHaveProperty("relations.customer");
    const missingCompany = await t.owner.post("/api/objects/store/records", { name: "Rel", custom: { area: 10 }, relations: { customer: ["0000000000000nonexistent"] } });
    expect(missingCompany.status).toBe(400);
    expect(missingCompany.body.error.fields).toHaveProperty("relations.customer");
    expect((await t.owner.get("/api/objects/store")).body.records).toBe(0);

    const created = await t.owner.post("/api/objects/store/records", { name: "徐汇店", custom: { area: 120, region: "south" }, relations: { customer: [companyId], contacts: [contactId] } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: "徐汇店", custom: { area: 120, region: "south" }, relations: { customer: [companyId], contacts: [contactId] }, version: 1 });
    const id = created.body.recordId;
    const read = await t.owner.get(`/api/objects/store/records/${id}`);
    expect(read.body.related.map((r: { type: string; id: string }) => `${r.type}:${r.id}`).sort()).toEqual([`company:${companyId}`, `contact:${contactId}`].sort());
    expect((await t.owner.get("/api/objects/store")).body.records).toBe(1);

    const edited = await t.owner.patch(`/api/objects/store/records/${id}`, { version: 1, name: "徐汇旗舰店", custom: { area: 150 } });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ name: "徐汇旗舰店", custom: { area: 150, region: "south" }, version: 2 });
    const stale = await t.owner.patch(`/api/objects/store/records/${id}`, { version: 1, name: "Lost" });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe("conflict");
    const cleared = await t.owner.patch(`/api/objects/store/records/${id}`, { version: 2, custom: { area: null } });
    expect(cleared.status).toBe(400);
    expect(cleared.body.error.fields).toHaveProperty("custom.area");

    expect((await t.owner.del(`/api/objects/store/records/${id}`)).status).toBe(204);
    expect((await t.owner.get(`/api/objects/store/records/${id}`)).status).toBe(404);
    expect((await t.owner.get("/api/objects/store")).body.records).toBe(0);
    expect((await t.owner.get(`/api/objects/store/records?relatedType=company&relatedId=${companyId}`)).body.items).toEqual([]);
  });

  it("lists by name in pages, finds by name prefix and pinyin, and lists the records related to a company", async () => {
    const other = (await t.owner.post("/api/companies", { name: `Other Co ${unique()}` })).body.companyId;
    const names = ["Alpha", "Bravo", "Charlie", "Delta", "静安店"];
    for (const [i, name] of names.entries()) {
      const res = await t.owner.post("/api/objects/store/records", { name, custom: { area: 10 + i }, relations: { customer: [i % 2 === 0 ? companyId : other] } });
      expect(res.status).toBe(201);
    }
    const first = await t.owner.get("/api/objects/store/records?limit=2");
    expect(first.body.items.map((r: { name: string }) => r.name)).toEqual(["Alpha", "Bravo"]);
    const second = await t.owner.get(`/api/objects/store/records?limit=2&cursor=${encodeURIComponent(first.body.cursor)}`);
    expect(second.body.items.map((r: { name: string }) => r.name)).toEqual(["Charlie", "Delta"]);
    expect((await t.owner.get("/api/objects/store/records?cursor=bogus")).status).toBe(400);

    expect((await t.owner.get("/api/objects/store/records?q=cha")).body.items.map((r: { name: string }) => r.name)).toEqual(["Charlie"]);
    expect((await t.owner.get("/api/objects/store/records?q=jingan")).body.items.map((r: { name: string }) => r.name)).toEqual(["静安店"]);

    // A search pages with its cursor through every match, each record once though it has several matching terms.
    const echoes = ["Echo", "Echo Echo", "Echo Lake", "Echo Park Echo"];
    for (const name of echoes) expect((await t.owner.post("/api/objects/store/records", { name, custom: { area: 1 }, relations: { customer: [other] } })).status).toBe(201);
    const found = await allPages<{ name: string }>(t.owner, "/api/objects/store/records?q=echo", 2, undefined, 20);
    expect(found.map((r) => r.name).sort()).toEqual([...echoes].sort());
    expect((await t.owner.get("/api/objects/store/records?q=echo&cursor=bogus")).status).toBe(400);

    const related = await t.owner.get(`/api/objects/store/records?relatedType=company&relatedId=${companyId}`);
    expect(related.body.items.map((r: { name: string }) => r.name).sort()).toEqual(["Alpha", "Charlie", "静安店"].sort());
    const half = await t.owner.get(`/api/objects/store/records?relatedType=company`);
    expect(half.status).toBe(400);
    expect(half.body.error.fields).toHaveProperty("relatedId");
  });

  it("puts record events on the related company's and the record's timelines", async () => {
    const company = (await t.owner.post("/api/companies", { name: `Timeline Co ${unique()}` })).body.companyId;
    const rec = (await t.owner.post("/api/objects/store/records", { name: "Timeline Store", custom: { area: 5 }, relations: { customer: [company] } })).body;
    await t.owner.patch(`/api/objects/store/records/${rec.recordId}`, { version: 1, name: "Timeline Store 2" });
    const timeline = await t.owner.get(`/api/companies/${company}/timeline`);
    const entries = timeline.body.items.filter((e: { type: string }) => e.type.startsWith("object_record."));
    expect(entries.map((e: { type: string; summary: string }) => [e.type, e.summary])).toEqual([
      ["object_record.updated", "Timeline Store 2"],
      ["object_record.created", "Timeline Store"],
    ]);
    const own = await t.owner.get(`/api/objects/store/records/${rec.recordId}/timeline`);
    expect(own.body.items.map((e: { type: string }) => e.type)).toEqual(["object_record.updated", "object_record.created"]);
  });

  it("guards relations and deletion while the object has records", async () => {
    const def = (await t.owner.get("/api/objects/store")).body;
    const removeRel = await t.owner.patch("/api/objects/store", { version: def.version, relations: [store.relations[1]] });
    expect(removeRel.status).toBe(409);
    expect(removeRel.body.error.code).toBe("object.has_records");
    const relabel = await t.owner.patch("/api/objects/store", { version: def.version, labels: { singular: { en: "Shop", "zh-CN": "门店" }, plural: { en: "Shops", "zh-CN": "门店" } }, relations: [...store.relations, { key: "deal", labels: { en: "Deal" }, target: "deal" }] });
    expect(relabel.status).toBe(200);
    expect(relabel.body.labels.plural.en).toBe("Shops");
    expect(relabel.body.records).toBe(def.records);
    expect((await t.owner.patch("/api/objects/store", { version: def.version, description: "stale" })).status).toBe(409);
    const del = await t.owner.del("/api/objects/store");
    expect(del.status).toBe(409);
    expect(del.body.error.code).toBe("object.has_records");

    const empty = await t.owner.post("/api/objects", { ...store, key: "project", relations: [] });
    expect(empty.status).toBe(201);
    expect((await t.owner.del("/api/objects/project")).status).toBe(204);
    expect((await t.owner.get("/api/objects/project")).status).toBe(404);
  });

  it("lets members work with records but not define objects; a viewer only reads", async () => {
    const member = await addMember(t, "member");
    const viewer = await addMember(t, "viewer");
    expect((await member.client.get("/api/objects")).status).toBe(200);
    expect((await member.client.post("/api/objects", { ...store, key: "member_obj" })).status).toBe(403);
    expect((await member.client.post("/api/objects/store/records", { name: "By member", custom: { area: 3 } })).status).toBe(201);
    expect((await viewer.client.get("/api/objects/store/records")).status).toBe(200);
    expect((await viewer.client.post("/api/objects/store/records", { name: "By viewer", custom: { area: 3 } })).status).toBe(403);
  });

  it("limits objects by plan, and answers 403 without the feature", async () => {
    const biz = await newTenant("business");
    for (let i = 0; i < 10; i++) expect((await biz.owner.post("/api/objects", { ...store, key: `obj_${i}`, relations: [] })).status).toBe(201);
    const over = await biz.owner.post("/api/objects", { ...store, key: "one_more", relations: [] });
    expect(over.status).toBe(403);
    expect(over.body.error.code).toBe("plan.limit_reached");
    expect((await biz.owner.del("/api/objects/obj_0")).status).toBe(204);
    expect((await biz.owner.post("/api/objects", { ...store, key: "one_more", relations: [] })).status).toBe(201);

    const team = await newTenant("team");
    const off = await team.owner.get("/api/objects");
    expect(off.status).toBe(403);
    expect(off.body.error.code).toBe("plan.feature_unavailable");
    expect((await team.owner.post("/api/custom-fields", { objectType: "obj_store", key: "x", type: "text", labels: { en: "X" } })).body.error.code).toBe("plan.feature_unavailable");
  });

  it("hides another tenant's objects and records (404 like unknown)", async () => {
    const other = await newTenant("enterprise");
    const rec = (await t.owner.post("/api/objects/store/records", { name: "Secret Store", custom: { area: 9 } })).body;
    for (const path of ["/api/objects/store", "/api/objects/store/records", `/api/objects/store/records/${rec.recordId}`]) {
      const foreign = await other.owner.get(path);
      const unknown = await other.owner.get(path.replace("store", "nosuchobject"));
      expect(foreign.status, path).toBe(404);
      expect(foreign.body).toEqual(unknown.body);
    }
    expect((await other.owner.get("/api/objects")).body.items).toEqual([]);
    // Even an object of the same key in the other tenant does not reach the first tenant's records.
    expect((await other.owner.post("/api/objects", store)).status).toBe(201);
    expect((await other.owner.get(`/api/objects/store/records/${rec.recordId}`)).status).toBe(404);
    expect((await other.owner.get("/api/objects/store/records")).body.items).toEqual([]);
    expect((await other.owner.patch(`/api/objects/store/records/${rec.recordId}`, { version: 1, name: "Hijack" })).status).toBe(404);
  });
});
