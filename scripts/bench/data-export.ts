/**
 * Export figures (#7): `export.rows_per_s` is a whole contact list (BENCH_EXPORT_ROWS, 10,000 by default)
 * exported as CSV through the real path (`Export.open`: the list query a page of 100 at a time, the owner
 * names, the cells escaped, csv-stringify), the stream read to its end as a client would; `..._xlsx` the
 * same as XLSX through exceljs's streaming writer. Contacts are seeded straight into the table in batches.
 */
export async function exportFigures(): Promise<Record<string, number>> {
  const { withActor } = await import("../../packages/core/src/actor");
  const { Auth } = await import("../../packages/core/src/auth");
  const { Tenant } = await import("../../packages/core/src/tenant");
  const { ContactEntity } = await import("../../packages/core/src/db/contact");
  const { Search } = await import("../../packages/core/src/search");
  const { Export } = await import("../../packages/core/src/data/export");

  const ROWS = Number(process.env.BENCH_EXPORT_ROWS ?? 10_000);
  const slug = `dx${Date.now().toString(36)}`;
  const { tenantId, userId } = await Auth.signup({ companyName: "Bench export", slug, name: "Bench", email: `${slug}@example.com`, password: "benchmark password" });
  await withActor({ type: "system", reason: "bench" }, () => Tenant.changePlan(slug, { plan: "enterprise" }));
  const at = new Date().toISOString();
  for (let start = 0; start < ROWS; start += 2000) {
    const items = [];
    for (let i = start; i < Math.min(ROWS, start + 2000); i++) {
      const name = i % 3 ? `Customer ${String(i).padStart(6, "0")}` : `张伟${i}`;
      items.push({
        tenantId, contactId: `x${String(i).padStart(7, "0")}`, name, nameKey: Search.normalize(name), email: `cust${i}@example.com`, phone: `+86139${String(i).padStart(8, "0")}`,
        title: i % 10 ? "Buyer" : "=HYPERLINK(\"x\")", companyKey: "-", ownerId: userId, shared: false, tags: ["bench"], custom: {}, version: 1, createdAt: at, updatedAt: at,
      });
    }
    await ContactEntity.put(items).go({ concurrency: 4 } as never);
  }
  const actor = { type: "user" as const, userId, email: `${slug}@example.com`, tenantId, role: "owner" as const, teamIds: [] };
  const run = async (format: "csv" | "xlsx") => {
    const started = performance.now();
    const file = await withActor(actor, () => Export.open("contact", { format }));
    let bytes = 0;
    for await (const chunk of file.body as unknown as AsyncIterable<Uint8Array>) bytes += chunk.byteLength;
    const seconds = (performance.now() - started) / 1000;
    return { rowsPerS: ROWS / seconds, bytes };
  };
  const csv = await run("csv");
  const xlsx = await run("xlsx");
  return { "export.rows_per_s": csv.rowsPerS, "export.rows_per_s_xlsx": xlsx.rowsPerS, "export.rows": ROWS };
}
