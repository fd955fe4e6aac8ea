import ExcelJS from "exceljs";
import Papa from "papaparse";
import { beforeAll, describe, expect, it } from "vitest";
import { Filter } from "../../packages/core/src/segments/filter";
import { Search } from "../../packages/core/src/search";
import { prng } from "../../packages/core/src/testing/prng";
import { addMember, allPages, app, type Client, newTenant, unique } from "../support/api";

/** The list filter joined with the search box (`q`) and with a company (`companyId`), against brute force over every record. */

type Row = Record<string, any>;
type T = Awaited<ReturnType<typeof newTenant>>;

const enc = (v: unknown) => encodeURIComponent(typeof v === "string" ? v : JSON.stringify(v));

/** Every page of a filtered list; each page says how many records it examined, at least those it shows. */
const all = (c: Client, path: string, limit: number) =>
  allPages<Row>(c, path, limit, (body) => expect(body.examined).toBeGreaterThanOrEqual(body.items.length));

async function download(client: Client, path: string) {
  const res = await app.request(path, { headers: { cookie: client.cookie } }, { incoming: { socket: { remoteAddress: client.ip } } });
  expect(res.status).toBe(200);
  return Buffer.from(await res.arrayBuffer());
}

function csvIds(bytes: Buffer): string[] {
  const rows = Papa.parse<string[]>(bytes.toString("utf8").slice(1), { skipEmptyLines: true }).data;
  const at = rows[0].indexOf("Id");
  expect(at).toBeGreaterThanOrEqual(0);
  return rows.slice(1).map((r) => r[at]);
}

async function xlsxIds(bytes: Buffer): Promise<string[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as never);
  const rows: unknown[][] = [];
  wb.worksheets[0].eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  const at = rows[0].indexOf("Id");
  expect(at).toBeGreaterThanOrEqual(0);
  return rows.slice(1).map((r) => String(r[at]));
}

const ids = (rows: Row[], key: string) => rows.map((r) => String(r[key])).sort();
const noDuplicates = (rows: Row[], key: string) => expect(new Set(rows.map((r) => r[key])).size).toBe(rows.length);

const FIRST = ["Wang", "Wu", "Li", "Zhang", "Wen"];
const GIVEN = ["Wei", "Fang", "Ming", "Wen", "Jun"];
const REGIONS = ["north", "south", "east"];

let t: T;
let member: Awaited<ReturnType<typeof addMember>>;
const contacts: Row[] = [];
const companies: Row[] = [];
const companyNames = new Map<string, string>();

/** Whether `q` finds a contact: a term of the record (as the search index keeps them) starts with the typed query. */
function found(kind: "contact" | "company", r: Row, q: string): boolean {
  const term = Search.queryTerm(q);
  const terms = kind === "contact"
    ? Search.terms({ name: r.name, email: r.email ?? undefined, phone: r.phone ?? undefined, extra: r.companyId ? [companyNames.get(r.companyId)!] : [] })
    : Search.terms({ name: r.name, phone: r.phone ?? undefined, extra: r.domain ? [r.domain] : [] });
  return terms.some((x) => x.startsWith(term));
}

function brute(kind: "contact" | "company", rows: Row[], filter: Filter.Filter, opts: { q?: string; companyId?: string; tag?: string; visibleTo?: string }) {
  const compiled = Filter.compile(filter, [{ key: "region", type: "single_select", validation: { options: REGIONS.map((key) => ({ key })) } }, { key: "score", type: "number" }]);
  return rows.filter((r) =>
    (!opts.q || found(kind, r, opts.q)) && (!opts.companyId || r.companyId === opts.companyId) && (!opts.tag || r.tags.includes(opts.tag)) &&
    (!opts.visibleTo || r.ownerId === opts.visibleTo || r.shared) &&
    Filter.matches({ ...r, lifecycleStage: r.lifecycleStage ?? "subscriber" }, compiled, { now: new Date() }));
}

function randomFilter(rnd: ReturnType<typeof prng>): Filter.Filter {
  const pool = [
    () => ({ field: "custom.region", op: "is", value: rnd.pick(REGIONS) }),
    () => ({ field: "custom.region", op: "is_any_of", value: [rnd.pick(REGIONS), rnd.pick(REGIONS)] }),
    () => ({ field: "custom.score", op: "between", value: rnd.chance(0.5) ? { min: rnd.int(0, 60) } : { max: rnd.int(30, 100) } }),
    () => ({ field: "tags", op: "has_any", value: [rnd.pick(["vip", "new"])] }),
    () => ({ field: "name", op: "contains", value: rnd.pick(GIVEN).toLowerCase() }),
    () => ({ field: "custom.score", op: "empty" }),
  ];
  const n = rnd.int(1, 3);
  return { match: rnd.chance(0.3) ? "any" : "all", conditions: Array.from({ length: n }, () => rnd.pick(pool)()) } as Filter.Filter;
}

beforeAll(async () => {
  t = await newTenant("business");
  member = await addMember(t, "member");
  for (const objectType of ["contact", "company"]) {
    const region = await t.owner.post("/api/custom-fields", { objectType, key: "region", type: "single_select", labels: { en: "Region", "zh-CN": "区域" }, validation: { options: REGIONS.map((key) => ({ key, labels: { en: key } })) } });
    expect(region.status, JSON.stringify(region.body)).toBe(201);
    const score = await t.owner.post("/api/custom-fields", { objectType, key: "score", type: "number", labels: { en: "Score", "zh-CN": "分数" } });
    expect(score.status, JSON.stringify(score.body)).toBe(201);
  }
  const rnd = prng(7);
  for (let i = 0; i < 10; i++) {
    const res = await t.owner.post("/api/companies", {
      name: `${rnd.pick(["Wave", "Acme", "Wind", "Beta"])} ${i} ${unique()}`, tags: rnd.chance(0.5) ? ["vip"] : [],
      custom: { region: rnd.pick(REGIONS), ...(rnd.chance(0.7) ? { score: rnd.int(0, 100) } : {}) },
      ...(rnd.chance(0.3) ? { ownerId: member.userId } : {}), shared: rnd.chance(0.2),
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    companies.push(res.body);
    companyNames.set(res.body.companyId, res.body.name);
  }
  for (let i = 0; i < 48; i++) {
    const res = await t.owner.post("/api/contacts", {
      name: `${rnd.pick(FIRST)} ${rnd.pick(GIVEN)} ${i}`,
      ...(rnd.chance(0.3) ? { email: `${rnd.pick(["w", "z", "l"])}${i}-${unique()}@example.com` } : {}),
      tags: [...(rnd.chance(0.4) ? ["vip"] : []), ...(rnd.chance(0.3) ? ["new"] : [])],
      custom: { region: rnd.pick(REGIONS), ...(rnd.chance(0.8) ? { score: rnd.int(0, 100) } : {}) },
      ...(rnd.chance(0.6) ? { companyId: rnd.pick(companies.slice(0, 4)).companyId } : {}),
      ...(rnd.chance(0.35) ? { ownerId: member.userId } : {}), shared: rnd.chance(0.15),
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    contacts.push(res.body);
  }
}, 300_000);

describe("list filters with the search box and a company", () => {
  it("q + filter returns exactly the matching contacts, paged without duplicates or gaps", async () => {
    const rnd = prng(11);
    let nonEmpty = 0;
    for (let round = 0; round < 8; round++) {
      const q = rnd.pick(["w", "wa", "wang", "z", "li", "wei", "we"]);
      const filter = randomFilter(rnd);
      const limit = rnd.pick([1, 2, 3, 7, 50]);
      const want = brute("contact", contacts, filter, { q });
      const got = await all(t.owner, `/api/contacts?q=${enc(q)}&filter=${enc(filter)}`, limit);
      const seed = `round ${round}: q=${q} limit=${limit} ${JSON.stringify(filter)}`;
      noDuplicates(got, "contactId");
      expect(ids(got, "contactId"), seed).toEqual(ids(want, "contactId"));
      if (want.length) nonEmpty++;
    }
    expect(nonEmpty).toBeGreaterThan(2);
    // A record found by several of its terms (`wang`, `wei`, `wangwei…` for `w`) is one hit.
    const wide = await all(t.owner, `/api/contacts?q=w&filter=${enc({ conditions: [] })}`, 4);
    noDuplicates(wide, "contactId");
    expect(ids(wide, "contactId")).toEqual(ids(brute("contact", contacts, { match: "all", conditions: [] }, { q: "w" }), "contactId"));
    // The tag filter of the list joins too.
    const filter = { match: "all", conditions: [{ field: "custom.score", op: "between", value: { min: 20 } }] } as Filter.Filter;
    const tagged = await all(t.owner, `/api/contacts?q=w&tag=vip&filter=${enc(filter)}`, 3);
    expect(ids(tagged, "contactId")).toEqual(ids(brute("contact", contacts, filter, { q: "w", tag: "vip" }), "contactId"));
  });

  it("q + filter on companies", async () => {
    const rnd = prng(23);
    for (let round = 0; round < 4; round++) {
      const q = rnd.pick(["w", "wa", "a", "b"]);
      const filter = randomFilter(rnd);
      const got = await all(t.owner, `/api/companies?q=${enc(q)}&filter=${enc(filter)}`, rnd.pick([1, 2, 5]));
      noDuplicates(got, "companyId");
      expect(ids(got, "companyId"), `q=${q} ${JSON.stringify(filter)}`).toEqual(ids(brute("company", companies, filter, { q }), "companyId"));
    }
  });

  it("companyId + filter, and q + companyId, page through the company's contacts", async () => {
    const rnd = prng(31);
    for (const company of companies.slice(0, 4)) {
      const filter = randomFilter(rnd);
      const want = brute("contact", contacts, filter, { companyId: company.companyId });
      const got = await all(t.owner, `/api/contacts?companyId=${company.companyId}&filter=${enc(filter)}`, 2);
      noDuplicates(got, "contactId");
      expect(ids(got, "contactId"), JSON.stringify(filter)).toEqual(ids(want, "contactId"));
      // By name, as the company's contact list.
      const names = got.map((c) => String(c.name).toLowerCase());
      expect(names).toEqual([...names].sort());
      // The company page's contacts tab takes the same filter.
      const tab = await all(t.owner, `/api/companies/${company.companyId}/contacts?filter=${enc(filter)}`, 3);
      expect(ids(tab, "contactId")).toEqual(ids(want, "contactId"));

      const q = rnd.pick(["w", "wa", "z"]);
      const searched = await all(t.owner, `/api/contacts?q=${q}&companyId=${company.companyId}`, 1);
      noDuplicates(searched, "contactId");
      expect(ids(searched, "contactId")).toEqual(ids(brute("contact", contacts, { match: "all", conditions: [] }, { q, companyId: company.companyId }), "contactId"));
      const all3 = await all(t.owner, `/api/contacts?q=${q}&companyId=${company.companyId}&filter=${enc(filter)}`, 2);
      expect(ids(all3, "contactId")).toEqual(ids(brute("contact", contacts, filter, { q, companyId: company.companyId }), "contactId"));
    }
  });

  it("a member sees only what they may see", async () => {
    const rnd = prng(43);
    let some = 0;
    for (let round = 0; round < 4; round++) {
      const q = rnd.pick(["w", "wa", "z", "li"]);
      const filter = randomFilter(rnd);
      const want = brute("contact", contacts, filter, { q, visibleTo: member.userId });
      const got = await all(member.client, `/api/contacts?q=${enc(q)}&filter=${enc(filter)}`, 2);
      expect(ids(got, "contactId"), `q=${q} ${JSON.stringify(filter)}`).toEqual(ids(want, "contactId"));
      expect(got.every((c) => c.ownerId === member.userId || c.shared)).toBe(true);
      some += want.length;
    }
    expect(some).toBeGreaterThan(0);
    // The owner sees more than the member for the widest query (so the check above could fail).
    const every = { match: "all", conditions: [] } as Filter.Filter;
    expect(brute("contact", contacts, every, { q: "w" }).length).toBeGreaterThan(brute("contact", contacts, every, { q: "w", visibleTo: member.userId }).length);
    const company = companies[0];
    const byCompany = await all(member.client, `/api/contacts?companyId=${company.companyId}&filter=${enc(every)}`, 2);
    expect(ids(byCompany, "contactId")).toEqual(ids(brute("contact", contacts, every, { companyId: company.companyId, visibleTo: member.userId }), "contactId"));
  });

  it("the export honours q, filter and company together (CSV and XLSX)", async () => {
    const filter = { match: "any", conditions: [{ field: "custom.region", op: "is", value: "north" }, { field: "tags", op: "has_any", value: ["vip"] }] } as Filter.Filter;
    const want = ids(brute("contact", contacts, filter, { q: "w" }), "contactId");
    expect(want.length).toBeGreaterThan(0);
    expect(csvIds(await download(t.owner, `/api/contacts/export?format=csv&lang=en&q=w&filter=${enc(filter)}`)).sort()).toEqual(want);
    expect((await xlsxIds(await download(t.owner, `/api/contacts/export?format=xlsx&lang=en&q=w&filter=${enc(filter)}`))).sort()).toEqual(want);
    // The search alone exports every hit too.
    const every = { match: "all", conditions: [] } as Filter.Filter;
    expect(csvIds(await download(t.owner, `/api/contacts/export?format=csv&lang=en&q=w`)).sort()).toEqual(ids(brute("contact", contacts, every, { q: "w" }), "contactId"));
    const company = companies[1];
    const inCompany = ids(brute("contact", contacts, filter, { companyId: company.companyId }), "contactId");
    expect(csvIds(await download(t.owner, `/api/contacts/export?format=csv&lang=en&companyId=${company.companyId}&filter=${enc(filter)}`)).sort()).toEqual(inCompany);
    const companiesWant = ids(brute("company", companies, filter, { q: "w" }), "companyId");
    expect(csvIds(await download(t.owner, `/api/companies/export?format=csv&lang=en&q=w&filter=${enc(filter)}`)).sort()).toEqual(companiesWant);
    // The member's export holds only what the member sees.
    const memberWant = ids(brute("contact", contacts, filter, { q: "w", visibleTo: member.userId }), "contactId");
    expect(csvIds(await download(member.client, `/api/contacts/export?format=csv&lang=en&q=w&filter=${enc(filter)}`)).sort()).toEqual(memberWant);
  });

  it("bad input still answers 400: a bad condition is named, a foreign cursor is refused", async () => {
    const bad = await t.owner.get(`/api/contacts?q=w&filter=${enc({ conditions: [{ field: "name", op: "contains", value: "x" }, { field: "custom.region", op: "is", value: "west" }] })}`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields["filter.conditions.1.value"]).toContain("Condition 2");
    const badCompany = await t.owner.get(`/api/contacts?companyId=${companies[0].companyId}&filter=${enc({ conditions: [{ field: "custom.nope", op: "is", value: "x" }] })}`);
    expect(badCompany.status).toBe(400);
    expect(badCompany.body.error.fields["filter.conditions.0.field"]).toContain("Condition 1");
    const filter = enc({ conditions: [] });
    expect((await t.owner.get(`/api/contacts?q=w&filter=${filter}&cursor=garbage`)).status).toBe(400);
    // A cursor of the filtered scan is not one of the search's, and the reverse.
    const scanPage = await t.owner.get(`/api/contacts?filter=${filter}&limit=1`);
    expect(scanPage.body.cursor).toBeTruthy();
    const crossed = await t.owner.get(`/api/contacts?q=w&filter=${filter}&limit=1&cursor=${encodeURIComponent(scanPage.body.cursor)}`);
    expect(crossed.status).toBe(400);
    expect(crossed.body.error.code).toBe("cursor.invalid");
    // Another tenant's company holds none of this tenant's contacts.
    const other = await newTenant("business");
    const theirs = await other.owner.get(`/api/contacts?companyId=${companies[0].companyId}&filter=${filter}`);
    expect(theirs.status).toBe(200);
    expect(theirs.body.items).toEqual([]);
  });
});
