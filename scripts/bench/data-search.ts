/**
 * Duplicate-scan and search figures (#7).
 *
 * Seeding: 100,000 contacts through the API would take hours on DynamoDB Local, so contacts are written
 * straight to the table in batches (BatchWrite, 25 items a request, 4 in flight) in the app's own item
 * shapes, and their search index items are computed with the same `Search.terms` the write path uses. About
 * 3% of the contacts are planted duplicates (a Gmail address typed with dots, the same phone, the same
 * Chinese name at the same company), so the scan has groups to find.
 *
 * - `dedupe.scan_s.*`: a whole scan (`Dedupe.runAll`: every chunk of 1,000 contacts, the join of the blocks
 *   and the groups written) over 100,000 and 10,000 contacts. Linear work, so the goal is a ratio ≤ 15.
 * - `search.p50_ms.*`: the global search (`SearchGlobal.search`, all four types) for a mix of typed queries
 *   (pinyin, initials, name prefix, email, last four digits; hits and misses alike at both sizes) among
 *   100,000 and 1,000 contacts, the two sizes
 *   taking turns so load from other work falls on both alike. Prefix queries on the index: goal ratio ≤ 1.5.
 */
export async function searchFigures(): Promise<Record<string, number>> {
  const { withActor } = await import("../../packages/core/src/actor");
  const { Auth } = await import("../../packages/core/src/auth");
  const { Tenant } = await import("../../packages/core/src/tenant");
  const { ContactEntity } = await import("../../packages/core/src/db/contact");
  const { SearchEntity } = await import("../../packages/core/src/db/search");
  const { Search } = await import("../../packages/core/src/search");
  const { SearchGlobal } = await import("../../packages/core/src/search-global");
  const { Dedupe } = await import("../../packages/core/src/data/dedupe");

  const BIG = Number(process.env.BENCH_DATA_BIG ?? 100_000);
  const MID = Math.round(BIG / 10);
  const SMALL = Math.round(BIG / 100);
  const SURNAMES = ["张", "王", "李", "赵", "刘", "陈", "杨", "黄", "周", "吴", "欧阳", "单", "曾"];
  const GIVEN = ["伟", "芳", "娜", "静", "敏", "磊", "洋", "勇", "艳", "杰", "小明", "建国", "丽华", "志强"];

  const tenant = async (label: string) => {
    const slug = `ds${label}x${Date.now().toString(36)}`;
    const { tenantId, userId } = await Auth.signup({ companyName: `Bench ${label}`, slug, name: "Bench", email: `${slug}@example.com`, password: "benchmark password" });
    await withActor({ type: "system", reason: "bench" }, () => Tenant.changePlan(slug, { plan: "enterprise" }));
    return { tenantId, userId };
  };

  const seed = async (size: number, label: string, withIndex: boolean) => {
    const { tenantId, userId } = await tenant(label);
    const at = new Date().toISOString();
    const CHUNK = 2000;
    for (let start = 0; start < size; start += CHUNK) {
      const contacts = [];
      const terms = [];
      for (let i = start; i < Math.min(size, start + CHUNK); i++) {
        // Every 33rd contact repeats the one before it in a way a person would (3% duplicates).
        const dup = i % 33 === 1;
        const base = dup ? i - 1 : i;
        const name = i % 3 === 0 || dup
          ? `${SURNAMES[base % SURNAMES.length]}${GIVEN[Math.floor(base / SURNAMES.length) % GIVEN.length]}${base % 7 ? "" : "华"}`
          : `Customer ${String(i).padStart(6, "0")}`;
        const email = dup ? `cust.${base}@gmail.com` : `cust${i}@gmail.com`;
        const phone = `+86139${String(dup ? base : i).padStart(8, "0")}`;
        const companyId = `co${base % 500}`;
        const c = {
          tenantId, contactId: `c${String(i).padStart(7, "0")}`, name, nameKey: Search.normalize(name), email, phone, companyId, companyKey: companyId,
          ownerId: userId, shared: false, tags: [], custom: {}, version: 1, createdAt: at, updatedAt: at,
          searchTerms: withIndex ? Search.terms({ name, email, phone }) : [],
        };
        contacts.push(c);
        if (withIndex) for (const term of c.searchTerms) terms.push({ tenantId, kind: "contact", term, recordId: c.contactId, ownerId: userId, shared: false });
      }
      await ContactEntity.put(contacts).go({ concurrency: 4 } as never);
      for (let j = 0; j < terms.length; j += 5000) await SearchEntity.put(terms.slice(j, j + 5000)).go({ concurrency: 4 } as never);
      if ((start / CHUNK) % 5 === 4) console.error(`[data bench] ${label}: seeded ${start + CHUNK} of ${size}`);
    }
    return tenantId;
  };

  const big = await seed(BIG, "big", true);
  const mid = await seed(MID, "mid", false);
  const small = await seed(SMALL, "small", true);

  const scan = async (tenantId: string) => {
    const start = performance.now();
    const res = await withActor({ type: "system", tenantId, reason: "bench" }, () => Dedupe.runAll("contact"));
    if (!res.groups) throw new Error("the scan found no groups");
    return (performance.now() - start) / 1000;
  };
  const scanMid = await scan(mid);
  const scanBig = await scan(big);

  // The same queries at both sizes: ones that find contacts in both tenants (pinyin, initials, name prefix,
  // email, phone prefix, last four digits) and ones that find nothing in either, so both sizes do the same
  // reads (a query per record type, and one batch read of the hits when there are any).
  const QUERIES = ["zhang", "zw", "wang", "欧阳", "oyn", "customer 000", "cust1", "139000", "0042", "qqxv", "nobody@nowhere", "770077"];
  const times: Record<string, number[]> = { big: [], small: [] };
  const search = (tenantId: string, q: string) => withActor({ type: "system", tenantId, reason: "bench" }, () => SearchGlobal.search({ q, limit: "5" }));
  for (const q of QUERIES) await Promise.all([search(big, q), search(small, q)]); // warm-up
  for (let round = 0; round < 6; round++) {
    for (const q of QUERIES) {
      for (const [label, id] of (round % 2 ? [["small", small], ["big", big]] : [["big", big], ["small", small]]) as Array<[string, string]>) {
        const t = performance.now();
        await search(id, q);
        times[label].push(performance.now() - t);
      }
    }
  }
  const p50 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const sBig = p50(times.big);
  const sSmall = p50(times.small);
  const k = (n: number) => (n >= 1000 ? `${Math.round(n / 1000)}k` : String(n));
  return {
    [`dedupe.scan_s.${k(BIG)}`]: scanBig,
    [`dedupe.scan_s.${k(MID)}`]: scanMid,
    [`dedupe.scan_ratio_${k(BIG)}_${k(MID)}`]: scanBig / scanMid,
    [`search.p50_ms.${k(BIG)}`]: sBig,
    [`search.p50_ms.${k(SMALL)}`]: sSmall,
    [`search.ratio_${k(BIG)}_${k(SMALL)}`]: sBig / sSmall,
  };
}
