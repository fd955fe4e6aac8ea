import { describe, expect, it } from "vitest";
import { allPages, type Client, newTenant, unique } from "../support/api";

async function field(c: Client, objectType: string, body: Record<string, unknown>) {
  const res = await c.post("/api/custom-fields", { objectType, labels: { en: String(body.key), "zh-CN": `字段 ${body.key}` }, ...body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
}

const q = (filter: unknown) => `filter=${encodeURIComponent(JSON.stringify(filter))}`;

const all = (c: Client, path: string, limit: number) => allPages<Record<string, unknown>>(c, path, limit);

describe("list filters (custom fields)", () => {
  it("filters contacts by a custom field with pages that stay correct", async () => {
    const t = await newTenant("business");
    await field(t.owner, "contact", { key: "region", type: "single_select", validation: { options: [{ key: "north", labels: { en: "North" } }, { key: "south", labels: { en: "South" } }] } });
    await field(t.owner, "contact", { key: "vip", type: "checkbox" });
    const north: string[] = [];
    for (let i = 0; i < 11; i++) {
      const region = i % 3 === 0 ? "south" : "north";
      const res = await t.owner.post("/api/contacts", { name: `${String.fromCharCode(65 + i)} ${unique()}`, custom: { region, vip: i % 2 === 0 } });
      if (region === "north") north.push(res.body.contactId);
    }
    const filter = { match: "all", conditions: [{ field: "custom.region", op: "is", value: "north" }] };
    for (const limit of [1, 2, 3, 50]) {
      const items = await all(t.owner, `/api/contacts?${q(filter)}`, limit);
      expect(items.map((c) => c.contactId).sort(), `limit ${limit}`).toEqual([...north].sort());
      // Sorted by name like the unfiltered list.
      const names = items.map((c) => String(c.name));
      expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
    }
    const both = await all(t.owner, `/api/contacts?${q({ match: "all", conditions: [...filter.conditions, { field: "custom.vip", op: "is", value: true }] })}`, 2);
    expect(both.every((c) => (c.custom as { region: string; vip: boolean }).region === "north" && (c.custom as { vip: boolean }).vip)).toBe(true);
    expect(both.length).toBe(4); // i = 2, 4, 8, 10

    const bad = await t.owner.get(`/api/contacts?${q({ conditions: [{ field: "custom.region", op: "is", value: "east" }] })}`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields["filter.conditions.0.value"]).toContain("Condition 1");
    expect((await t.owner.get("/api/contacts?filter=%7Bnot-json")).status).toBe(400);
    expect((await t.owner.get(`/api/contacts?${q(filter)}&cursor=garbage`)).status).toBe(400);
  });

  it("filters companies, and the export carries the same filter", async () => {
    const t = await newTenant("business");
    await field(t.owner, "company", { key: "employees", type: "number" });
    const names: string[] = [];
    for (const n of [5, 50, 500]) {
      const res = await t.owner.post("/api/companies", { name: `Co ${n} ${unique()}`, custom: { employees: n } });
      expect(res.status).toBe(201);
      names.push(res.body.name);
    }
    const filter = { conditions: [{ field: "custom.employees", op: "between", value: { min: 10 } }] };
    const res = await t.owner.get(`/api/companies?${q(filter)}`);
    expect(res.body.items.map((c: { name: string }) => c.name).sort()).toEqual(names.slice(1).sort());
    const csv = await t.owner.get(`/api/companies/export?${q(filter)}&format=csv`);
    expect(csv.status).toBe(200);
    const text = String(csv.body);
    expect(text).toContain(names[1]);
    expect(text).toContain(names[2]);
    expect(text).not.toContain(names[0]);
  });
});
