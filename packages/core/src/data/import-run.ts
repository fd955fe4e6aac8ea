import { useActor, useTenant, withActor } from "../actor";
import { CompanyConflicts } from "../conflicts/company-hooks";
import type { Keyed } from "../conflicts/keys";
import { Note } from "../collab/note";
import { Company } from "../company";
import { Contact } from "../contact";
import { CompanyEntity } from "../db/company";
import { ContactEntity } from "../db/contact";
import { DueEntity } from "../db/due";
import { ImportErrorEntity, ImportJobEntity, ImportRowEntity, ImportSeenEntity, type ImportJobItem, type ImportRowItem } from "../db/import-job";
import { UniqueEntity } from "../db/unique";
import { DomainError } from "../errors";
import { now } from "../ports";
import { Search } from "../search";
import { Tenant } from "../tenant";
import { Tx, writeIndexItems } from "../tx";
import { Import } from "./import";
import { ImportMapping, type CustomDef, type RowResult } from "./import-mapping";
import { ImportQueue, type ChunkMessage } from "./import-queue";
import { ImportSlots } from "./import-slots";

export * as ImportRun from "./import-run";

/** Rows per chunk: one queue message on AWS, one progress commit everywhere. */
let CHUNK = 500;

/** Smaller chunks let tests see several chunks (and a crash between them) in a small file. */
export function setChunkSize(rows: number): void {
  CHUNK = Math.max(1, Math.floor(rows));
}
/** Lookups and transactions of a chunk in flight at the same time. */
const PARALLEL = 8;
/** A transaction takes at most 100 items; a new row brings 10–20 (record, unique items, index terms, audit, marker). */
const MAX_TX_ITEMS = 100;
const MAX_TX_ROWS = 10;
const MAX_CELL = 32_000;
const MAX_CELLS_TOTAL = 200_000;

type Row = { row: number; cells: string[] };
type Outcome = "created" | "updated" | "skipped" | "failed";
type Stop = "more" | "done" | "stopped";

interface ChunkState {
  job: ImportJobItem;
  custom: CustomDef[];
  region: string;
  currency: string;
  tally: Record<Outcome, number>;
  errors: Array<{ row: number; reason: string; message: string; cells: string[] }>;
  /** Duplicate keys written by this import (earlier chunks, earlier rows of this chunk). */
  seen: Set<string>;
  /** Companies by normalized name, found or created for this chunk's rows. */
  companies: Map<string, Promise<string>>;
  /** Rows created on the chunk's reserved plan slots, by this run. */
  slotted: number;
  signal?: AbortSignal;
}

/** A row whose item failed its condition inside a transaction of several rows. */
class RowFailed extends DomainError {
  constructor(readonly index: number, readonly error: DomainError) {
    super(error.code, error.message, error.status, error.fields);
  }
}

class Aborted extends Error {}

async function loadJob(tenantId: string, importId: string) {
  return (await ImportJobEntity.get({ tenantId, importId }).go()).data ?? undefined;
}

/** Cells as the error report keeps them: whole, unless a row is huge (an item holds 400 KB). */
function keepCells(cells: string[]): string[] {
  let total = 0;
  return cells.map((c) => {
    const cut = c.slice(0, Math.max(0, Math.min(MAX_CELL, MAX_CELLS_TOTAL - total)));
    total += cut.length;
    return cut;
  });
}

function fail(s: ChunkState, r: Row, reason: string, message: string, outcome: Outcome = "failed") {
  s.tally[outcome]++;
  s.errors.push({ row: r.row, reason, message, cells: keepCells(r.cells) });
}

/** The reason code of a domain error: a named field gives `contact.email_invalid`, otherwise the error's code. */
function reasonOf(object: string, err: DomainError): string {
  const field = Object.keys(err.fields ?? {})[0];
  if (err.status === 400 && field && field !== "_") return `${object}.${field}_invalid`;
  return err.code;
}

/**
 * An existing record with the row's email, phone (contacts) or phone, name (companies). With `claimed`, also
 * the record an import's claim on one of the keys names: a packed row's search items are written just after
 * its transaction, so a row racing it finds the record by its claim first.
 */
async function findExisting(object: "contact" | "company", input: Record<string, unknown>, emailChecked = false, claimed?: string[]): Promise<string | undefined> {
  const tenantId = useTenant();
  const keys = claimed?.filter((k) => !k.startsWith("email:")) ?? [];
  if (keys.length) {
    const { data: claims } = await UniqueEntity.get(keys.map((value) => ({ tenantId, rule: `import.${object}`, value }))).go();
    for (const c of claims) {
      const found = object === "contact" ? await ContactEntity.get({ tenantId, contactId: c.recordId }).go() : await CompanyEntity.get({ tenantId, companyId: c.recordId }).go();
      if (found.data) return c.recordId;
    }
  }
  if (object === "contact" && typeof input.email === "string" && !emailChecked) {
    const id = await Contact.idBy("email", input.email);
    if (id) return id;
  }
  if (typeof input.phone === "string") {
    const ids = await Search.find(object, input.phone, 20);
    if (ids.length) {
      const entity = object === "contact" ? ContactEntity : CompanyEntity;
      const keys = ids.map((id) => (object === "contact" ? { tenantId, contactId: id } : { tenantId, companyId: id }));
      const { data } = await (entity as typeof ContactEntity).get(keys as never).go();
      const hit = (data as unknown as Array<{ phone?: string; contactId?: string; companyId?: string }>).find((d) => d.phone === input.phone);
      if (hit) return hit.contactId ?? hit.companyId;
    }
  }
  if (object === "company" && typeof input.name === "string") {
    const nameKey = Search.normalize(input.name).slice(0, 200);
    const [hit] = await Company.byNameKey(nameKey);
    if (hit) return hit.companyId;
  }
  return undefined;
}

/** The keys a row is a duplicate by: email and phone, and for companies the normalized name. */
function dupKeys(object: "contact" | "company", res: RowResult): string[] {
  const keys = [...res.keys];
  if (object === "company" && typeof res.input.name === "string") keys.push(`name:${Search.normalize(res.input.name)}`);
  return keys.map((k) => k.slice(0, 300));
}

/**
 * Items written in the record's own transaction: the row marker (so a chunk run again skips the row), the
 * keys this import has now written (later rows with them are duplicates within the file; index items, see
 * `seenOps`), and a claim on each key across imports, so two imports of the same file at once cannot both
 * create the row. `made` names the record once a packed row's create has drafted it.
 */
function extraOps(s: ChunkState, r: Row, outcome: "created" | "updated", keys: string[], claim: boolean, slot = false, made?: { recordId?: string }): Array<Parameters<Tx["add"]>> {
  const { tenantId, importId, object } = s.job;
  const ops: Array<Parameters<Tx["add"]>> = [
    [() => ImportRowEntity.create({ tenantId, importId, row: r.row, outcome, ...(slot ? { slot } : {}), ...(made?.recordId ? { recordId: made.recordId } : {}) }), () => new DomainError("import.row_done", "This row was written already.", 409)],
  ];
  for (const op of seenOps(s, r, keys)) ops.push([op, undefined, "index"]);
  if (claim) {
    for (const key of keys.filter((k) => !k.startsWith("email:"))) {
      ops.push([
        () => UniqueEntity.create({ tenantId, rule: `import.${object}`, value: key, recordId: made?.recordId ?? importId }),
        () => new DomainError("import.key_claimed", "Another import wrote a record with this key.", 409),
      ]);
    }
  }
  return ops;
}

function seenOps(s: ChunkState, r: Row, keys: string[]) {
  const { tenantId, importId } = s.job;
  return keys.map((key) => () => ImportSeenEntity.put({ tenantId, importId, key, row: r.row }));
}

async function writeOne(s: ChunkState, r: Row, res: RowResult, keys: string[], attempt = 0): Promise<void> {
  if (s.signal?.aborted) throw new Aborted("stopped");
  const { object, duplicateMode } = s.job;
  const mode = duplicateMode ?? "skip";
  const inFile = keys.some((k) => s.seen.has(k));
  const existing = mode === "create" ? undefined : await findExisting(object, res.input, false, attempt ? keys : undefined);
  try {
    let recordId: string;
    if (existing && mode === "skip") {
      return fail(s, r, inFile ? "row.duplicate_in_file" : "row.duplicate", inFile ? "An earlier row of the file has the same email or phone." : "A record with the same email or phone exists.", "skipped");
    }
    if (existing) {
      await resolveCompany(s, res.input);
      const current = await (object === "contact" ? Contact.get(existing) : Company.get(existing)).catch(() => undefined);
      if (!current) throw new DomainError("conflict", "The matching record is gone.", 409);
      const patch = { ...res.input, version: current.version };
      await (object === "contact" ? Contact.update(existing, patch, extraOps(s, r, "updated", keys, false)) : Company.update(existing, patch, extraOps(s, r, "updated", keys, false)));
      recordId = existing;
      s.tally.updated++;
    } else {
      await resolveCompany(s, res.input);
      const input = { ...res.input, ...(s.job.createdBy && !s.job.createdBy.includes(":") ? { ownerId: s.job.createdBy } : {}) };
      const ops = extraOps(s, r, "created", keys, mode !== "create");
      const made = object === "contact" ? await Contact.create(input, ops) : await Company.create(input, ops);
      recordId = "contactId" in made ? made.contactId : made.companyId;
      s.tally.created++;
    }
    for (const k of keys) s.seen.add(k);
    if (res.notes) await Note.create({ recordType: object, recordId, body: res.notes }).catch((err) => {
      if (!(err instanceof DomainError)) throw err;
    });
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    if (err.code === "import.row_done") return void s.tally[existing ? "updated" : "created"]++;
    // Another import (or a person) wrote the same email or phone a moment ago: decide again as a duplicate.
    const raced = err.code === "contact.email_taken" || err.code === "import.key_claimed" || err.code === "conflict";
    if (raced && mode !== "create" && attempt < 3) {
      if (err.code === "import.key_claimed" && !(await findExisting(object, res.input, false, keys))) await releaseClaims(s, keys);
      return writeOne(s, r, res, keys, attempt + 1);
    }
    fail(s, r, reasonOf(object, err), err.message);
  }
}

/** A contact's company column: the company of that name, created when there is none (once per chunk). */
async function resolveCompany(s: ChunkState, input: Record<string, unknown>) {
  if (typeof input.company !== "string") return;
  const name = input.company;
  delete input.company;
  const nameKey = Search.normalize(name).slice(0, 200);
  let id = s.companies.get(nameKey);
  if (!id) {
    id = (async () => {
      const [hit] = await Company.byNameKey(nameKey);
      return hit ? hit.companyId : (await Company.create({ name, ...(s.job.createdBy && !s.job.createdBy.includes(":") ? { ownerId: s.job.createdBy } : {}) })).companyId;
    })();
    s.companies.set(nameKey, id);
  }
  input.companyId = await id;
}

/** Claims whose record was deleted since: removed, so the row can be created. */
async function releaseClaims(s: ChunkState, keys: string[]) {
  const { tenantId, object } = s.job;
  for (const key of keys.filter((k) => !k.startsWith("email:"))) await UniqueEntity.delete({ tenantId, rule: `import.${object}`, value: key }).go();
}

/**
 * Runs `fn` over the items, `size` at a time. After a failure no new item starts, and the failure is raised
 * once the items in flight have settled, so a chunk run again never races writes of the failed run.
 */
async function pool<T>(items: T[], size: number, fn: (item: T) => Promise<void>) {
  let next = 0;
  let failure: { error: unknown } | undefined;
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, async () => {
    while (!failure && next < items.length) {
      try {
        await fn(items[next++]);
      } catch (error) {
        failure ??= { error };
      }
    }
  }));
  if (failure) throw failure.error;
}

type Todo = { r: Row; res: RowResult; keys: string[] };
/** A new row's transaction, prepared by the record's own create and not yet run. */
type Draft = Todo & { tx: Tx; recordId: string };
type IndexOp = () => object;

/** After a row's record committed: counted, its keys seen by later rows, its notes added. */
async function created(s: ChunkState, t: Todo, recordId: string, slot = true) {
  s.tally.created++;
  if (slot) s.slotted++;
  for (const k of t.keys) s.seen.add(k);
  if (t.res.notes) await Note.create({ recordType: s.job.object, recordId, body: t.res.notes }).catch((err) => {
    if (!(err instanceof DomainError)) throw err;
  });
}

/** Prepares a new row's transaction through the record's create (validation, unique items, index items, audit, event). */
async function draft(s: ChunkState, t: Todo): Promise<Draft | undefined> {
  if (s.signal?.aborted) throw new Aborted("stopped");
  const { object, duplicateMode } = s.job;
  try {
    await resolveCompany(s, t.res.input);
    const input = { ...t.res.input, ...(s.job.createdBy && !s.job.createdBy.includes(":") ? { ownerId: s.job.createdBy } : {}) };
    const ref: { recordId?: string } = {};
    const ops = extraOps(s, t.r, "created", t.keys, (duplicateMode ?? "skip") !== "create", true, ref);
    let tx: Tx | undefined;
    const made = object === "contact" ? await Contact.create(input, ops, (x) => (tx = x)) : await Company.create(input, ops, (x) => (tx = x));
    ref.recordId = "contactId" in made ? made.contactId : made.companyId;
    return { ...t, tx: tx!, recordId: ref.recordId };
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    fail(s, t.r, reasonOf(object, err), err.message);
    return undefined;
  }
}

/** Drafts packed into transactions of at most 100 items (and a few rows, so one failed condition costs little). */
function pack(drafts: Draft[]): Draft[][] {
  const groups: Draft[][] = [];
  let group: Draft[] = [];
  let items = 0;
  for (const d of drafts) {
    if (group.length && (items + d.tx.size > MAX_TX_ITEMS || group.length >= MAX_TX_ROWS)) {
      groups.push(group);
      group = [];
      items = 0;
    }
    group.push(d);
    items += d.tx.size;
  }
  if (group.length) groups.push(group);
  return groups;
}

/**
 * Commits a group of new rows in one transaction, then writes their index items (search terms, conflict
 * keys, the keys seen) in batches: a transaction holds 100 items and DynamoDB writes batches several times
 * faster, and index items are rebuilt from the record. The chunk commits its progress only after, and a
 * chunk run again after a crash rewrites the index items of the rows its earlier run wrote (`reindex`).
 *
 * A row whose condition fails (its marker exists: an earlier run wrote it; its email or key was taken by
 * another import meanwhile) leaves the group, which commits again without it, and is decided again on its own.
 */
async function commitGroup(s: ChunkState, group: Draft[]) {
  let rest = group;
  while (rest.length) {
    if (s.signal?.aborted) throw new Aborted("stopped");
    const tx = new Tx(s.job.tenantId);
    const index = new Map<Draft, IndexOp[]>();
    rest.forEach((d, i) => {
      const ops: IndexOp[] = [];
      tx.absorb(d.tx, (error) => new RowFailed(i, error), ops);
      index.set(d, ops);
    });
    try {
      await tx.run();
    } catch (err) {
      if (!(err instanceof RowFailed)) throw err;
      // A transaction the SDK sent again after a lost answer finds its own items: rows with their marker
      // are written (by this run or another run of the chunk) and are only counted.
      const { tenantId, importId } = s.job;
      const { data: markers } = await ImportRowEntity.get(rest.map((d) => ({ tenantId, importId, row: d.r.row }))).go();
      const written = new Map(markers.map((m) => [m.row, m]));
      const bad = rest[err.index];
      const mine = rest.filter((d) => written.get(d.r.row)?.recordId === d.recordId);
      await writeIndexItems(mine.flatMap((d) => index.get(d)!));
      for (const d of rest) {
        const m = written.get(d.r.row);
        if (m) await created(s, d, d.recordId, !!m.slot);
      }
      rest = rest.filter((d) => d !== bad && !written.has(d.r.row));
      if (!written.has(bad.r.row)) await writeOne(s, bad.r, bad.res, bad.keys);
      continue;
    }
    await writeIndexItems(rest.flatMap((d) => index.get(d)!));
    for (const d of rest) await created(s, d, d.recordId);
    return;
  }
}

/**
 * The index items of rows an earlier, interrupted run of this chunk created in packed transactions: written
 * again from the stored records (a crash may have come between a transaction and its index batches).
 */
async function reindex(s: ChunkState, rows: Row[], markers: ImportRowItem[]) {
  const { tenantId, object } = s.job;
  const ids = new Map(markers.filter((m) => m.outcome === "created" && m.recordId).map((m) => [m.row, m.recordId!]));
  if (!ids.size) return;
  const entity = (object === "contact" ? ContactEntity : CompanyEntity) as unknown as typeof ContactEntity;
  const keys = [...ids.values()].map((id) => (object === "contact" ? { tenantId, contactId: id } : { tenantId, companyId: id }));
  const { data } = await entity.get(keys as never).go();
  const ops: IndexOp[] = [];
  for (const rec of data as unknown as Array<{ contactId?: string; companyId?: string; searchTerms?: string[]; ownerId: string; shared: boolean } & Keyed>) {
    const id = (rec.contactId ?? rec.companyId)!;
    const tx = new Tx(tenantId);
    for (const op of Search.indexOps(object, id, [], rec.searchTerms ?? [], rec)) tx.index(op);
    CompanyConflicts.trackKeys(tx, object, id, null, rec);
    new Tx(tenantId).absorb(tx, undefined, ops);
  }
  for (const r of rows.filter((r) => ids.has(r.row))) {
    const res = ImportMapping.toInput(object, r.cells, s.job.mapping ?? [], { columns: s.job.headers?.length ?? 0, region: s.region, currency: s.currency, custom: s.custom });
    ops.push(...seenOps(s, r, dupKeys(object, res)));
  }
  await writeIndexItems(ops);
}

/**
 * Writes one chunk's rows and commits the job's progress, conditional on the chunk still being the next
 * one of a running job (a cancel or another runner makes it stop). Rows written by an earlier, interrupted
 * run of the chunk are found by their markers and counted, not written again.
 *
 * New rows go in bulk: the chunk reserves plan slots for all of them in one conditional update (rows past
 * the plan's limit fail with `plan.limit_reached`), then commits them several to a transaction, a few
 * transactions at a time; the progress commit gives back the slots left unused. Rows that match an
 * existing record, and rows sharing a key with an earlier row of the chunk, go one at a time after them.
 */
export function processChunk(job: ImportJobItem, chunk: number, rows: Row[], last: boolean, signal?: AbortSignal): Promise<Stop> {
  // A fresh actor per chunk: reads memoized per request (settings, owners) are as fresh as the chunk.
  return withActor({ ...useActor() }, () => writeChunk(job, chunk, rows, last, signal));
}

async function writeChunk(job: ImportJobItem, chunk: number, rows: Row[], last: boolean, signal?: AbortSignal): Promise<Stop> {
  const { tenantId, importId } = job;
  const mode = job.duplicateMode ?? "skip";
  const settings = await Tenant.settings();
  const s: ChunkState = { job, custom: await Import.customDefs(job.object), region: settings.phoneRegion, currency: settings.currency, tally: { created: 0, updated: 0, skipped: 0, failed: 0 }, errors: [], seen: new Set(), companies: new Map(), slotted: 0, signal };
  const markers = rows.length ? (await ImportRowEntity.get(rows.map((r) => ({ tenantId, importId, row: r.row }))).go()).data : [];
  const done = new Map(markers.map((m) => [m.row, m.outcome]));
  const slottedBefore = markers.filter((m) => m.slot).length;
  await reindex(s, rows, markers);
  const todo: Todo[] = [];
  for (const r of rows) {
    const prior = done.get(r.row);
    if (prior) {
      s.tally[prior]++;
      continue;
    }
    const res = ImportMapping.toInput(job.object, r.cells, job.mapping ?? [], { columns: job.headers?.length ?? 0, region: s.region, currency: s.currency, custom: s.custom });
    if (res.problems.length) fail(s, r, res.problems[0].code, res.problems.map((p) => p.message).join(" "));
    else todo.push({ r, res, keys: dupKeys(job.object, res) });
  }
  const allKeys = [...new Set(todo.flatMap((t) => t.keys))];
  if (allKeys.length) {
    const { data } = await ImportSeenEntity.get(allKeys.map((key) => ({ tenantId, importId, key }))).go();
    for (const d of data) s.seen.add(d.key);
  }
  // Rows that share a key (or an external id: one item per transaction) with an earlier row of the chunk
  // wait for it, so they see it as a duplicate.
  const first: Todo[] = [];
  const later: Todo[] = [];
  const taken = new Set<string>();
  for (const t of todo) {
    const ext = typeof t.res.input.externalId === "string" ? [`ext:${t.res.input.externalId}`] : [];
    const own = [...t.keys, ...ext];
    if (own.some((k) => taken.has(k))) later.push(t);
    else first.push(t);
    for (const k of own) taken.add(k);
  }
  // Which rows are new: those with no existing record (all of them when the user creates anyway).
  const matched = new Set<Todo>();
  if (mode !== "create") {
    // Emails in one batch read of their unique items; phones (and company names) by their index, a row at a time.
    const emailOf = (t: Todo) => (job.object === "contact" && typeof t.res.input.email === "string" ? t.res.input.email.toLowerCase() : undefined);
    const emails = [...new Set(first.map(emailOf).filter((e): e is string => !!e))];
    const takenEmails = new Set(emails.length ? (await UniqueEntity.get(emails.map((value) => ({ tenantId, rule: "contact.email", value }))).go()).data.map((u) => u.value) : []);
    await pool(first, PARALLEL * 2, async (t) => {
      if (signal?.aborted) throw new Aborted("stopped");
      const email = emailOf(t);
      if ((email && takenEmails.has(email)) || (await findExisting(job.object, t.res.input, true))) matched.add(t);
    });
  }
  const fresh = first.filter((t) => !matched.has(t));
  const free = fresh.length ? await ImportSlots.reserve(job.object, importId, chunk, fresh.length, slottedBefore) : 0;
  for (const t of fresh.slice(free)) fail(s, t.r, "plan.limit_reached", `The plan's limit for ${ImportSlots.counterOf(job.object)} is reached.`);
  const drafts: Draft[] = [];
  await pool(fresh.slice(0, free), PARALLEL * 2, async (t) => {
    const d = await draft(s, t);
    if (d) drafts.push(d);
  });
  drafts.sort((a, b) => a.r.row - b.r.row);
  await pool(pack(drafts), PARALLEL, (g) => commitGroup(s, g));
  await pool([...matched], PARALLEL, (t) => writeOne(s, t.r, t.res, t.keys));
  for (const t of later) await writeOne(s, t.r, t.res, t.keys);
  if (signal?.aborted) throw new Aborted("stopped");
  if (s.errors.length) await ImportErrorEntity.put(s.errors.map((e) => ({ tenantId, importId, ...e }))).go();
  const slots = await ImportSlots.held(importId, chunk);
  const used = slottedBefore + s.slotted;
  const stop = await commit(job, chunk, rows.length, s.tally, last, ImportSlots.settleOps(job.object, importId, chunk, slots, used));
  // Cancelled: nobody runs this chunk again, so its slots go back now (a no-op when another run settled them).
  if (stop === "stopped") await ImportSlots.settle(job.object, importId, chunk, used);
  return stop;
}

async function commit(job: ImportJobItem, chunk: number, count: number, tally: Record<Outcome, number>, last: boolean, settle: Array<Parameters<Tx["add"]>>): Promise<Stop> {
  const { tenantId, importId } = job;
  const at = now().toISOString();
  const progress = () =>
    ImportJobEntity.patch({ tenantId, importId })
      .add({ rowsDone: count, created: tally.created, updated: tally.updated, skipped: tally.skipped, failed: tally.failed })
      .set({ nextChunk: chunk + 1, updatedAt: at, ...(last ? { status: "done" as const, finishedAt: at } : {}) })
      .where((a, op) => `${op.eq(a.status, "running")} AND ${op.eq(a.nextChunk, chunk)}`);
  try {
    if (!last) {
      if (!settle.length) await progress().go();
      else {
        const tx = new Tx(tenantId).add(progress);
        for (const o of settle) tx.add(...o);
        await tx.run();
      }
      return "more";
    }
    const tx = new Tx(tenantId)
      .add(progress)
      .add(() => DueEntity.delete({ queue: Import.DUE_QUEUE, dueAt: job.createdAt, tenantId, recordId: importId }));
    for (const o of settle) tx.add(...o);
    await tx.event("import.finished", { importId, object: job.object }).run();
    return "done";
  } catch (err) {
    // Cancelled, or another runner committed this chunk first: this one stops.
    if (err instanceof DomainError || /conditional/i.test(String((err as Error)?.message))) return "stopped";
    throw err;
  }
}

/** Marks a job failed after its chunk kept failing (the error is shown to the user). */
async function markFailed(job: ImportJobItem, message: string) {
  const at = now().toISOString();
  await new Tx(job.tenantId)
    .add(() => ImportJobEntity.patch({ tenantId: job.tenantId, importId: job.importId }).set({ status: "failed", error: message.slice(0, 500), finishedAt: at, updatedAt: at }).where((a, op) => op.eq(a.status, "running")))
    .add(() => DueEntity.delete({ queue: Import.DUE_QUEUE, dueAt: job.createdAt, tenantId: job.tenantId, recordId: job.importId }))
    .run()
    .catch(() => undefined);
}

async function withRetries<T>(job: ImportJobItem, signal: AbortSignal | undefined, fn: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (err instanceof Aborted || signal?.aborted || attempt >= 4) {
        if (!(err instanceof Aborted) && !signal?.aborted) await markFailed(job, (err as Error).message);
        throw err;
      }
      await new Promise((r) => setTimeout(r, 500 * attempt));
    }
  }
}

/**
 * The in-process runner: reads the file once, skips the chunks already committed, and writes the rest a
 * chunk at a time. Memory holds one chunk of rows, whatever the file's size.
 */
export async function runJob(message: ChunkMessage, signal?: AbortSignal): Promise<void> {
  let job = await loadJob(message.tenantId, message.importId);
  if (job?.status !== "running") return;
  const rows = (await Import.openRows(job))[Symbol.asyncIterator]();
  try {
    await rows.next();
    let rowNo = 1;
    for (let skip = job.nextChunk * CHUNK; skip > 0; skip--) {
      if ((await rows.next()).done) break;
      rowNo++;
    }
    for (let chunk = job.nextChunk; ; chunk++) {
      const batch: Row[] = [];
      let end = false;
      while (batch.length < CHUNK) {
        const next = await rows.next();
        if (next.done) {
          end = true;
          break;
        }
        batch.push({ row: ++rowNo, cells: next.value });
      }
      const current = job;
      const stop = await withRetries(current, signal, () => processChunk(current, chunk, batch, end, signal));
      if (stop !== "more") return;
      job = (await loadJob(message.tenantId, message.importId))!;
      if (job.status !== "running") return;
    }
  } finally {
    await rows.return?.(undefined);
  }
}

/**
 * One chunk, as the AWS worker runs it per queue message: reads up to the chunk (skipping earlier rows by
 * parsing only), writes it, and queues the next chunk.
 */
export async function runChunk(message: ChunkMessage): Promise<Stop> {
  const job = await loadJob(message.tenantId, message.importId);
  if (job?.status !== "running" || job.nextChunk !== message.chunk) return "stopped";
  const rows = (await Import.openRows(job))[Symbol.asyncIterator]();
  const batch: Row[] = [];
  let end = false;
  try {
    await rows.next();
    let rowNo = 1;
    for (let skip = message.chunk * CHUNK; skip > 0; skip--) {
      if ((await rows.next()).done) break;
      rowNo++;
    }
    while (batch.length < CHUNK) {
      const next = await rows.next();
      if (next.done) {
        end = true;
        break;
      }
      batch.push({ row: ++rowNo, cells: next.value });
    }
    if (!end) end = (await rows.next()).done === true;
  } finally {
    await rows.return?.(undefined);
  }
  const stop = await processChunk(job, message.chunk, batch, end);
  if (stop === "more") await ImportQueue.dispatch({ ...message, chunk: message.chunk + 1 });
  return stop;
}

/** Jobs that were running when the runtime stopped: each is queued again from its next chunk. */
export async function resumeAll(): Promise<number> {
  const { data } = await DueEntity.query.primary({ queue: Import.DUE_QUEUE }).go({ pages: "all" });
  for (const d of data) {
    const job = await loadJob(d.tenantId, d.recordId);
    if (job?.status === "running") await ImportQueue.dispatch({ tenantId: d.tenantId, importId: d.recordId, chunk: job.nextChunk });
  }
  return data.length;
}

ImportQueue.setLocalRunner(runJob);
