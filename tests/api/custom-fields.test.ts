import { describe, expect, it } from "vitest";
import { type DomainEvent, setPorts, usePorts } from "../../packages/core/src/ports";
import { addMember, type Client, newTenant } from "../support/api";

// Events still reach the real subscribers (the purge runs on them); the test also keeps a copy.
const published: DomainEvent[] = [];
const bus = usePorts().events;
setPorts({ events: { publish: async (events) => { published.push(...events); await bus.publish(events); } } });

async function field(c: Client, body: Record<string, unknown>) {
  const res = await c.post("/api/custom-fields", { objectType: "contact", labels: { en: String(body.key), "zh-CN": `字段 ${body.key}` }, ...body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

const OPTIONS = [{ key: "gold", labels: { en: "Gold", "zh-CN": "金牌" } }, { key: "silver", labels: { en: "Silver", "zh-CN": "银牌" } }];

describe("custom fields", () => {
  it("accepts values of every type on contacts and answers 400 naming custom.<key> for bad ones", async () => {
    const t = await newTenant("business");
    const member = await addMember(t, "member");
    const company = await t.owner.post("/api/companies", { name: "Linked Co" });
    await field(t.owner, { key: "nickname", type: "text", validation: { max: 10, pattern: "[a-z]+" } });
    await field(t.owner, { key: "bio", type: "long_text" });
    await field(t.owner, { key: "score", type: "number", validation: { min: 0, max: 100 } });
    await field(t.owner, { key: "budget", type: "money" });
    await field(t.owner, { key: "since", type: "date" });
    await field(t.owner, { key: "met_at", type: "datetime" });
    await field(t.owner, { key: "level", type: "single_select", validation: { options: OPTIONS } });
    await field(t.owner, { key: "levels", type: "multi_select", validation: { options: OPTIONS } });
    await field(t.owner, { key: "vip", type: "checkbox" });
    await field(t.owner, { key: "site", type: "url" });
    await field(t.owner, { key: "alt_email", type: "email" });
    await field(t.owner, { key: "mobile", type: "phone" });
    await field(t.owner, { key: "rep", type: "user" });
    await field(t.owner, { key: "account", type: "record_link", validation: { objectTypes: ["company"] } });

    // Every member reads the definitions (forms need them); only admins change them.
    const list = await member.client.get("/api/custom-fields?object=contact");
    expect(list.status).toBe(200);
    expect(list.body.items.map((f: any) => f.key)).toEqual(["nickname", "bio", "score", "budget", "since", "met_at", "level", "levels", "vip", "site", "alt_email", "mobile", "rep", "account"]);
    expect(list.body.limit).toBe(200);
    expect((await member.client.post("/api/custom-fields", { objectType: "contact", key: "nope", type: "text", labels: { en: "Nope" } })).status).toBe(403);

    const good = {
      nickname: "ace", bio: "长文本 ".repeat(100), score: 88, budget: { amount: 5000, currency: "cny" }, since: "2024-02-29", met_at: "2026-11-24T10:00:00+08:00",
      level: "gold", levels: ["gold", "silver", "gold"], vip: true, site: "https://example.com", alt_email: "Alt@Example.com", mobile: "13900139000",
      rep: member.userId, account: { objectType: "company", id: company.body.companyId },
    };
    const created = await t.owner.post("/api/contacts", { name: "Custom Person", custom: good });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.custom).toMatchObject({ budget: { amount: 5000, currency: "CNY" }, levels: ["gold", "silver"], alt_email: "alt@example.com", mobile: "+8613900139000", rep: member.userId });
    const read = await t.owner.get(`/api/contacts/${created.body.contactId}`);
    expect(read.body.custom).toEqual(created.body.custom);

    const bad: Array<[string, unknown]> = [
      ["nickname", "UPPER"], ["nickname", "waytoolongvalue"], ["nickname", 5], ["score", 101], ["score", "50"], ["budget", { amount: 1 }],
      ["since", "2023-02-29"], ["met_at", "tomorrow"], ["level", "bronze"], ["levels", ["gold", "bronze"]], ["vip", "yes"], ["site", "ftp://x.example"],
      ["alt_email", "nope"], ["mobile", "12"], ["rep", "0000000000000nonexistent"], ["account", { objectType: "contact", id: created.body.contactId }],
      ["account", { objectType: "company", id: "0000000000000nonexistent" }], ["unknown_key", 1],
    ];
    for (const [key, value] of bad) {
      const res = await t.owner.post("/api/contacts", { name: "Bad", custom: { [key]: value } });
      expect(res.status, `${key} = ${JSON.stringify(value)}`).toBe(400);
      expect(Object.keys(res.body.error.fields), key).toEqual([`custom.${key}`]);
    }
    // A bad value never leaves a half-written record behind.
    const all = await t.owner.get("/api/contacts?limit=100");
    expect(all.body.items.filter((c: any) => c.name === "Bad")).toEqual([]);
  });

  it("enforces required fields, applies defaults on create, patches values on update", async () => {
    const t = await newTenant("team");
    await field(t.owner, { key: "tier", type: "single_select", required: true, default: "silver", validation: { options: OPTIONS } });
    await field(t.owner, { key: "region", type: "text", required: true });
    await field(t.owner, { key: "note", type: "text" });

    const missing = await t.owner.post("/api/contacts", { name: "No region" });
    expect(missing.status).toBe(400);
    expect(missing.body.error.fields).toEqual({ "custom.region": "Required." });

    const created = await t.owner.post("/api/contacts", { name: "With region", custom: { region: "华南", note: "n" } });
    expect(created.status).toBe(201);
    expect(created.body.custom).toEqual({ tier: "silver", region: "华南", note: "n" });

    const patched = await t.owner.patch(`/api/contacts/${created.body.contactId}`, { version: 1, custom: { note: null, tier: "gold" } });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    expect(patched.body.custom).toEqual({ tier: "gold", region: "华南" });
    const cleared = await t.owner.patch(`/api/contacts/${created.body.contactId}`, { version: 2, custom: { region: null } });
    expect(cleared.status).toBe(400);
    expect(cleared.body.error.fields).toEqual({ "custom.region": "Required." });
    // Editing other fields does not touch the custom values.
    const renamed = await t.owner.patch(`/api/contacts/${created.body.contactId}`, { version: 2, name: "Renamed" });
    expect(renamed.body.custom).toEqual({ tier: "gold", region: "华南" });
  });

  it("works on companies, deals and tickets, and events carry the custom values", async () => {
    const t = await newTenant("business");
    for (const objectType of ["company", "deal", "ticket"]) await field(t.owner, { objectType, key: "code", type: "text", default: "X-1" });
    const from = published.length;
    const company = await t.owner.post("/api/companies", { name: "Co", custom: { code: "C-9" } });
    expect(company.body.custom).toEqual({ code: "C-9" });
    const pipeline = await t.owner.post("/api/pipelines", { name: "P" });
    const deal = await t.owner.post("/api/deals", { pipelineId: pipeline.body.pipelineId, title: "D" });
    expect(deal.body.custom).toEqual({ code: "X-1" });
    const ticket = await t.owner.post("/api/tickets", { subject: "T", requesterEmail: "req@example.com", text: "hi", custom: { code: "T-3" } });
    expect(ticket.status, JSON.stringify(ticket.body)).toBe(201);
    expect(ticket.body.custom).toEqual({ code: "T-3" });
    const badTicket = await t.owner.post("/api/tickets", { subject: "T", requesterEmail: "req@example.com", text: "hi", custom: { code: 5 } });
    expect(badTicket.body.error.fields).toEqual({ "custom.code": expect.any(String) });
    const updated = await t.owner.patch(`/api/tickets/${ticket.body.ticketId}`, { version: ticket.body.version, custom: { code: "T-4" } });
    expect(updated.status, JSON.stringify(updated.body)).toBe(200);
    expect(updated.body.custom).toEqual({ code: "T-4" });

    const mine = published.slice(from).filter((e) => e.tenantId === t.tenantId);
    const data = (type: string) => mine.find((e) => e.type === type)?.data as any;
    expect(data("company.created").custom).toEqual({ code: "C-9" });
    expect(data("deal.created").custom).toEqual({ code: "X-1" });
    expect(data("ticket.created").custom).toEqual({ code: "T-3" });
    expect(data("ticket.updated").custom).toEqual({ code: "T-4" });
  });

  it("keeps key and type fixed, answers 409 on a stale version, refuses bad definitions and taken keys", async () => {
    const t = await newTenant("team");
    const f = await field(t.owner, { key: "stage", type: "single_select", validation: { options: OPTIONS } });
    expect((await t.owner.patch(`/api/custom-fields/${f.fieldId}`, { version: 1, key: "other" })).status).toBe(400);
    expect((await t.owner.patch(`/api/custom-fields/${f.fieldId}`, { version: 1, type: "text" })).status).toBe(400);
    const renamed = await t.owner.patch(`/api/custom-fields/${f.fieldId}`, { version: 1, labels: { en: "Stage", "zh-CN": "阶段" } });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ key: "stage", type: "single_select", version: 2, labels: { "zh-CN": "阶段" } });
    const stale = await t.owner.patch(`/api/custom-fields/${f.fieldId}`, { version: 1, required: true });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe("conflict");

    const taken = await t.owner.post("/api/custom-fields", { objectType: "contact", key: "stage", type: "text", labels: { en: "Again" } });
    expect(taken.status).toBe(409);
    expect(taken.body.error.code).toBe("custom_field.key_taken");
    // The same key on another object is fine.
    await field(t.owner, { objectType: "company", key: "stage", type: "text" });

    const cases: Array<[Record<string, unknown>, string]> = [
      [{ key: "Bad-Key", type: "text" }, "key"],
      [{ key: "sel", type: "single_select" }, "validation.options"],
      [{ key: "num", type: "number", validation: { min: 5, max: 1 } }, "validation.max"],
      [{ key: "pat", type: "text", validation: { pattern: "([" } }, "validation.pattern"],
      [{ key: "def", type: "number", default: "five" }, "default"],
      [{ key: "srch", type: "checkbox", searchable: true }, "searchable"],
      [{ key: "kind", type: "color" }, "type"],
    ];
    for (const [body, name] of cases) {
      const res = await t.owner.post("/api/custom-fields", { objectType: "contact", labels: { en: "X" }, ...body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.fields, JSON.stringify(body)).toHaveProperty([name]);
    }
  });

  it("deletes softly (values kept but hidden and refused), restores, and purges in the background", async () => {
    const t = await newTenant("team");
    const f = await field(t.owner, { key: "legacy", type: "text" });
    const c = await t.owner.post("/api/contacts", { name: "Has legacy", custom: { legacy: "old value" } });
    expect(c.body.custom).toEqual({ legacy: "old value" });

    const deleted = await t.owner.del(`/api/custom-fields/${f.fieldId}`);
    expect(deleted.status).toBe(200);
    expect(deleted.body.deletedAt).toBeTruthy();
    expect((await t.owner.get("/api/custom-fields?object=contact")).body.items).toEqual([]);
    expect((await t.owner.get("/api/custom-fields?object=contact&deleted=true")).body.items.map((x: any) => x.key)).toEqual(["legacy"]);
    expect((await t.owner.get(`/api/contacts/${c.body.contactId}`)).body.custom).toEqual({});
    const refused = await t.owner.post("/api/contacts", { name: "X", custom: { legacy: "new" } });
    expect(refused.body.error.fields).toEqual({ "custom.legacy": "Unknown field." });
    // An edit while the field is deleted keeps its stored value.
    const edited = await t.owner.patch(`/api/contacts/${c.body.contactId}`, { version: 1, name: "Edited", custom: {} });
    expect(edited.status).toBe(200);

    const restored = await t.owner.post(`/api/custom-fields/${f.fieldId}/restore`);
    expect(restored.status).toBe(200);
    expect((await t.owner.get(`/api/contacts/${c.body.contactId}`)).body.custom).toEqual({ legacy: "old value" });

    const purge = await t.owner.post(`/api/custom-fields/${f.fieldId}/purge`);
    expect(purge.status).toBe(202);
    // The test bus runs the chunks inline: by now the definition is gone and its key free again.
    expect((await t.owner.get(`/api/custom-fields/${f.fieldId}`)).status).toBe(404);
    await field(t.owner, { key: "legacy", type: "text" });
    const after = await t.owner.get(`/api/contacts/${c.body.contactId}`);
    expect(after.body.custom).toEqual({});
    expect(after.body.version).toBe(3);
  });

  it("purges values from every record, a chunk at a time", async () => {
    const t = await newTenant("team");
    const f = await field(t.owner, { objectType: "company", key: "zone", type: "text" });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await t.owner.post("/api/companies", { name: `Co ${i}`, custom: { zone: `z${i}` } })).body.companyId);
    const chunk = await import("../../packages/core/src/custom-field-purge");
    expect(chunk.CustomFieldPurge.CHUNK).toBeGreaterThan(0);
    await t.owner.post(`/api/custom-fields/${f.fieldId}/purge`);
    await field(t.owner, { objectType: "company", key: "zone", type: "text" });
    for (const id of ids) expect((await t.owner.get(`/api/companies/${id}`)).body.custom).toEqual({});
    expect(published.some((e) => e.tenantId === t.tenantId && e.type === "custom_field.purged")).toBe(true);
  });

  it("limits active fields per object by plan with 403 plan.limit_reached; solo has no custom fields", async () => {
    const t = await newTenant("team");
    const made = [];
    for (let i = 0; i < 50; i++) made.push(await field(t.owner, { key: `f${i}`, type: "checkbox" }));
    const over = await t.owner.post("/api/custom-fields", { objectType: "contact", key: "f50", type: "checkbox", labels: { en: "One too many" } });
    expect(over.status).toBe(403);
    expect(over.body.error.code).toBe("plan.limit_reached");
    expect(over.body.error.message).toMatch(/Upgrade/);
    // Other objects have their own limit; a deleted field frees its slot and cannot come back while full.
    await field(t.owner, { objectType: "deal", key: "f0", type: "checkbox" });
    await t.owner.del(`/api/custom-fields/${made[0].fieldId}`);
    await field(t.owner, { key: "f50", type: "checkbox" });
    const back = await t.owner.post(`/api/custom-fields/${made[0].fieldId}/restore`);
    expect(back.status).toBe(403);
    expect(back.body.error.code).toBe("plan.limit_reached");

    const solo = await newTenant();
    const locked = await solo.owner.post("/api/custom-fields", { objectType: "contact", key: "x", type: "text", labels: { en: "X" } });
    expect(locked.status).toBe(403);
    expect(locked.body.error.code).toBe("plan.feature_unavailable");
  });

  it("keeps one tenant's definitions invisible to another", async () => {
    const a = await newTenant("team");
    const b = await newTenant("team");
    const f = await field(a.owner, { key: "secret_a", type: "text" });
    expect((await b.owner.get("/api/custom-fields")).body.items).toEqual([]);
    expect((await b.owner.get(`/api/custom-fields/${f.fieldId}`)).status).toBe(404);
    const res = await b.owner.post("/api/contacts", { name: "B", custom: { secret_a: "x" } });
    expect(res.body.error.fields).toEqual({ "custom.secret_a": "Unknown field." });
    // B may use the same key for its own field.
    await field(b.owner, { key: "secret_a", type: "number" });
    expect((await b.owner.post("/api/contacts", { name: "B", custom: { secret_a: 3 } })).status).toBe(201);
  });
});
