import { actorRef, useTenant } from "./actor";
import { CompanyEntity } from "./db/company";
import { ContactEntity } from "./db/contact";
import type { CustomFieldItem } from "./db/custom-field";
import { DealEntity } from "./db/deal";
import { PipelineEntity } from "./db/pipeline";
import { TicketEntity } from "./db/ticket";
import { CustomField } from "./custom-field";
import { newId } from "./id";
import { type DomainEvent, now, usePorts } from "./ports";

export * as CustomFieldPurge from "./custom-field-purge";

/**
 * The background half of purging a custom field: each event handles one chunk of the object's records
 * (removing the field's value with a version bump, so a concurrent edit answers 409 instead of writing
 * the value back), saves the cursor on the definition and publishes the next chunk's event. The last
 * chunk removes the definition. The purge is audited once (started, purged), not once per record.
 */
export const EVENT_TYPES = ["custom_field.purge_started", "custom_field.purge_progressed"];
export const CHUNK = 100;

type Stored = { version: number; custom?: unknown };
type Page = { items: Array<Stored & Record<string, unknown>>; cursor: string | null };

/** One page of an object's records, oldest change first (a record edited meanwhile moves ahead and comes again). */
const PAGES: Record<string, (tenantId: string, cursor: string | null) => Promise<Page>> = {
  contact: async (tenantId, cursor) => pageOf(ContactEntity.query.byUpdated({ tenantId }), cursor),
  company: async (tenantId, cursor) => pageOf(CompanyEntity.query.byUpdated({ tenantId }), cursor),
  ticket: async (tenantId, cursor) => pageOf(TicketEntity.query.byUpdated({ tenantId }), cursor),
  // Deals have no tenant-wide index: walk the board, pipeline by pipeline and stage by stage.
  deal: async (tenantId, cursor) => {
    const at = cursor ? (JSON.parse(cursor) as { p: number; s: number; c: string | null }) : { p: 0, s: 0, c: null };
    const { data: pipelines } = await PipelineEntity.query.primary({ tenantId }).go({ pages: "all" });
    const pipeline = pipelines[at.p];
    if (!pipeline) return { items: [], cursor: null };
    const stages = (pipeline.stages as Array<{ stageId: string }>) ?? [];
    const stage = stages[at.s];
    const next = (c: string | null) =>
      c ? { p: at.p, s: at.s, c } : at.s + 1 < stages.length ? { p: at.p, s: at.s + 1, c: null } : at.p + 1 < pipelines.length ? { p: at.p + 1, s: 0, c: null } : null;
    if (!stage) {
      const n = at.p + 1 < pipelines.length ? { p: at.p + 1, s: 0, c: null } : null;
      return { items: [], cursor: n ? JSON.stringify(n) : null };
    }
    const page = await pageOf(DealEntity.query.byColumn({ tenantId, pipelineId: pipeline.pipelineId, stageId: stage.stageId }), at.c);
    const n = next(page.cursor);
    return { items: page.items, cursor: n ? JSON.stringify(n) : null };
  },
};

const ENTITIES: Record<string, { patch: (key: never) => any; get: (key: never) => any; key: (r: Record<string, unknown>) => Record<string, unknown> }> = {
  contact: { patch: (k) => ContactEntity.patch(k), get: (k) => ContactEntity.get(k), key: (r) => ({ tenantId: r.tenantId, contactId: r.contactId }) },
  company: { patch: (k) => CompanyEntity.patch(k), get: (k) => CompanyEntity.get(k), key: (r) => ({ tenantId: r.tenantId, companyId: r.companyId }) },
  deal: { patch: (k) => DealEntity.patch(k), get: (k) => DealEntity.get(k), key: (r) => ({ tenantId: r.tenantId, dealId: r.dealId }) },
  ticket: { patch: (k) => TicketEntity.patch(k), get: (k) => TicketEntity.get(k), key: (r) => ({ tenantId: r.tenantId, ticketId: r.ticketId }) },
};

async function pageOf(query: any, cursor: string | null): Promise<Page> {
  const res = await query.go({ cursor, count: CHUNK, pages: 20, order: "asc" });
  return { items: res.data, cursor: res.cursor ?? null };
}

/** Removes the field's value from one record; a record changed meanwhile is read again. */
async function removeValue(objectType: string, record: Stored & Record<string, unknown>, fieldKey: string) {
  const entity = ENTITIES[objectType];
  let current: (Stored & Record<string, unknown>) | null = record;
  for (let attempt = 0; current && attempt < 5; attempt++) {
    const values = (current.custom ?? {}) as Record<string, unknown>;
    if (!(fieldKey in values)) return;
    const { [fieldKey]: _gone, ...rest } = values;
    const version = current.version;
    try {
      await entity.patch(entity.key(current) as never).set({ custom: rest, version: version + 1 }).where((a: any, op: any) => op.eq(a.version, version)).go();
      return;
    } catch (err) {
      if (!/conditional/i.test(String((err as Error).message))) throw err;
      current = (await entity.get(entity.key(current) as never).go()).data;
    }
  }
}

/** Handles one chunk of a purge (the bus runs it as the system, for the field's tenant). */
export async function onEvent(event: DomainEvent): Promise<void> {
  const data = event.data as { fieldId: string; cursor?: string | null };
  const field = await CustomField.getUnchecked(data.fieldId);
  if (!field?.purgingAt) return;
  const cursor = event.type === "custom_field.purge_progressed" ? (data.cursor ?? null) : (field.purgeCursor ?? null);
  await runChunk(field, cursor);
}

async function runChunk(field: CustomFieldItem, cursor: string | null) {
  const tenantId = useTenant();
  const page = await (PAGES[field.objectType] ?? (async () => ({ items: [], cursor: null })))(tenantId, cursor);
  for (const record of page.items) await removeValue(field.objectType, record, field.key);
  if (!page.cursor) return CustomField.finishPurge(field);
  await CustomField.savePurgeCursor(field, page.cursor);
  const next: DomainEvent = {
    id: newId(), type: "custom_field.purge_progressed", tenantId, actor: actorRef(), at: now().toISOString(),
    data: { fieldId: field.fieldId, cursor: page.cursor },
  };
  await usePorts().events.publish([next]);
}
