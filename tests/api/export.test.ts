import { beforeAll, describe, expect, it } from "vitest";
import { ExportCells } from "../../packages/core/src/data/export-cells";
import { prng } from "../../packages/core/src/testing/prng";
import { addMember, newTenant, unique } from "../support/api";
import { csvRows, download, xlsxRows } from "../support/downloads";

type T = Awaited<ReturnType<typeof newTenant>>;




let t: T;
let other: T;

beforeAll(async () => {
  t = await newTenant("enterprise");
  other = await newTenant("enterprise");
  for (const c of [
    { name: "张伟", email: `${unique("zw")}@example.cn`, title: "销售总监", tags: ["vip"] },
    { name: "=HYPERLINK(\"http://evil\")", title: "+cmd|' /C calc'!A0", tags: ["vip"] },
    { name: "@SUM(1+1)", title: "-2+3" },
    { name: "Plain Person", title: "Engineer" },
  ]) expect((await t.owner.post("/api/contacts", c)).status).toBe(201);
  expect((await other.owner.post("/api/contacts", { name: `Other Secret ${unique()}` })).status).toBe(201);
});

describe("export of list views", () => {
  it("CSV is UTF-8 with a BOM, a real download with a UTF-8 filename, and Chinese round-trips", async () => {
    const res = await download(t.owner, "/api/contacts/export?format=csv&lang=zh-CN");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/csv");
    const cd = res.headers.get("content-disposition")!;
    expect(cd).toMatch(/^attachment; filename="/);
    expect(cd).toContain(`filename*=UTF-8''${encodeURIComponent("联系人")}`);
    expect([...res.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = csvRows(res.bytes);
    expect(rows[0].slice(0, 4)).toEqual(["姓名", "邮箱", "电话", "职位"]);
    const zw = rows.find((r) => r[0] === "张伟")!;
    expect(zw[3]).toBe("销售总监");
    expect(rows.length).toBe(5);
  });

  it("headers follow Accept-Language when no lang is given", async () => {
    const zh = csvRows((await download(t.owner, "/api/contacts/export", { "accept-language": "zh-CN,zh;q=0.9,en;q=0.8" })).bytes);
    expect(zh[0][0]).toBe("姓名");
    const en = csvRows((await download(t.owner, "/api/contacts/export", { "accept-language": "en-US,en;q=0.9" })).bytes);
    expect(en[0][0]).toBe("Name");
  });

  it("escapes cells that begin like a formula in CSV", async () => {
    const rows = csvRows((await download(t.owner, "/api/contacts/export?format=csv")).bytes);
    const names = rows.slice(1).map((r) => r[0]);
    expect(names).toContain("'=HYPERLINK(\"http://evil\")");
    expect(names).toContain("'@SUM(1+1)");
    const titles = rows.slice(1).map((r) => r[3]);
    expect(titles).toContain("'+cmd|' /C calc'!A0");
    expect(titles).toContain("'-2+3");
    for (const r of rows.slice(1)) for (const cell of r) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });

  it("writes XLSX that exceljs reads back, with formulas escaped and Chinese intact", async () => {
    const res = await download(t.owner, "/api/contacts/export?format=xlsx&lang=en");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("spreadsheetml");
    expect(res.headers.get("content-disposition")).toContain(".xlsx");
    const rows = await xlsxRows(res.bytes);
    expect(rows[0][0]).toBe("Name");
    const names = rows.slice(1).map((r) => r[0]);
    expect(names).toEqual(expect.arrayContaining(["张伟", "'=HYPERLINK(\"http://evil\")", "'@SUM(1+1)", "Plain Person"]));
    for (const r of rows.slice(1)) for (const cell of r) if (typeof cell === "string") expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    for (const r of rows) for (const cell of r) expect(typeof cell === "object" && cell !== null && "formula" in (cell as object)).toBe(false);
  });

  it("honours the list's filters and audits the export with them", async () => {
    const rows = csvRows((await download(t.owner, "/api/contacts/export?tag=vip")).bytes);
    expect(rows.slice(1).map((r) => r[0]).sort()).toEqual(["'=HYPERLINK(\"http://evil\")", "张伟"].sort());
    const search = csvRows((await download(t.owner, "/api/contacts/export?q=plain")).bytes);
    expect(search.slice(1).map((r) => r[0])).toEqual(["Plain Person"]);
    const audit = await t.owner.get("/api/audit?action=contact.exported");
    expect(audit.status).toBe(200);
    const entry = audit.body.items.find((a: any) => JSON.stringify(a.changes).includes("vip"));
    expect(entry).toBeTruthy();
  });

  it("streams every page: more rows than one page (of 100)", async () => {
    const many = await newTenant("enterprise");
    for (let i = 0; i < 120; i += 60) {
      const res = await many.owner.post("/api/contacts/bulk", { matchBy: "email", items: Array.from({ length: 60 }, (_, k) => ({ name: `Bulk ${String(i + k).padStart(3, "0")}`, email: `bulk${i + k}-${unique()}@example.com` })) });
      expect(res.status).toBe(200);
    }
    const csv = csvRows((await download(many.owner, "/api/contacts/export")).bytes);
    expect(csv.length).toBe(121);
    expect(new Set(csv.slice(1).map((r) => r[0])).size).toBe(120);
    const xlsx = await xlsxRows((await download(many.owner, "/api/contacts/export?format=xlsx")).bytes);
    expect(xlsx.length).toBe(121);
  });

  it("respects visibility: a member exports only their own and shared records", async () => {
    const member = await addMember(t, "member");
    expect((await member.client.post("/api/contacts", { name: "Member Own" })).status).toBe(201);
    const rows = csvRows((await download(member.client, "/api/contacts/export")).bytes);
    expect(rows.slice(1).map((r) => r[0])).toEqual(["Member Own"]);
  });

  it("never shows another tenant's records, and bad filters answer 400 as JSON", async () => {
    const rows = csvRows((await download(other.owner, "/api/contacts/export")).bytes);
    expect(rows.slice(1).map((r) => r[0]).join()).not.toContain("张伟");
    expect(rows.length).toBe(2);
    const bad = await other.owner.get("/api/contacts/export?format=pdf");
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields).toHaveProperty("format");
    const foreignPipeline = await t.owner.post("/api/pipelines", { name: "Mine" });
    const res = await other.owner.get(`/api/deals/export?pipelineId=${foreignPipeline.body.pipelineId}`);
    const missing = await other.owner.get("/api/deals/export?pipelineId=0000000000000nonexistent");
    expect(res.status).toBe(404);
    expect(res.body).toEqual(missing.body);
  });

  it("exports companies, deals with board filters, tickets and leads", async () => {
    const co = await t.owner.post("/api/companies", { name: "北京科技有限公司", industry: "=1+1" });
    const pipeline = await t.owner.post("/api/pipelines", { name: "Export pipeline" });
    await t.owner.post("/api/deals", { pipelineId: pipeline.body.pipelineId, title: "Big deal", amount: 123450, companyId: co.body.companyId });
    await t.owner.post("/api/deals", { pipelineId: pipeline.body.pipelineId, title: "Small deal", amount: 100 });
    await t.owner.post("/api/tickets", { subject: "打印机坏了", requesterEmail: "p@example.com", text: "help" });
    await t.owner.post("/api/leads", { name: "线索一", companyName: "-Lead Co", email: "lead1@example.com" });

    const companies = csvRows((await download(t.owner, "/api/companies/export?lang=zh-CN")).bytes);
    const row = companies.find((r) => r[0] === "北京科技有限公司")!;
    expect(row[companies[0].indexOf("行业")]).toBe("'=1+1");

    const deals = csvRows((await download(t.owner, `/api/deals/export?pipelineId=${pipeline.body.pipelineId}&amountMin=1000`)).bytes);
    expect(deals.slice(1).map((r) => r[0])).toEqual(["Big deal"]);
    expect(deals[1][deals[0].indexOf("Amount")]).toBe("1234.5");
    expect(deals[1][deals[0].indexOf("Company")]).toBe("北京科技有限公司");
    const allDeals = csvRows((await download(t.owner, "/api/deals/export")).bytes);
    expect(allDeals.slice(1).map((r) => r[0])).toEqual(expect.arrayContaining(["Big deal", "Small deal"]));

    const tickets = csvRows((await download(t.owner, "/api/tickets/export?status=all")).bytes);
    expect(tickets.slice(1).map((r) => r[1])).toContain("打印机坏了");
    const leads = csvRows((await download(t.owner, "/api/leads/export")).bytes);
    const lead = leads.find((r) => r[0] === "线索一")!;
    expect(lead[1]).toBe("'-Lead Co");
    const solved = csvRows((await download(t.owner, "/api/tickets/export?status=solved")).bytes);
    expect(solved.length).toBe(1);
  });

  it("adds custom fields as columns headed by their label in the requester's language, escaped like the rest", async () => {
    const field = await t.owner.post("/api/custom-fields", { objectType: "contact", key: "region_code", type: "text", labels: { en: "Region code", "zh-CN": "区域代码" } });
    expect(field.status).toBe(201);
    expect((await t.owner.post("/api/contacts", { name: "Custom Person", custom: { region_code: "=EVIL()" } })).status).toBe(201);
    const zh = csvRows((await download(t.owner, "/api/contacts/export?lang=zh-CN")).bytes);
    const i = zh[0].indexOf("区域代码");
    expect(i).toBeGreaterThan(0);
    expect(zh.find((r) => r[0] === "Custom Person")![i]).toBe("'=EVIL()");
    const xlsx = await xlsxRows((await download(t.owner, "/api/contacts/export?format=xlsx&lang=en")).bytes);
    const j = xlsx[0].indexOf("Region code");
    expect(j).toBeGreaterThan(0);
    expect(xlsx.find((r) => r[0] === "Custom Person")![j]).toBe("'=EVIL()");
  });
});

describe("formula escaping, generated cases", () => {
  it("prefixes exactly the texts a spreadsheet would run, and keeps the rest unchanged", () => {
    const rand = prng(7);
    const alphabet = ["=", "+", "-", "@", "\t", "\r", "a", "张", "1", " ", "'", "\"", ",", "\n"];
    for (let i = 0; i < 2000; i++) {
      const s = Array.from({ length: rand.int(0, 8) }, () => rand.pick(alphabet)).join("");
      const out = ExportCells.escape(s);
      const dangerous = /^[=+\-@\t\r]/.test(s);
      expect(out).toBe(dangerous ? `'${s}` : s);
      expect(out).not.toMatch(/^[=+\-@\t\r]/);
      expect(ExportCells.cell(s)).toBe(out);
    }
    expect(ExportCells.cell(-5)).toBe(-5);
    expect(ExportCells.cell(["=a", "b"])).toBe("'=a; b");
    expect(ExportCells.cell({ amount: 5, currency: "CNY" })).toBe("5 CNY");
  });

  it("picks the language from lang, then Accept-Language by weight", () => {
    expect(ExportCells.language("zh-CN", "en")).toBe("zh-CN");
    expect(ExportCells.language(undefined, "fr;q=1, zh-TW;q=0.5, en;q=0.8")).toBe("en");
    expect(ExportCells.language(undefined, "zh;q=0.9, en;q=0.8")).toBe("zh-CN");
    expect(ExportCells.language(undefined, undefined)).toBe("en");
  });
});
