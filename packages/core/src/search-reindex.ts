import { z } from "zod";
import { actorRef, assertScope, useTenant } from "./actor";
import { CompanyEntity, type CompanyItem } from "./db/company";
import { ContactEntity, type ContactItem } from "./db/contact";
import { DealEntity, type DealItem } from "./db/deal";
import { PipelineEntity } from "./db/pipeline";
import { SearchJobEntity, type SearchJobItem } from "./db/search";
import { TicketEntity, type TicketItem } from "./db/ticket";
import { ConflictError } from "./errors";
import { newId } from "./id";
import { type DomainEvent, now, usePorts } from "./ports";
import { Search } from "./search";
import { SearchIndex } from "./search-index";
import { Tx } from "./tx";

export * as SearchReindex from "./search-reindex";

/** One chunk of the job is one event: on AWS an EventBridge rule invokes the handler; locally the bus does. */
export const CHUNK_EVENT = "search.reindex_chunk";
const PAGE = 100;
const PARALLEL = 8;

export const Job = z.object({
  runId: z.string(),
  status: z.enum(["running", "done", "failed"]),
  steps: z.number().int(),
  step: z.number().int(),
  done: z.number().int(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type Job = z.infer<typeof Job>;

function present(j: SearchJobItem): Job {
  return { runId: j.runId, status: j.status, steps: j.steps.length, step: j.step, done: j.done, startedAt: j.startedAt, finishedAt: j.finishedAt ?? null };
}

type ChunkData = { runId: string; chunk: number; cursor: string | null };

function chunkEvent(tenantId: string, data: ChunkData): DomainEvent<ChunkData> {
  return { id: newId(), type: CHUNK_EVENT, tenantId, actor: actorRef(), at: now().toISOString(), data };
}

/**
 * Starts (or restarts) the one-off reindex of every contact, company, ticket and deal, so records written
 * before the current index terms (pinyin, company names, deals and tickets) become findable. Runs in the
 * background a page at a time.
 */
export async function start(): Promise<Job> {
  assertScope("settings:write");
  const tenantId = useTenant();
  const { data: pipelines } = await PipelineEntity.query.primary({ tenantId }).go({ pages: "all" });
  const columns = pipelines.flatMap((p) => ((p.stages as Array<{ stageId: string }>) ?? []).map((s) => `deals:${p.pipelineId}:${s.stageId}`));
  const job: SearchJobItem = {
    tenantId, runId: newId(), status: "running", steps: ["contacts", "companies", "tickets", ...columns], step: 0, chunk: 0, done: 0, startedAt: now().toISOString(),
  };
  await SearchJobEntity.put(job).go();
  await usePorts().events.publish([chunkEvent(tenantId, { runId: job.runId, chunk: 0, cursor: null })]);
  const { data } = await SearchJobEntity.get({ tenantId }).go();
  return present(data ?? job);
}

/** The latest reindex job, or null. */
export async function status(): Promise<{ job: Job | null }> {
  assertScope("settings:read");
  const { data } = await SearchJobEntity.get({ tenantId: useTenant() }).go();
  return { job: data ? present(data) : null };
}

async function inBatches<T>(items: T[], fn: (item: T) => Promise<void>) {
  for (let i = 0; i < items.length; i += PARALLEL) await Promise.all(items.slice(i, i + PARALLEL).map(fn));
}

/** Rewrites a record's terms if they changed; a concurrent edit (version moved) has indexed it already. */
async function reindexStored(kind: "contact" | "company", item: ContactItem | CompanyItem, next: string[]) {
  const prev = item.searchTerms ?? [];
  if (prev.join("\n") === next.join("\n")) return;
  const tenantId = item.tenantId;
  const tx = new Tx(tenantId).add(() =>
    kind === "contact"
      ? ContactEntity.patch({ tenantId, contactId: (item as ContactItem).contactId }).set({ searchTerms: next }).where((a, op) => op.eq(a.version, item.version))
      : CompanyEntity.patch({ tenantId, companyId: (item as CompanyItem).companyId }).set({ searchTerms: next }).where((a, op) => op.eq(a.version, item.version)),
  );
  const id = kind === "contact" ? (item as ContactItem).contactId : (item as CompanyItem).companyId;
  for (const op of Search.indexOps(kind, id, prev, next, { ownerId: item.ownerId, shared: !!item.shared })) tx.index(op);
  await tx.run().catch((err) => {
    if (!(err instanceof ConflictError)) throw err;
  });
}

/** Puts the terms of a record that keeps none on itself (deals, tickets); putting them again changes nothing. */
async function reindexDerived(kind: string, id: string, terms: string[], owner: { ownerId: string; shared?: boolean }) {
  const tx = new Tx(useTenant());
  const ops = Search.indexOps(kind, id, [], terms, { ownerId: owner.ownerId, shared: !!owner.shared });
  if (!ops.length) return;
  for (const op of ops) tx.add(op);
  await tx.run();
}

/** Indexes one page of a step; returns the records seen and the next page's cursor (null at the step's end). */
export async function indexPage(step: string, cursor: string | null): Promise<{ count: number; next: string | null }> {
  const tenantId = useTenant();
  const opts = { limit: PAGE, cursor };
  if (step === "contacts") {
    const res = await ContactEntity.query.byName({ tenantId }).go(opts);
    await inBatches(res.data, async (c) => reindexStored("contact", c, await SearchIndex.contactTerms(c)));
    return { count: res.data.length, next: res.cursor };
  }
  if (step === "companies") {
    const res = await CompanyEntity.query.byName({ tenantId }).go(opts);
    await inBatches(res.data, async (c) => reindexStored("company", c, await SearchIndex.companyTerms(c)));
    return { count: res.data.length, next: res.cursor };
  }
  if (step === "tickets") {
    const res = await TicketEntity.query.byUpdated({ tenantId }).go(opts);
    await inBatches(res.data, (t: TicketItem) => reindexDerived("ticket", t.ticketId, SearchIndex.ticketTerms(t), t));
    return { count: res.data.length, next: res.cursor };
  }
  const [, pipelineId, stageId] = step.split(":");
  const res = await DealEntity.query.byColumn({ tenantId, pipelineId, stageId }).go(opts);
  await inBatches(res.data, (d: DealItem) => reindexDerived("deal", d.dealId, SearchIndex.dealTerms(d), d));
  return { count: res.data.length, next: res.cursor };
}

/** Handles one chunk event (as the system actor of its tenant): index a page, advance the job once, queue the next. */
export async function onChunk(event: DomainEvent): Promise<void> {
  const data = event.data as ChunkData;
  const tenantId = event.tenantId;
  const { data: job } = await SearchJobEntity.get({ tenantId }).go();
  if (!job || job.runId !== data.runId || job.chunk !== data.chunk || job.status !== "running") return;
  const { count, next } = await indexPage(job.steps[job.step], data.cursor);
  const step = next ? job.step : job.step + 1;
  const finished = step >= job.steps.length;
  try {
    await SearchJobEntity.patch({ tenantId })
      .set({ step, chunk: data.chunk + 1, status: finished ? "done" : "running", ...(finished ? { finishedAt: now().toISOString() } : {}) })
      .add({ done: count })
      .where((a, op) => `${op.eq(a.runId, data.runId)} AND ${op.eq(a.chunk, data.chunk)}`)
      .go();
  } catch (err) {
    // Another delivery of this chunk advanced the job already (or a newer run replaced it).
    if (/conditional request failed/i.test(String((err as Error)?.message))) return;
    throw err;
  }
  if (!finished) await usePorts().events.publish([chunkEvent(tenantId, { runId: data.runId, chunk: data.chunk + 1, cursor: next })]);
}
