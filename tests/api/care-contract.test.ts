import { describe, expect, it } from "vitest";
import { CareDates } from "../../packages/core/src/retention/care-dates";
import { prng } from "../../packages/core/src/testing/prng";
import { setPorts } from "../../packages/core/src/ports";
import { CareSweep } from "../../packages/core/src/retention/care-sweep";
import { type Client, mailer, newTenant, unique } from "../support/api";

// A controlled clock (sessions live 30 days: each test stays within a few weeks of its start).
let clock = new Date("2027-03-01T04:00:00Z");
setPorts({ clock: { now: () => clock } });

const TEMPLATES = {
  "zh-CN": { subject: "{{contact.name}}，合同即将到期", body: "您好 {{contact.name}}：\n您与 {{tenant.name}} 的合同即将到期，欢迎续约。" },
  en: { subject: "Your contract ends soon, {{contact.name}}", body: "Dear {{contact.name}},\nyour contract with {{tenant.name}} ends soon." },
};

const mailsTo = (email: string) => mailer.sent.filter((m) => m.to.includes(email) && m.tag === "care");
const sweepAt = (iso: string) => {
  clock = new Date(iso);
  return CareSweep.sweep(clock);
};

async function setup(days = 30) {
  clock = new Date("2027-03-01T04:00:00Z");
  const t = await newTenant("business");
  const company = (await t.owner.post("/api/companies", { name: `Renewal Co ${unique()}` })).body;
  const email = `${unique("renew")}@customer.example`;
  const contact = (await t.owner.post("/api/contacts", { name: unique("Buyer "), email, companyId: company.companyId })).body;
  const campaign = await t.owner.post("/api/care/campaigns", { name: "Renewal", trigger: { kind: "contract_end", days }, templates: TEMPLATES, sendHour: 9 });
  expect(campaign.status, JSON.stringify(campaign.body)).toBe(201);
  return { t, companyId: company.companyId as string, contactId: contact.contactId as string, email };
}

async function contract(owner: Client, body: Record<string, unknown>) {
  const res = await owner.post("/api/contracts", { title: "Service 2027", amount: 100000, ...body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

describe("care campaigns on contract end (续约关怀)", () => {
  it("sends exactly one renewal mail N days before the end date", async () => {
    const { t, companyId, contactId, email } = await setup(30);
    expect(t.tenantId).toBeTruthy();
    await contract(t.owner, { companyId, contactId, endDate: "2027-04-30" });
    // Due on 31 March at 09:00 in the tenant's zone; nothing before.
    await sweepAt("2027-03-30T12:00:00Z");
    expect(mailsTo(email)).toHaveLength(0);
    await sweepAt("2027-03-31T06:00:00Z");
    expect(mailsTo(email)).toHaveLength(1);
    expect(mailsTo(email)[0].subject).toContain("合同即将到期");
    await sweepAt("2027-04-01T06:00:00Z");
    await sweepAt("2027-04-29T06:00:00Z");
    expect(mailsTo(email)).toHaveLength(1);
  });

  it("reschedules when the end date moves, and sends nothing for a cancelled contract", async () => {
    const { t, companyId, contactId, email } = await setup(10);
    const c = await contract(t.owner, { companyId, contactId, endDate: "2027-04-10" });
    const moved = await t.owner.patch(`/api/contracts/${c.contractId}`, { version: c.version, endDate: "2027-05-20" });
    expect(moved.status).toBe(200);
    await sweepAt("2027-04-01T06:00:00Z");
    expect(mailsTo(email)).toHaveLength(0);
    await sweepAt("2027-05-10T06:00:00Z");
    expect(mailsTo(email)).toHaveLength(1);

    const other = await setup(10);
    const d = await contract(other.t.owner, { companyId: other.companyId, contactId: other.contactId, endDate: "2027-04-10" });
    expect((await other.t.owner.patch(`/api/contracts/${d.contractId}`, { version: d.version, status: "terminated" })).status).toBe(200);
    await sweepAt("2027-03-31T06:00:00Z");
    await sweepAt("2027-04-11T06:00:00Z");
    expect(mailsTo(other.email)).toHaveLength(0);
  });

  it("writes to the company's primary contact when the contract names none, and honours suppression", async () => {
    const { t, companyId, email } = await setup(5);
    await contract(t.owner, { companyId, endDate: "2027-03-20" });
    await sweepAt("2027-03-15T06:00:00Z");
    expect(mailsTo(email)).toHaveLength(1);

    const s = await setup(5);
    expect((await s.t.owner.post("/api/care/suppressions", { email: s.email })).status).toBeLessThan(300);
    await contract(s.t.owner, { companyId: s.companyId, contactId: s.contactId, endDate: "2027-03-20" });
    await sweepAt("2027-03-15T06:00:00Z");
    expect(mailsTo(s.email)).toHaveLength(0);
  });

  it("accepts contract_end in the campaign editor's API only with days", async () => {
    const t = await newTenant("business");
    const bad = await t.owner.post("/api/care/campaigns", { name: "Renewal", trigger: { kind: "contract_end" }, templates: TEMPLATES, sendHour: 9 });
    expect(bad.status).toBe(400);
  });
});

describe("contract_end dates (generated)", () => {
  it("plans the earliest reminder day ahead and after the last one sent", () => {
    const rand = prng(20261125).next;
    for (let i = 0; i < 500; i++) {
      const base = CareDates.formatDate(2026 + Math.floor(rand() * 3), 1 + Math.floor(rand() * 12), 1 + Math.floor(rand() * 28));
      const ends = Array.from({ length: 1 + Math.floor(rand() * 4) }, () => CareDates.addDays(base, Math.floor(rand() * 400) - 100));
      const days = Math.floor(rand() * 60);
      const after = rand() < 0.3 ? CareDates.addDays(base, Math.floor(rand() * 200)) : null;
      const now = CareDates.zonedInstant(base, 12, "Asia/Shanghai");
      const got = CareDates.next({ kind: "contract_end", days }, { contractEnds: ends }, { now, timeZone: "Asia/Shanghai", sendHour: 9, after });
      const floor = after && after >= base ? CareDates.addDays(after, 1) : base;
      const expected = ends.map((e) => CareDates.addDays(e, -days)).filter((d) => d >= floor).sort()[0];
      expect(got?.occurrence ?? null).toBe(expected ?? null);
      if (got) expect(Date.parse(got.dueAt)).toBeGreaterThanOrEqual(now.getTime());
    }
  });
});
