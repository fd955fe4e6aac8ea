import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import { ImportMapping } from "../../packages/core/src/data/import-mapping";
import { ImportQueue } from "../../packages/core/src/data/import-queue";
import { ImportRead } from "../../packages/core/src/data/import-read";
import { ImportRun } from "../../packages/core/src/data/import-run";
import { app, Client, newTenant, unique } from "../support/api";
import { upload, waitDone } from "./import-support";

type Tenant = Awaited<ReturnType<typeof newTenant>>;

async function importFile(t: Tenant, bytes: Buffer, options: { object?: "contact" | "company"; mode?: string; mapping?: Array<string | null>; name?: string } = {}) {
  const a = await upload(t.owner, options.object ?? "contact", options.name ?? "people.csv", bytes);
  const start = await t.owner.post(`/api/imports/${a.job.importId}/start`, { mapping: options.mapping ?? a.suggestion, duplicateMode: options.mode ?? "skip" });
  expect(start.status, JSON.stringify(start.body)).toBe(200);
  return { analysis: a, job: await waitDone(t.owner, a.job.importId) };
}

async function errorReport(owner: Client, importId: string) {
  const res = await app.request(`/api/imports/${importId}/errors.csv`, { headers: { cookie: owner.cookie } });
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toContain("text/csv");
  const bytes = Buffer.from(await res.arrayBuffer());
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  return Papa.parse<string[]>(bytes.subarray(3).toString("utf8"), { skipEmptyLines: true }).data;
}

async function allContacts(owner: Client) {
  const items: any[] = [];
  let cursor: string | null = null;
  do {
    const res: any = await owner.get(`/api/contacts?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
    items.push(...res.body.items);
    cursor = res.body.cursor;
  } while (cursor);
  return items;
}

/** A small seeded PRNG so generated cases repeat. */
function prng(seed: number) {
  return () => {
    seed = (seed * 1664525 + 1013904223) >>> 0;
    return seed / 2 ** 32;
  };
}

const zhRows = [
  ["姓名", "手机", "邮箱", "职位", "标签", "生日", "备注"],
  ["张伟", "13800138001", "zhangwei@example.cn", "经理", "重要,北京", "1985/3/12", "老客户"],
  ["李娜", "13900139002", "lina@example.cn", "销售", "上海", "1990-07-08", ""],
  ["王芳", "13700137003", "bad-email", "会计", "", "", ""],
];
const csv = (rows: string[][], delimiter = ",") => Papa.unparse(rows, { delimiter, newline: "\r\n" });

describe("import: pure rules", () => {
  it("suggests fields from Chinese and English headers, each field once, remembered choices first", () => {
    expect(ImportMapping.suggest(["姓名", "手机号码", "电子邮件", "公司", "职务", "标签", "出生日期", "备注", "x"], "contact", [])).toEqual(["name", "phone", "email", "company", "title", "tags", "birthday", "notes", null]);
    expect(ImportMapping.suggest(["Full Name", "E-mail", "Mobile Phone", "Job Title"], "contact", [])).toEqual(["name", "email", "phone", "title"]);
    expect(ImportMapping.suggest(["名字", "名称"], "contact", [])).toEqual(["name", null]);
    expect(ImportMapping.suggest(["客户等级"], "contact", [{ key: "level", type: "single_select", labels: { en: "Level", "zh-CN": "客户等级" } }])).toEqual(["custom.level"]);
    expect(ImportMapping.suggest(["Name", "Tel"], "contact", [], { tel: "title" })).toEqual(["name", "title"]);
    expect(ImportMapping.suggest(["公司名称", "网站", "行业"], "company", [])).toEqual(["name", "domain", "industry"]);
  });

  it("turns generated rows into inputs with one reason code per problem", () => {
    const rand = prng(7);
    const mapping = ["name", "email", "phone", "birthday"];
    for (let i = 0; i < 500; i++) {
      const good = rand() < 0.5;
      const cells = [
        rand() < 0.1 ? "" : `Person ${i}`,
        good ? `p${i}@example.com` : `p${i}-at-example`,
        rand() < 0.5 ? `1380013${String(i).padStart(4, "0")}` : "12",
        rand() < 0.5 ? "1990-01-31" : "31/31",
      ];
      if (rand() < 0.2) cells.push("extra");
      const r = ImportMapping.toInput("contact", cells, mapping, { columns: 4, region: "CN", currency: "CNY", custom: [] });
      const codes = r.problems.map((p) => p.code);
      expect(codes.includes("contact.name_missing")).toBe(cells[0] === "");
      expect(codes.includes("contact.email_invalid")).toBe(!good);
      expect(codes.includes("contact.phone_invalid")).toBe(cells[2] === "12");
      expect(codes.includes("contact.birthday_invalid")).toBe(cells[3] === "31/31");
      expect(codes.includes("row.too_many_columns")).toBe(cells.length === 5);
      if (good) expect(r.keys).toContain(`email:p${i}@example.com`);
      if (cells[2] !== "12") expect(r.input.phone).toBe(`+861380013${String(i).padStart(4, "0")}`);
    }
    expect(ImportMapping.toInput("contact", ["a"], ["name", "email"], { columns: 2, region: "CN", currency: "CNY", custom: [] }).problems[0].code).toBe("row.too_few_columns");
  });

  it("detects encodings: BOMs, UTF-8, GBK from Chinese Excel, UTF-16LE and Latin-1; and delimiters", () => {
    const text = csv(zhRows);
    expect(ImportRead.detectEncoding(Buffer.from(text))).toBe("utf-8");
    expect(ImportRead.detectEncoding(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]))).toBe("utf-8");
    expect(ImportRead.detectEncoding(iconv.encode(text, "gbk"))).toBe("gb18030");
    expect(ImportRead.detectEncoding(iconv.encode(text, "utf-16le", { addBOM: true }))).toBe("utf-16le");
    expect(ImportRead.detectEncoding(iconv.encode("name,city\nJosé Müller,Zürich\nFrançois,Besançon\n", "latin1"))).toBe("windows-1252");
    expect(ImportRead.detectDelimiter("a;b;c\n1;2;3\n4;5;6\n")).toBe(";");
    expect(ImportRead.detectDelimiter("a\tb\tc\n1\t2\t3\n")).toBe("\t");
    expect(ImportRead.detectDelimiter("a,b\n1,2\n")).toBe(",");
  });
});

describe("import: API", () => {
  // Several chunks in small files (the machine running the tests is shared and slow).
  ImportRun.setChunkSize(20);
  it("imports a GBK file from Chinese Excel: suggestion, preview, progress to done, error report", async () => {
    const t = await newTenant("business");
    const a = await upload(t.owner, "contact", "客户.csv", iconv.encode(csv(zhRows), "gbk"));
    expect(a.job.encoding).toBe("gb18030");
    expect(a.job.headers).toEqual(zhRows[0]);
    expect(a.suggestion).toEqual(["name", "phone", "email", "title", "tags", "birthday", "notes"]);
    expect(a.preview).toHaveLength(3);
    expect(a.preview[0].cells[0]).toBe("张伟");
    expect(a.preview[0].problems).toEqual([]);
    expect(a.preview[2].problems.map((p: any) => p.code)).toEqual(["contact.email_invalid"]);
    const start = await t.owner.post(`/api/imports/${a.job.importId}/start`, { mapping: a.suggestion, duplicateMode: "skip" });
    expect(start.body.status).toBe("running");
    const job = await waitDone(t.owner, a.job.importId);
    expect(job).toMatchObject({ status: "done", rowsDone: 3, created: 2, failed: 1, skipped: 0, updated: 0 });
    const contacts = await allContacts(t.owner);
    const zhang = contacts.find((c) => c.name === "张伟");
    expect(zhang).toMatchObject({ phone: "+8613800138001", email: "zhangwei@example.cn", title: "经理", tags: ["重要", "北京"], birthday: "1985-03-12" });
    const report = await errorReport(t.owner, a.job.importId);
    expect(report[0]).toEqual(["row", "reason", "message", ...zhRows[0]]);
    expect(report[1].slice(0, 2)).toEqual(["4", "contact.email_invalid"]);
    expect(report[1].slice(3)).toEqual(zhRows[3]);
    // The mapping is remembered for the next import of the same object.
    const again = await upload(t.owner, "contact", "b.csv", Buffer.from(csv([["Tel", "姓名"], ["13800138009", "赵六"]])));
    expect(again.suggestion).toEqual(["phone", "name"]);
  });

  it("reads UTF-16LE with BOM, Latin-1, semicolons, quoted newlines, formulas, 10,000-character fields and ragged rows", async () => {
    const t = await newTenant("business");
    const u16 = await importFile(t, iconv.encode(csv([["Name", "Email"], ["Ada UTF16", `${unique("u16")}@example.com`]]), "utf-16le", { addBOM: true }));
    expect(u16.analysis.job.encoding).toBe("utf-16le");
    expect(u16.job.created).toBe(1);
    const latin = await importFile(t, iconv.encode(csv([["Name", "Title"], ["José Müller", "Señor"], ["François Besançon", "Chef"]], ";"), "latin1"));
    expect(latin.analysis.job).toMatchObject({ encoding: "windows-1252", delimiter: ";" });
    expect(latin.job.created).toBe(2);
    const long = "长".repeat(10_000);
    const tricky = await importFile(t, Buffer.from(csv([
      ["Name", "Title", "Email"],
      ["Multi\nLine Name", "line one\r\nline two", ""],
      ["=HYPERLINK(\"http://evil\")", "@SUM(A1)", ""],
      ["Long Field", long.slice(0, 200), ""],
      ["Too Many", "a", "", "surplus"],
      ["Too Few"],
      ["Trailing Empty", "t", "", "", ""],
    ])), { mapping: ["name", "notes", "email"] });
    expect(tricky.job).toMatchObject({ rowsDone: 6, created: 4, failed: 2 });
    const longNote = await importFile(t, Buffer.from(csv([["Name", "Notes"], ["Long Person", long]])));
    expect(longNote.job.created).toBe(1);
    const contacts = await allContacts(t.owner);
    expect(contacts.map((c) => c.name)).toEqual(expect.arrayContaining(["Ada UTF16", "José Müller", "François Besançon", "Multi\nLine Name", "=HYPERLINK(\"http://evil\")", "Trailing Empty", "Long Person"]));
    const report = await errorReport(t.owner, tricky.analysis.job.importId);
    expect(report.slice(1).map((r) => [r[0], r[1]])).toEqual([["5", "row.too_many_columns"], ["6", "row.too_few_columns"]]);
  });

  it("imports XLSX (first sheet; formulas by their result; dates)", async () => {
    const t = await newTenant("business");
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet("客户");
    sheet.addRow(["姓名", "邮箱", "生日", "职位"]);
    sheet.addRow(["孙七", `${unique("x")}@example.com`, new Date(Date.UTC(1991, 4, 6)), { formula: "\"经\"&\"理\"", result: "经理" }]);
    sheet.addRow(["周八", "", "", ""]);
    wb.addWorksheet("Other").addRow(["ignored"]);
    const bytes = Buffer.from(await wb.xlsx.writeBuffer());
    const { analysis, job } = await importFile(t, bytes, { name: "people.xlsx" });
    expect(analysis.job.format).toBe("xlsx");
    expect(analysis.suggestion).toEqual(["name", "email", "birthday", "title"]);
    expect(job).toMatchObject({ status: "done", created: 2 });
    const sun = (await allContacts(t.owner)).find((c) => c.name === "孙七");
    expect(sun).toMatchObject({ birthday: "1991-05-06", title: "经理" });
  });

  it("finds duplicates in the file and against existing records; skip, update and create decide", async () => {
    const t = await newTenant("business");
    const email = `${unique("dup")}@example.com`;
    await t.owner.post("/api/contacts", { name: "Existing", email, title: "Old" });
    await t.owner.post("/api/contacts", { name: "Existing Phone", phone: "+8613600136000" });
    const rows = [["Name", "Email", "Phone", "Title"], ["Dup Email", email, "", "New"], ["Dup Phone", "", "136 0013 6000", "New"], ["Fresh", `${unique("f")}@example.com`, "13500135000", "x"], ["Fresh Again", "", "+86 135 0013 5000", "y"]];
    const skip = await importFile(t, Buffer.from(csv(rows)));
    expect(skip.job).toMatchObject({ created: 1, skipped: 3, updated: 0 });
    const report = await errorReport(t.owner, skip.analysis.job.importId);
    expect(report.slice(1).map((r) => [r[0], r[1]])).toEqual([["2", "row.duplicate"], ["3", "row.duplicate"], ["5", "row.duplicate_in_file"]]);
    const update = await importFile(t, Buffer.from(csv(rows)), { mode: "update" });
    expect(update.job).toMatchObject({ created: 0, updated: 4, skipped: 0 });
    const contacts = await allContacts(t.owner);
    expect(contacts.find((c) => c.email === email)).toMatchObject({ name: "Dup Email", title: "New" });
    expect(contacts.filter((c) => c.phone === "+8613500135000")).toHaveLength(1);
    expect(contacts.find((c) => c.phone === "+8613500135000").title).toBe("y");
    const create = await importFile(t, Buffer.from(csv(rows.slice(0, 3))), { mode: "create" });
    // An email is unique per workspace even when asked to create anyway; a phone is not.
    expect(create.job).toMatchObject({ created: 1, failed: 1 });
    expect((await errorReport(t.owner, create.analysis.job.importId))[1][1]).toBe("contact.email_taken");
  });

  it("imports companies", async () => {
    const t = await newTenant("business");
    const { job } = await importFile(t, Buffer.from(csv([["公司名称", "网站", "电话", "行业"], ["华为技术", "https://www.huawei.com/cn", "0755 2878 0808", "通信"], ["华为技术", "", "", ""]])), { object: "company" });
    expect(job).toMatchObject({ created: 1, skipped: 1 });
    const list = await t.owner.get("/api/companies");
    expect(list.body.items.find((c: any) => c.name === "华为技术")).toMatchObject({ domain: "huawei.com", industry: "通信", phone: "+8675528780808" });
  });

  it("refuses bad input and answers 404 for another tenant's import", async () => {
    const t = await newTenant("business");
    const other = await newTenant("business");
    const a = await upload(t.owner, "contact", "a.csv", Buffer.from(csv([["Name"], ["A"]])));
    const bad = await t.owner.post(`/api/imports/${a.job.importId}/start`, { mapping: ["nonsense"], duplicateMode: "skip" });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields).toHaveProperty("mapping.0");
    expect((await t.owner.post(`/api/imports/${a.job.importId}/start`, { mapping: [null], duplicateMode: "skip" })).body.error.fields).toHaveProperty("mapping");
    expect((await t.owner.post("/api/imports", { object: "deal", fileName: "x.csv", size: 1 })).status).toBe(400);
    expect((await t.owner.post("/api/imports", { object: "contact", fileName: "x.csv", size: 300 * 1024 * 1024 })).status).toBe(400);
    const empty = await t.owner.post("/api/imports", { object: "contact", fileName: "e.csv", size: 1 });
    expect((await t.owner.post(`/api/imports/${empty.body.job.importId}/analyze`)).body.error.code).toBe("import.no_file");
    for (const path of [`/api/imports/${a.job.importId}`, `/api/imports/${a.job.importId}/errors.csv`]) {
      expect((await other.owner.get(path)).status).toBe(404);
    }
    expect((await other.owner.post(`/api/imports/${a.job.importId}/start`, { mapping: ["name"], duplicateMode: "skip" })).status).toBe(404);
    const put = await app.request(`/api/imports/${a.job.importId}/file`, { method: "PUT", body: "x", headers: { cookie: other.owner.cookie } });
    expect(put.status).toBe(404);
    expect((await other.owner.get("/api/imports")).body.items).toEqual([]);
    expect((await t.owner.get("/api/imports")).body.items.map((j: any) => j.importId)).toContain(a.job.importId);
    // The upload route takes more than the API's 1 MB, streamed.
    const big = Buffer.from("Name,Notes\n" + Array.from({ length: 3000 }, (_, i) => `P${i},${"n".repeat(500)}`).join("\n"));
    const created = await t.owner.post("/api/imports", { object: "contact", fileName: "big.csv", size: big.length });
    const res = await app.request(created.body.upload.url, { method: "PUT", body: new Uint8Array(big), headers: { cookie: t.owner.cookie } });
    expect(res.status).toBe(200);
    expect((await res.json()).headers).toEqual(["Name", "Notes"]);
  });

  const manyRows = (n: number, tag: string) => [["Name", "Email"], ...Array.from({ length: n }, (_, i) => [`${tag} ${i}`, `${tag}-${i}@example.com`])];

  it("cancels a running import", async () => {
    const t = await newTenant("business");
    const a = await upload(t.owner, "contact", "many.csv", Buffer.from(csv(manyRows(400, unique("c")))));
    await t.owner.post(`/api/imports/${a.job.importId}/start`, { mapping: a.suggestion, duplicateMode: "skip" });
    const cancel = await t.owner.post(`/api/imports/${a.job.importId}/cancel`);
    expect(cancel.body.status).toBe("cancelled");
    await new Promise((r) => setTimeout(r, 1500));
    const job = (await t.owner.get(`/api/imports/${a.job.importId}`)).body;
    expect(job.status).toBe("cancelled");
    expect(job.rowsDone).toBeLessThan(400);
  });

  it("resumes after a crash mid-chunk without writing a row twice", async () => {
    const t = await newTenant("business");
    const tag = unique("r");
    const a = await upload(t.owner, "contact", "resume.csv", Buffer.from(csv(manyRows(70, tag))));
    await t.owner.post(`/api/imports/${a.job.importId}/start`, { mapping: a.suggestion, duplicateMode: "create" });
    // Wait until some rows of the first chunk are written, then stop as a crash would.
    for (let i = 0; i < 400; i++) {
      const n = (await t.owner.get(`/api/contacts?q=${encodeURIComponent(tag)}&limit=40`)).body.items.length;
      if (n >= 30) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    ImportQueue.stopAll();
    await new Promise((r) => setTimeout(r, 500));
    const stopped = (await t.owner.get(`/api/imports/${a.job.importId}`)).body;
    expect(stopped.status).toBe("running");
    expect(stopped.rowsDone).toBeLessThan(70);
    // What a restarted runtime does at start.
    expect(await ImportRun.resumeAll()).toBeGreaterThan(0);
    const job = await waitDone(t.owner, a.job.importId);
    expect(job).toMatchObject({ status: "done", rowsDone: 70, created: 70, failed: 0 });
    const mine = (await allContacts(t.owner)).filter((c) => c.name.startsWith(tag));
    expect(mine).toHaveLength(70);
    expect(new Set(mine.map((c) => c.email)).size).toBe(70);
  }, 300_000);

  it("two imports of the same file at the same time never create a row twice", async () => {
    const t = await newTenant("business");
    const tag = unique("cc");
    const rows = [["Name", "Email", "Phone"], ...Array.from({ length: 40 }, (_, i) => [`${tag} ${i}`, i % 2 ? `${tag}-${i}@example.com` : "", i % 2 ? "" : `1380000${String(i).padStart(4, "0")}`])];
    const bytes = Buffer.from(csv(rows));
    const a = await upload(t.owner, "contact", "same.csv", bytes);
    const b = await upload(t.owner, "contact", "same.csv", bytes);
    await Promise.all([a, b].map((x) => t.owner.post(`/api/imports/${x.job.importId}/start`, { mapping: x.suggestion, duplicateMode: "skip" })));
    const [ja, jb] = await Promise.all([waitDone(t.owner, a.job.importId), waitDone(t.owner, b.job.importId)]);
    expect(ja.created + jb.created).toBe(40);
    expect(ja.skipped + jb.skipped).toBe(40);
    const mine = (await allContacts(t.owner)).filter((c) => c.name.startsWith(tag));
    expect(mine).toHaveLength(40);
  }, 300_000);
});
