import { z } from "zod";
import { actorRef, assertScope, useTenant } from "../actor";
import { CompanyEntity } from "../db/company";
import { ContactEntity } from "../db/contact";
import { DuplicateGroupEntity, DuplicateScanEntity, DuplicateSettingsEntity, type DuplicateScanItem } from "../db/duplicate";
import { UsageEntity } from "../db/usage";
import { ConflictError } from "../errors";
import { newId } from "../id";
import { type DomainEvent, now, usePorts } from "../ports";
import { epochSeconds } from "../table";
import { parse } from "../validation";
import { DedupeRules, type Rule } from "./dedupe-rules";

export * as Dedupe from "./dedupe";

/** One chunk of a scan is one event (EventBridge rule on AWS, the in-process bus locally). */
export const CHUNK_EVENT = "dedupe.scan_chunk";
const PAGE = 1000;
const GROUP_DAYS = 30;

export const ObjectType = z.enum(["contact", "company"]);
export type ObjectType = z.infer<typeof ObjectType>;
const Rules = z.strictObject({ email: z.boolean(), phone: z.boolean(), name: z.boolean(), pinyin: z.boolean() });
export const SettingsInput = z.strictObject({ rules: Rules.partial(), version: z.number().int().min(0) });
export const Settings = z.object({ rules: Rules, version: z.number().int() });
export const ObjectQuery = z.strictObject({ object: ObjectType });

export const Scan = z.object({
  object: ObjectType, runId: z.string(), status: z.enum(["running", "done", "failed"]), processed: z.number(), total: z.number(),
  groups: z.number(), startedAt: z.string(), finishedAt: z.string().nullable(),
});
export type Scan = z.infer<typeof Scan>;

function presentScan(s: DuplicateScanItem): Scan {
  return { object: s.object, runId: s.runId, status: s.status, processed: s.processed, total: s.total, groups: s.groups, startedAt: s.startedAt, finishedAt: s.finishedAt ?? null };
}

/** The tenant's blocking rules (all on until an admin changes them). */
export async function settings(): Promise<z.infer<typeof Settings>> {
  const { data } = await DuplicateSettingsEntity.get({ tenantId: useTenant() }).go();
  return { rules: { ...DedupeRules.ALL_ON, ...((data?.rules as object) ?? {}) }, version: data?.version ?? 0 };
}

/** The rules, for the settings screen. */
export async function getSettings() {
  assertScope("settings:read");
  return settings();
}

/** Switches blocking rules on or off (admins); `version` 0 for the first save, then the current one. */
export async function updateSettings(raw: unknown) {
  assertScope("settings:write");
  const input = parse(SettingsInput, raw);
  const current = await settings();
  if (current.version !== input.version) throw new ConflictError();
  const next = { rules: { ...current.rules, ...input.rules }, version: current.version + 1 };
  const tenantId = useTenant();
  const put = DuplicateSettingsEntity.put({ tenantId, rules: next.rules, version: next.version, updatedAt: now().toISOString() });
  try {
    await (input.version === 0 ? put.where((a, op) => op.notExists(a.version)) : put.where((a, op) => op.eq(a.version, input.version))).go();
  } catch {
    throw new ConflictError();
  }
  return next;
}

type ChunkData = { object: ObjectType; runId: string; chunk: number; cursor: string | null };
type Block = [key: string, rule: Rule, ids: string[]];

function chunkEvent(tenantId: string, data: ChunkData): DomainEvent<ChunkData> {
  return { id: newId(), type: CHUNK_EVENT, tenantId, actor: actorRef(), at: now().toISOString(), data };
}

const blobKey = (tenantId: string, d: { object: string; runId: string }, chunk: number) => `dedupe/${tenantId}/${d.object}/${d.runId}/${chunk}.json`;

/**
 * Starts a scan in the background: each chunk reads a page of records and stores its blocking keys; the
 * last chunk joins the blocks and stores the groups. Work is linear in records: pairs are never compared.
 */
export async function start(raw: unknown): Promise<Scan> {
  const { object } = parse(ObjectQuery, raw);
  assertScope(object === "contact" ? "contacts:write" : "companies:write");
  const tenantId = useTenant();
  const [{ rules }, usage] = await Promise.all([settings(), UsageEntity.get({ tenantId }).go()]);
  const scan: DuplicateScanItem = {
    tenantId, object, runId: newId(), status: "running", rules, chunk: 0, processed: 0,
    total: (object === "contact" ? usage.data?.contacts : usage.data?.companies) ?? 0, groups: 0, startedAt: now().toISOString(),
  };
  await DuplicateScanEntity.put(scan).go();
  await usePorts().events.publish([chunkEvent(tenantId, { object, runId: scan.runId, chunk: 0, cursor: null })]);
  const { data } = await DuplicateScanEntity.get({ tenantId, object }).go();
  return presentScan(data ?? scan);
}

/** The latest scan of an object type, or null. */
export async function status(raw: unknown): Promise<{ scan: Scan | null }> {
  const { object } = parse(ObjectQuery, raw);
  assertScope(object === "contact" ? "contacts:read" : "companies:read");
  const { data } = await DuplicateScanEntity.get({ tenantId: useTenant(), object }).go();
  return { scan: data ? presentScan(data) : null };
}

async function pageOf(object: ObjectType, cursor: string | null) {
  const tenantId = useTenant();
  if (object === "contact") {
    const res = await ContactEntity.query.byName({ tenantId }).go({ limit: PAGE, cursor, attributes: ["contactId", "name", "email", "phone", "companyId"] });
    return { next: res.cursor, candidates: res.data.map((c) => ({ id: c.contactId!, name: c.name!, email: c.email, phone: c.phone, scope: c.companyId })) };
  }
  const res = await CompanyEntity.query.byName({ tenantId }).go({ limit: PAGE, cursor, attributes: ["companyId", "name", "domain", "phone"] });
  // A company's domain plays the part a contact's email does.
  return { next: res.cursor, candidates: res.data.map((c) => ({ id: c.companyId!, name: c.name!, email: c.domain ? `@${c.domain}` : null, phone: c.phone, scope: null })) };
}

/** Runs one chunk; returns the next chunk's data, or null when the scan is finished (or was replaced). */
export async function runChunk(tenantId: string, data: ChunkData): Promise<ChunkData | null> {
  const { data: scan } = await DuplicateScanEntity.get({ tenantId, object: data.object }).go();
  if (!scan || scan.runId !== data.runId || scan.chunk !== data.chunk || scan.status !== "running") return null;
  const rules = scan.rules as DedupeRules.RuleSet;
  const { candidates, next } = await pageOf(data.object, data.cursor);
  const blocks = new Map<string, { rule: Rule; ids: string[] }>();
  for (const c of candidates) DedupeRules.addTo(blocks, c, rules);
  const blobs = usePorts().blobs;
  await blobs.put(blobKey(tenantId, data, data.chunk), Buffer.from(JSON.stringify([...blocks].map(([k, b]) => [k, b.rule, b.ids]))), "application/json");
  let groups = 0;
  if (!next) groups = await finish(tenantId, data);
  try {
    await DuplicateScanEntity.patch({ tenantId, object: data.object })
      .set({ chunk: data.chunk + 1, status: next ? "running" : "done", groups, ...(next ? {} : { finishedAt: now().toISOString() }) })
      .add({ processed: candidates.length })
      .where((a, op) => `${op.eq(a.runId, data.runId)} AND ${op.eq(a.chunk, data.chunk)}`)
      .go();
  } catch (err) {
    // Another delivery of this chunk advanced the scan already, or a newer run replaced it.
    if (/conditional request failed/i.test(String((err as Error)?.message))) return null;
    throw err;
  }
  return next ? { ...data, chunk: data.chunk + 1, cursor: next } : null;
}

/** Joins the blocks of every chunk, groups them and stores the groups of this run. */
async function finish(tenantId: string, data: ChunkData): Promise<number> {
  const blobs = usePorts().blobs;
  const blocks = new Map<string, { rule: Rule; ids: string[] }>();
  for (let i = 0; i <= data.chunk; i++) {
    const body = await blobs.get(blobKey(tenantId, data, i));
    if (!body) continue;
    for (const [key, rule, ids] of JSON.parse(body.toString("utf8")) as Block[]) {
      const b = blocks.get(key);
      if (!b) blocks.set(key, { rule, ids: [...ids] });
      else if (b.ids.length <= DedupeRules.MAX_BLOCK) for (const id of ids) if (!b.ids.includes(id)) b.ids.push(id);
    }
  }
  const groups = DedupeRules.group(blocks);
  const expiresAt = epochSeconds(now()) + GROUP_DAYS * 86400;
  const items = groups.map((g, i) => ({
    tenantId, object: data.object, runId: data.runId, rank: `${String(1000 - Math.round(g.confidence * 1000)).padStart(4, "0")}#${String(i).padStart(7, "0")}`,
    ids: g.ids, reasons: g.reasons, confidence: g.confidence, expiresAt,
  }));
  for (let i = 0; i < items.length; i += 25) await DuplicateGroupEntity.put(items.slice(i, i + 25)).go();
  for (let i = 0; i <= data.chunk; i++) await blobs.delete(blobKey(tenantId, data, i));
  return groups.length;
}

/** Handles a chunk event as the system actor of its tenant, and queues the next chunk. */
export async function onChunk(event: DomainEvent): Promise<void> {
  const next = await runChunk(event.tenantId, event.data as ChunkData);
  if (next) await usePorts().events.publish([chunkEvent(event.tenantId, next)]);
}

/** Runs a whole scan in this process, chunk after chunk (the benchmark; a self-hosted CLI). */
export async function runAll(object: ObjectType): Promise<Scan> {
  const tenantId = useTenant();
  const [{ rules }] = await Promise.all([settings()]);
  const scan: DuplicateScanItem = { tenantId, object, runId: newId(), status: "running", rules, chunk: 0, processed: 0, total: 0, groups: 0, startedAt: now().toISOString() };
  await DuplicateScanEntity.put(scan).go();
  let data: ChunkData | null = { object, runId: scan.runId, chunk: 0, cursor: null };
  while (data) data = await runChunk(tenantId, data);
  const { data: done } = await DuplicateScanEntity.get({ tenantId, object }).go();
  return presentScan(done!);
}
