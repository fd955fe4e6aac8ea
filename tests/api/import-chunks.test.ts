import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import { withActor } from "../../packages/core/src/actor";
import { ImportQueue } from "../../packages/core/src/data/import-queue";
import { ImportRun } from "../../packages/core/src/data/import-run";
import { ImportSlots } from "../../packages/core/src/data/import-slots";
import { AuditEntity } from "../../packages/core/src/db/audit";
import { ConflictKeyEntity } from "../../packages/core/src/db/conflict-key";
import { ImportSeenEntity, ImportSlotsEntity } from "../../packages/core/src/db/import-job";
import { SearchEntity } from "../../packages/core/src/db/search";
import { UsageEntity } from "../../packages/core/src/db/usage";
import { type DomainEvent, setPorts, usePorts } from "../../packages/core/src/ports";
import { prng } from "../../packages/core/src/testing/prng";
import { app, newTenant, unique } from "../support/api";
import { upload } from "./import-support";

/**
 * The chunked write path of an import: plan slots reserved per chunk, new rows committed several to a
 * transaction. In this file chunks run where the test awaits them (as the AWS worker runs them), not in the
 * background runner, so a crash can be placed exactly.
 */
type Tenant = Awaited<ReturnType<typeof newTenant>>;
const csv = (rows: string[][]) => Papa.unparse(rows, { newline: "\r\n" });
ImportQueue.use(async () => undefined);
ImportRun.setChunkSize(500);

async function started(t: Tenant, rows: string[][], mode = "skip") {
  const a = await upload(t.owner, "contact", "chunk.csv", Buffer.from(csv(rows)));
  const start = await t.owner.post(`/api/imports/${a.job.importId}/start`, { mapping: a.suggestion, duplicateMode: mode });
  expect(start.status, JSON.stringify(start.body)).toBe(200);
  return a.job.importId as string;
}

const run = (t: Tenant, importId: string, signal?: AbortSignal) =>
  withActor({ type: "system", tenantId: t.tenantId, reason: `import:${importId}` }, () => ImportRun.runJob({ tenantId: t.tenantId, importId, chunk: 0 }, signal));

async function report(t: Tenant, importId: string) {
  const res = await app.request(`/api/imports/${importId}/errors.csv`, { headers: { cookie: t.owner.cookie } });
  return Papa.parse<string[]>((await res.text()).replace(/^\uFEFF/, ""), { skipEmptyLines: true }).data.slice(1);
}

const usage = async (t: Tenant) => (await UsageEntity.get({ tenantId: t.tenantId }).go()).data?.contacts ?? 0;
/** Ids of the contacts with a `contact.created` audit entry. */
async function createdAudits(t: Tenant) {
  const { data } = await AuditEntity.query.primary({ tenantId: t.tenantId }).go({ pages: "all" });
  return new Set(data.filter((a) => a.action === "contact.created").map((a) => a.recordId));
}
const slotItems = async (t: Tenant, importId: string) => (await ImportSlotsEntity.query.primary({ tenantId: t.tenantId, importId }).go()).data;

describe("import: chunked writes", () => {
  it("fits a chunk's new rows under the plan's limit (pure, generated cases)", () => {
    const rand = prng(7);
    for (let i = 0; i < 500; i++) {
      const want = rand.int(0, 600);
      const used = rand.int(0, 1200);
      const limit = rand.chance(0.2) ? null : rand.int(0, 1200);
      const got = ImportSlots.fit(want, used, limit);
      expect(got).toBeGreaterThanOrEqual(0);
      expect(got).toBeLessThanOrEqual(want);
      if (limit === null) expect(got).toBe(want);
      else {
        expect(used + got <= limit || got === 0).toBe(true);
        if (got < want) expect(used + got).toBeGreaterThanOrEqual(limit);
      }
    }
  });

  it("creates rows up to the plan's limit mid-chunk and refuses the rest with plan.limit_reached", async () => {
    const t = await newTenant("solo");
    const limit = 1000;
    // The workspace has 994 contacts' worth of usage: 6 slots are left for a chunk of 15 new rows.
    await UsageEntity.update({ tenantId: t.tenantId }).add({ contacts: limit - 6 - (await usage(t)) }).go();
    const tag = unique("lim");
    const importId = await started(t, [["Name", "Email"], ...Array.from({ length: 15 }, (_, i) => [`${tag} ${i}`, `${tag}-${i}@example.com`])]);
    await run(t, importId);
    const job = (await t.owner.get(`/api/imports/${importId}`)).body;
    expect(job).toMatchObject({ status: "done", rowsDone: 15, created: 6, failed: 9 });
    expect(await usage(t)).toBe(limit);
    expect(await slotItems(t, importId)).toEqual([]);
    const rows = await report(t, importId);
    expect(rows.map((r) => r[1])).toEqual(Array(9).fill("plan.limit_reached"));
    // The first rows of the file got the slots.
    expect(rows.map((r) => Number(r[0]))).toEqual(Array.from({ length: 9 }, (_, i) => i + 8));
    const found = (await t.owner.get(`/api/contacts?q=${encodeURIComponent(tag)}&limit=50`)).body.items;
    expect(found).toHaveLength(6);
  }, 300_000);

  it("finds duplicates within one chunk by email and phone, and gives back the slots of rows not created", async () => {
    const t = await newTenant("business");
    const tag = unique("dup");
    const before = await usage(t);
    const rows = [
      ["Name", "Email", "Phone"],
      [`${tag} a`, `${tag}-a@example.com`, ""],
      [`${tag} b`, "", "13800001111"],
      [`${tag} a again`, `${tag.toUpperCase()}-A@example.com`, ""],
      [`${tag} b again`, "", "+86 138 0000 1111"],
      [`${tag} c`, `${tag}-c@example.com`, "13800002222"],
      [`${tag} bad`, "not-an-email", ""],
    ];
    const importId = await started(t, rows);
    await run(t, importId);
    const job = (await t.owner.get(`/api/imports/${importId}`)).body;
    expect(job).toMatchObject({ status: "done", rowsDone: 6, created: 3, skipped: 2, failed: 1 });
    expect((await report(t, importId)).map((r) => [r[0], r[1]])).toEqual([["4", "row.duplicate_in_file"], ["5", "row.duplicate_in_file"], ["7", "contact.email_invalid"]]);
    expect(await usage(t)).toBe(before + 3);
    expect(await slotItems(t, importId)).toEqual([]);
    // Each created record has its audit entry, written in the same transaction.
    expect((await createdAudits(t)).size).toBe(3);
  }, 300_000);

  it("resumes a chunk stopped between its transactions: nothing twice, every row audited, usage exact", async () => {
    const t = await newTenant("business");
    const tag = unique("res");
    const before = await usage(t);
    const n = 160;
    const importId = await started(t, [["Name", "Email", "Phone"], ...Array.from({ length: n }, (_, i) => [`${tag} ${i}`, `${tag}-${i}@example.com`, `1390000${String(i).padStart(4, "0")}`])]);
    // A crash after the first transaction of rows committed: the publisher sees its events and stops the run.
    const ports = usePorts();
    const controller = new AbortController();
    const createdEvents: DomainEvent[] = [];
    setPorts({
      events: {
        publish: async (events) => {
          createdEvents.push(...events.filter((e) => e.type === "contact.created"));
          if (createdEvents.length) controller.abort();
          await ports.events.publish(events);
        },
      },
    });
    try {
      await expect(run(t, importId, controller.signal)).rejects.toThrow();
    } finally {
      setPorts({ events: ports.events });
    }
    const stopped = (await t.owner.get(`/api/imports/${importId}`)).body;
    expect(stopped).toMatchObject({ status: "running", rowsDone: 0 });
    const firstRun = createdEvents.length;
    expect(firstRun).toBeGreaterThan(0);
    expect(firstRun).toBeLessThan(n);
    // The chunk holds its slots while stopped, and uses them when it runs again.
    expect((await slotItems(t, importId))[0]?.count).toBe(n);
    await run(t, importId);
    const job = (await t.owner.get(`/api/imports/${importId}`)).body;
    expect(job).toMatchObject({ status: "done", rowsDone: n, created: n, failed: 0, skipped: 0 });
    expect(await usage(t)).toBe(before + n);
    expect(await slotItems(t, importId)).toEqual([]);
    const all = new Map<string, any>();
    let cursor: string | null = null;
    do {
      const res: any = await t.owner.get(`/api/contacts?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
      for (const c of res.body.items) if (c.name.startsWith(tag)) all.set(c.contactId, c);
      cursor = res.body.cursor;
    } while (cursor);
    expect(all.size).toBe(n);
    expect(new Set([...all.values()].map((c) => c.email)).size).toBe(n);
    const audited = await createdAudits(t);
    expect([...all.keys()].every((id) => audited.has(id))).toBe(true);
  }, 300_000);

  it("writes the index items of rows whose transaction committed just before a crash when the chunk runs again", async () => {
    const t = await newTenant("business");
    const tag = unique("idx");
    const n = 60;
    const importId = await started(t, [["Name", "Email", "Phone"], ...Array.from({ length: n }, (_, i) => [`${tag} ${i}`, `${tag}-${i}@example.com`, `1370000${String(i).padStart(4, "0")}`])]);
    // The first packed transaction commits, then the process fails before its index batches are written.
    const ports = usePorts();
    let failed = 0;
    setPorts({
      events: {
        publish: async (events) => {
          if (!failed && events.some((e) => e.type === "contact.created")) {
            failed = events.filter((e) => e.type === "contact.created").length;
            throw new Error("crash after the commit");
          }
          await ports.events.publish(events);
        },
      },
    });
    try {
      await run(t, importId);
    } finally {
      setPorts({ events: ports.events });
    }
    expect(failed).toBeGreaterThan(0);
    const job = (await t.owner.get(`/api/imports/${importId}`)).body;
    expect(job).toMatchObject({ status: "done", created: n, failed: 0, skipped: 0 });
    const contacts = (await t.owner.get(`/api/contacts?limit=100`)).body.items.filter((c: any) => c.name.startsWith(tag));
    expect(contacts).toHaveLength(n);
    // Every contact has its search terms (found by email prefix and by the phone's last four digits) and its conflict keys.
    const { data: terms } = await SearchEntity.query.primary({ tenantId: t.tenantId, kind: "contact" }).go({ pages: "all" });
    for (const c of contacts) {
      const own = terms.filter((x) => x.recordId === c.contactId).map((x) => x.term);
      expect(own, c.name).toContain(c.email);
      expect(own, c.name).toContain(c.phone.slice(-4));
      const { data: keys } = await ConflictKeyEntity.query.primary({ tenantId: t.tenantId, key: `p:${c.phone}` }).go();
      expect(keys.map((k) => k.recordId), c.name).toContain(c.contactId);
    }
    const found = await t.owner.get(`/api/contacts?q=${encodeURIComponent(`${tag}-0@`)}`);
    expect(found.body.items.map((c: any) => c.email)).toEqual([`${tag}-0@example.com`]);
    // The keys the import has seen (its duplicates-within-the-file check) are all there too.
    const keys = contacts.flatMap((c: any) => [`email:${c.email}`, `phone:${c.phone}`]);
    const { data: seen } = await ImportSeenEntity.get(keys.map((key: string) => ({ tenantId: t.tenantId, importId, key }))).go();
    expect(seen).toHaveLength(n * 2);
  }, 300_000);
});
