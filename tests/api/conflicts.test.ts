import { beforeAll, describe, expect, it } from "vitest";
import { addMember, newTenant, unique } from "../support/api";

type T = Awaited<ReturnType<typeof newTenant>>;
let t: T;
let rep: Awaited<ReturnType<typeof addMember>>;

/** A mobile number no other test uses. */
let phones = 0;
const phone = () => `+86139${String(Date.now() % 100000).padStart(5, "0")}${String(phones++).padStart(3, "0")}`;

async function settings(c: T["owner"], body: { mode: "warn" | "block"; keys?: string[] }) {
  const current = await c.get("/api/conflicts/settings");
  expect(current.status).toBe(200);
  const res = await c.put("/api/conflicts/settings", { keys: ["name", "phone", "email", "creditCode"], ...body, version: current.body.version });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

const check = (c: T["owner"], body: Record<string, unknown>) => c.post("/api/conflicts/check", body);

beforeAll(async () => {
  t = await newTenant("business");
  rep = await addMember(t, "member");
});

describe("ownership conflicts (撞单)", () => {
  it("matches a company's normalized name from a lead and a company, revealing only owner and follow-up to a rep who cannot see it", async () => {
    const base = `华为技术${unique("x")}`;
    const company = await t.owner.post("/api/companies", { name: `${base}有限公司`, phone: phone() });
    expect(company.status).toBe(201);
    const logged = await t.owner.post("/api/activities", { kind: "call", recordType: "company", recordId: company.body.companyId, at: "2026-11-20T08:00:00.000Z" });
    expect(logged.status).toBe(201);

    const seen = await check(rep.client, { kind: "lead", name: "张三", companyName: ` ${base.toUpperCase()} （集团） ` });
    expect(seen.status).toBe(200);
    expect(seen.body.mode).toBe("warn");
    expect(seen.body.matches).toEqual([
      { kind: "company", keys: ["name"], ownerName: expect.stringContaining("Owner"), poolName: null, lastFollowUpAt: "2026-11-20T08:00:00.000Z" },
    ]);
    // Nothing beyond the owner and the follow-up: no id, no name, no phone anywhere in the answer.
    expect(JSON.stringify(seen.body)).not.toContain(company.body.companyId);
    expect(JSON.stringify(seen.body)).not.toContain(company.body.phone);

    const own = await check(t.owner, { kind: "company", name: `${base} Co., Ltd.` });
    expect(own.body.matches).toEqual([expect.objectContaining({ kind: "company", keys: ["name"], recordId: company.body.companyId, name: `${base}有限公司` })]);
  });

  it("matches a phone across leads, contacts and companies, and an email across contacts and leads", async () => {
    const p = phone();
    const email = `${unique("dup")}@example.com`;
    const contact = await rep.client.post("/api/contacts", { name: "李雷", phone: p, email });
    expect(contact.status).toBe(201);
    const lead = await rep.client.post("/api/leads", { name: "韩梅梅", phone: p.replace("+86", ""), email: email.toUpperCase(), ownerId: rep.userId });
    expect(lead.status).toBe(201);
    const company = await t.owner.post("/api/companies", { name: `Phone Co ${unique()}`, phone: p });
    expect(company.status).toBe(201);

    const byPhone = await check(rep.client, { kind: "company", name: "无关公司", phone: `+86 ${p.slice(3, 6)} ${p.slice(6)}` });
    const kinds = byPhone.body.matches.map((m: { kind: string }) => m.kind).sort();
    expect(kinds).toEqual(["company", "contact", "lead"]);
    for (const m of byPhone.body.matches) expect(m.keys).toEqual(["phone"]);
    // The rep sees their own contact and lead (with links), not the owner's company.
    const mine = byPhone.body.matches.filter((m: { recordId?: string }) => m.recordId);
    expect(mine.map((m: { recordId: string }) => m.recordId).sort()).toEqual([contact.body.contactId, lead.body.leadId].sort());
    expect(byPhone.body.matches.find((m: { kind: string }) => m.kind === "company")).not.toHaveProperty("recordId");

    const byEmail = await check(t.owner, { kind: "lead", email: email.toUpperCase() });
    expect(byEmail.body.matches.map((m: { kind: string; keys: string[] }) => `${m.kind}:${m.keys.join()}`).sort()).toEqual(["contact:email,phone", "lead:email,phone"].map((s) => s.replace(",phone", "")).sort());
    expect(byEmail.body.matches.every((m: { ownerName: string }) => m.ownerName === "member person")).toBe(true);

    // A changed phone leaves the old key behind: the contact no longer matches it.
    const current = await rep.client.get(`/api/contacts/${contact.body.contactId}`);
    const moved = await rep.client.patch(`/api/contacts/${contact.body.contactId}`, { version: current.body.version, phone: phone() });
    expect(moved.status).toBe(200);
    const after = await check(rep.client, { kind: "contact", phone: p });
    expect(after.body.matches.map((m: { kind: string }) => m.kind).sort()).toEqual(["company", "lead"]);
  });

  it("shows a pool customer as in its pool, without an owner", async () => {
    const name = `公海客户${unique("p")}有限公司`;
    const company = await t.owner.post("/api/companies", { name });
    const pool = await t.owner.post("/api/pools", { name: "华东公海", memberIds: [rep.userId] });
    expect(pool.status).toBe(201);
    expect((await t.owner.post(`/api/pools/${pool.body.poolId}/customers`, { companyId: company.body.companyId })).status).toBe(201);
    const res = await check(rep.client, { kind: "company", name });
    expect(res.body.matches).toEqual([{ kind: "company", keys: ["name"], ownerName: null, poolName: "华东公海", lastFollowUpAt: null }]);
  });

  it("validates the credit code's check character (400 naming creditCode) and keeps it unique in the tenant", async () => {
    const bad = await t.owner.post("/api/companies", { name: `Bad code ${unique()}`, creditCode: "91350100M000100Y44" });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields).toHaveProperty("creditCode");
    const first = await t.owner.post("/api/companies", { name: `Code A ${unique()}`, creditCode: "9135 0100-M000100y43" });
    expect(first.status).toBe(201);
    expect(first.body.creditCode).toBe("91350100M000100Y43");
    const taken = await t.owner.post("/api/companies", { name: `Code B ${unique()}`, creditCode: "91350100M000100Y43" });
    expect(taken.status).toBe(409);
    expect(taken.body.error.code).toBe("company.credit_code_taken");
    const found = await check(rep.client, { kind: "company", name: "别的名字", creditCode: "91350100m000100y43" });
    expect(found.body.matches).toEqual([expect.objectContaining({ kind: "company", keys: ["creditCode"] })]);
    // Changing it frees the old code.
    const changed = await t.owner.patch(`/api/companies/${first.body.companyId}`, { version: first.body.version, creditCode: "91110000802100433B" });
    expect(changed.status).toBe(200);
    expect((await t.owner.post("/api/companies", { name: `Code C ${unique()}`, creditCode: "91350100M000100Y43" })).status).toBe(201);
  });

  it("converting a lead whose company exists attaches to it", async () => {
    const base = `Acme ${unique("c")}`;
    const company = await t.owner.post("/api/companies", { name: `${base} Co., Ltd.` });
    const lead = await t.owner.post("/api/leads", { name: "Wang Wu", companyName: `${base.toUpperCase()}, Inc.` });
    expect(lead.status).toBe(201);
    const pipeline = await t.owner.post("/api/pipelines", { name: `P ${unique()}` });
    const res = await t.owner.post(`/api/leads/${lead.body.leadId}/convert`, { version: lead.body.version, pipelineId: pipeline.body.pipelineId });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.existingCompany).toBe(true);
    expect(res.body.companyId).toBe(company.body.companyId);
    // The converted lead itself no longer counts as a match.
    const after = await check(t.owner, { kind: "company", name: base });
    expect(after.body.matches.map((m: { kind: string }) => m.kind)).toEqual(["company"]);
  });

  it("never matches another tenant's records", async () => {
    const name = `Isolated ${unique()}`;
    const p = phone();
    const email = `${unique("iso")}@example.com`;
    expect((await t.owner.post("/api/companies", { name, phone: p, creditCode: "914403001922038216" })).status).toBe(201);
    expect((await t.owner.post("/api/contacts", { name: "Iso", email })).status).toBe(201);
    const other = await newTenant("business");
    const res = await check(other.owner, { kind: "lead", companyName: name, phone: p, email, creditCode: "914403001922038216" });
    expect(res.status).toBe(200);
    expect(res.body.matches).toEqual([]);
    // Nor does creating the same records there conflict, even when tenant B blocks duplicates.
    await settings(other.owner, { mode: "block" });
    expect((await other.owner.post("/api/companies", { name, phone: p, creditCode: "914403001922038216" })).status).toBe(201);
  });

  it("block mode refuses a duplicate with the safe matches; warn mode asks a client that wants to be warned", async () => {
    const tb = await newTenant("team");
    const member = await addMember(tb, "member");
    const name = `深圳腾飞${unique("b")}`;
    expect((await tb.owner.post("/api/companies", { name: `${name}有限公司` })).status).toBe(201);

    // Default: warn. Integrations (no flag) and confirmed forms go through; a form asking to be warned gets the matches.
    const warned = await member.client.post("/api/companies", { name, acknowledgeConflicts: false });
    expect(warned.status).toBe(409);
    expect(warned.body.error.code).toBe("conflict.warning");
    expect(warned.body.error.details.matches).toEqual([{ kind: "company", keys: ["name"], ownerName: expect.any(String), poolName: null, lastFollowUpAt: null }]);
    expect((await member.client.post("/api/companies", { name, acknowledgeConflicts: true })).status).toBe(201);
    expect((await member.client.post("/api/companies", { name: `${name} LLC` })).status).toBe(201);

    expect((await member.client.put("/api/conflicts/settings", { mode: "block", keys: ["name"], version: 0 })).status).toBe(403);
    await settings(tb.owner, { mode: "block" });
    const before = await tb.owner.get(`/api/companies?q=${encodeURIComponent(name)}`);
    const blocked = await member.client.post("/api/companies", { name: `${name}股份有限公司`, acknowledgeConflicts: true });
    expect(blocked.status).toBe(409);
    expect(blocked.body.error.code).toBe("conflict.duplicate");
    expect(blocked.body.error.details.matches.length).toBeGreaterThan(0);
    // The owner's company is out of the member's sight: no id; the member's own one links.
    const owners = blocked.body.error.details.matches.filter((m: { ownerName: string }) => m.ownerName !== "member person");
    expect(owners.length).toBe(1);
    expect(owners[0]).not.toHaveProperty("recordId");
    expect(blocked.body.error.details.matches.filter((m: { recordId?: string }) => m.recordId).length).toBe(2);
    // Nothing half-written.
    expect((await tb.owner.get(`/api/companies?q=${encodeURIComponent(name)}`)).body.items.length).toBe(before.body.items.length);

    const p = phone();
    expect((await tb.owner.post("/api/contacts", { name: "A", phone: p })).status).toBe(201);
    const lead = await member.client.post("/api/leads", { name: "B", phone: p });
    expect(lead.status).toBe(409);
    expect(lead.body.error.code).toBe("conflict.duplicate");
    expect((await member.client.post("/api/contacts", { name: "C", phone: p })).body.error.code).toBe("conflict.duplicate");

    // Only the chosen keys count.
    const s = await settings(tb.owner, { mode: "block", keys: ["email"] });
    expect(s).toEqual({ mode: "block", keys: ["email"], version: expect.any(Number) });
    expect((await member.client.post("/api/leads", { name: "B", phone: p })).status).toBe(201);
    expect((await member.client.post("/api/conflicts/check", { kind: "lead", phone: p })).body).toEqual({ mode: "block", matches: [] });

    const stale = await tb.owner.put("/api/conflicts/settings", { mode: "warn", keys: [], version: 1 });
    expect(stale.status).toBe(409);
    expect((await tb.owner.put("/api/conflicts/settings", { mode: "sometimes", keys: [], version: s.version })).status).toBe(400);
  });
});
