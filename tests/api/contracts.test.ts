import { beforeAll, describe, expect, it } from "vitest";
import { withActor } from "../../packages/core/src/actor";
import { Contract } from "../../packages/core/src/contracts/contract";
import { addMember, app, newTenant, unique } from "../support/api";

let t: Awaited<ReturnType<typeof newTenant>>;
let companyId: string;

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const sweep = (at = new Date()) => withActor({ type: "system", reason: "test" }, () => Contract.sweep(at));

beforeAll(async () => {
  t = await newTenant("business");
  companyId = (await t.owner.post("/api/companies", { name: `Contract Co ${unique()}` })).body.companyId;
});

describe("contracts (合同) and collections (回款)", () => {
  it("checks the number pattern against its reset and numbers 50 simultaneous contracts distinctly", async () => {
    const bad = await t.owner.put("/api/contracts/settings", { version: 0, pattern: "HT-{yyyyMM}-{seq}", reset: "daily", remindDaysBeforeEnd: 30 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe("contract.pattern_missing_date_parts");
    expect(bad.body.error.fields).toHaveProperty("pattern");
    const ok = await t.owner.put("/api/contracts/settings", { version: 0, pattern: "HT-{yyyyMMdd}-{seq:3}", reset: "daily", remindDaysBeforeEnd: 30 });
    expect(ok.status).toBe(200);
    expect((await t.owner.put("/api/contracts/settings", { version: 0, pattern: "X-{seq}", reset: "never", remindDaysBeforeEnd: 1 })).status).toBe(409);

    const created = await Promise.all(Array.from({ length: 50 }, (_, i) => t.owner.post("/api/contracts", { title: `Bulk ${i}`, companyId, amount: 1000 })));
    expect(created.every((r) => r.status === 201)).toBe(true);
    const numbers = created.map((r) => r.body.number as string);
    expect(new Set(numbers).size).toBe(50);
    for (const n of numbers) expect(n).toMatch(/^HT-\d{8}-\d{3}$/);
  });

  it("refuses a plan that does not add up and links it cannot see", async () => {
    const sum = await t.owner.post("/api/contracts", { title: "Bad plan", companyId, amount: 1000, instalments: [{ amount: 400, dueDate: day(10) }, { amount: 500, dueDate: day(40) }] });
    expect(sum.status).toBe(400);
    expect(sum.body.error.code).toBe("contract.plan_total");
    const link = await t.owner.post("/api/contracts", { title: "Bad link", companyId: "0000000000000nonexistent", amount: 1000 });
    expect(link.status).toBe(400);
    expect(link.body.error.fields).toHaveProperty("companyId");
    const member = await addMember(t, "member");
    expect((await member.client.post("/api/contracts", { title: "Not mine", companyId, amount: 1 })).status).toBe(400);
  });

  it("settles payments against the plan, counts simultaneous payments, and keeps a contract with payments", async () => {
    const c = await t.owner.post("/api/contracts", {
      title: "Annual licence", companyId, amount: 300000, endDate: day(365),
      instalments: [{ amount: 100000, dueDate: day(-5) }, { amount: 100000, dueDate: day(25) }, { amount: 100000, dueDate: day(55) }],
    });
    expect(c.status).toBe(201);
    expect(c.body.instalments.map((i: { status: string }) => i.status)).toEqual(["overdue", "unpaid", "unpaid"]);
    const [first, , third] = c.body.instalments;
    const targeted = await t.owner.post(`/api/contracts/${c.body.contractId}/payments`, { amount: 100000, paidOn: day(0), instalmentId: third.instalmentId });
    expect(targeted.status).toBe(201);
    expect(targeted.body.instalments.map((i: { status: string }) => i.status)).toEqual(["overdue", "unpaid", "paid"]);
    // Ten payments at once: each one counts.
    const many = await Promise.all(Array.from({ length: 10 }, () => t.owner.post(`/api/contracts/${c.body.contractId}/payments`, { amount: 5000, paidOn: day(0) })));
    expect(many.every((r) => r.status === 201)).toBe(true);
    const now = await t.owner.get(`/api/contracts/${c.body.contractId}`);
    expect(now.body.collected).toBe(150000);
    expect(now.body.payments).toHaveLength(11);
    expect(now.body.instalments[0]).toMatchObject({ instalmentId: first.instalmentId, paid: 50000, outstanding: 50000, status: "overdue" });
    expect(now.body.totals).toEqual({ planned: 300000, collected: 150000, outstanding: 150000, overdue: 50000 });
    const unknown = await t.owner.post(`/api/contracts/${c.body.contractId}/payments`, { amount: 1, paidOn: day(0), instalmentId: "nope" });
    expect(unknown.status).toBe(400);
    const del = await t.owner.del(`/api/contracts/${c.body.contractId}`);
    expect(del.status).toBe(409);
    expect(del.body.error.code).toBe("contract.has_payments");
    const timeline = await t.owner.get(`/api/companies/${companyId}/timeline`);
    expect(timeline.body.items.map((e: { type: string }) => e.type)).toEqual(expect.arrayContaining(["contract.created", "payment.recorded"]));
  });

  it("reminds the owner of an overdue instalment and an ending contract once, and reports receivables", async () => {
    const tt = await newTenant("business");
    const co = (await tt.owner.post("/api/companies", { name: `Receivable Co ${unique()}` })).body.companyId;
    const c = await tt.owner.post("/api/contracts", {
      title: "Ending soon", companyId: co, amount: 20000, endDate: day(10),
      instalments: [{ amount: 10000, dueDate: day(-3) }, { amount: 10000, dueDate: day(30) }],
    });
    expect(c.status).toBe(201);
    const first = await sweep();
    expect(first.overdue).toBeGreaterThanOrEqual(1);
    expect(first.ending).toBeGreaterThanOrEqual(1);
    const notes = await tt.owner.get("/api/notifications");
    const titles = notes.body.items.map((n: { title: string }) => n.title);
    expect(titles).toContain(`Payment overdue on contract ${c.body.number}`);
    expect(titles).toContain(`Contract ${c.body.number} ends on ${day(10)}`);
    await sweep();
    const again = await tt.owner.get("/api/notifications");
    expect(again.body.items.filter((n: { title: string }) => n.title === `Payment overdue on contract ${c.body.number}`)).toHaveLength(1);

    const report = await tt.owner.get("/api/reports/receivables?groupBy=company");
    expect(report.status).toBe(200);
    expect(report.body.items).toEqual([expect.objectContaining({ key: co, planned: 20000, collected: 0, outstanding: 20000, overdue: 10000 })]);
    const byMonth = await tt.owner.get(`/api/reports/receivables?groupBy=month&from=${day(0)}`);
    expect(byMonth.body.total).toEqual({ planned: 10000, collected: 0, outstanding: 10000, overdue: 0 });

    const csv = await app.request("/api/reports/receivables.csv?groupBy=owner&lang=zh-CN", { headers: { cookie: tt.owner.cookie } });
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toContain("text/csv");
    const bytes = Buffer.from(await csv.arrayBuffer());
    // The byte-order mark lets Excel read the Chinese headers.
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString("utf8").trim().split(/\r?\n/);
    expect(lines[0]).toBe("负责人,计划回款,已回款,未回款,逾期");
    expect(lines[1]).toMatch(/^Owner .+,200,0,200,100$/);
    expect(lines.at(-1)).toBe("合计,200,0,200,100");
  });
});
