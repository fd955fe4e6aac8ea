import { actorRef, useActor } from "./actor";
import { Config } from "./config";
import { auditDays } from "./audit-retention";
import { AuditEntity, type AuditItem } from "./db/audit";
import { Db } from "./db/service";
import { ConflictError, DomainError } from "./errors";
import { newId } from "./id";
import { type DomainEvent, now, usePorts } from "./ports";
import { BatchWriteCommand } from "@aws-sdk/lib-dynamodb";
import { documentClient, epochSeconds } from "./table";

/** An ElectroDB write (create, put, patch, update, delete) not yet sent; the transaction commits it. */
type Operation = object;

interface Op {
  operation: () => Operation;
  /** The error to raise when this item's condition fails (a unique rule, a stale version, a limit). */
  onConditionFail?: () => DomainError;
  /** An index item (see `Tx.index`). */
  index?: boolean;
}

export interface AuditInput {
  action: string;
  recordType: string;
  recordId: string;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
}

const IGNORED_DIFF = new Set(["version", "updatedAt", "searchTerms", "nameKey", "companyKey", "passwordHash"]);

/** Which fields changed, from what to what. Secrets never enter the audit log. */
export function diff(before: Record<string, unknown> | null | undefined, after: Record<string, unknown> | null | undefined) {
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  for (const k of keys) {
    if (IGNORED_DIFF.has(k)) continue;
    const a = before?.[k];
    const b = after?.[k];
    if (JSON.stringify(a) !== JSON.stringify(b)) changes[k] = { from: a ?? null, to: b ?? null };
  }
  return changes;
}

/** An audit entry by the current actor, now; `run` (or `AuditLog.record`) sets its expiry. */
export function auditItem(tenantId: string, input: AuditInput): AuditItem {
  const actor = useActor();
  const ref = actorRef(actor);
  const at = now();
  return {
    tenantId,
    auditId: newId(at.getTime()),
    at: at.toISOString(),
    action: input.action,
    actorType: ref.type,
    actorId: ref.id,
    ip: "ip" in actor ? actor.ip : undefined,
    recordType: input.recordType,
    recordId: input.recordId,
    changes: diff(input.before, input.after),
  };
}

/**
 * The one write path. A transaction collects the record, its unique-rule and index items, usage counters
 * and the audit entry, commits them together, retries on transaction conflicts, turns failed conditions
 * into domain errors, and publishes the events only after the commit.
 */
export class Tx {
  private ops: Op[] = [];
  private events: DomainEvent[] = [];
  private audits: AuditItem[] = [];

  constructor(private readonly tenantId: string) {}

  add(operation: () => Operation, onConditionFail?: () => DomainError, kind: "item" | "index" = "item"): this {
    this.ops.push({ operation, onConditionFail, ...(kind === "index" ? { index: true } : {}) });
    return this;
  }

  /**
   * An index item: a put or delete without a condition, derived from the record and rebuilt from it (search
   * terms, conflict keys). It commits with the transaction like any item, unless a caller that packs many
   * records (an import) takes index items out with `absorb` and writes them in batches afterwards.
   */
  index(operation: () => Operation): this {
    return this.add(operation, undefined, "index");
  }

  audit(input: AuditInput): this {
    if (!Config.auditEnabled()) return this;
    const item = auditItem(this.tenantId, input);
    this.audits.push(item);
    return this.add(() => AuditEntity.create(item));
  }

  event<T>(type: string, data: T): this {
    this.events.push({ id: newId(), type, tenantId: this.tenantId, actor: actorRef(), at: now().toISOString(), data });
    return this;
  }

  /** Items in this transaction so far (DynamoDB takes at most 100 in one). */
  get size(): number {
    return this.ops.length;
  }

  /**
   * Moves another transaction's items, audit entries and events into this one, so several records commit
   * together (an import packs rows). `onConditionFail` wraps the error of any of its failed items, so the
   * caller learns which record's condition failed.
   */
  absorb(other: Tx, onConditionFail: (error: DomainError) => DomainError = (e) => e, indexInto?: Array<() => Operation>): this {
    for (const o of other.ops) {
      if (o.index && indexInto) indexInto.push(o.operation);
      else this.ops.push({ operation: o.operation, onConditionFail: () => onConditionFail(o.onConditionFail?.() ?? new ConflictError()) });
    }
    this.audits.push(...other.audits);
    this.events.push(...other.events);
    return this;
  }

  async run(): Promise<void> {
    if (this.audits.length) {
      // Entries expire after the plan's retention; nothing in the product edits or deletes them.
      const days = await auditDays(this.tenantId);
      for (const a of this.audits) a.expiresAt = epochSeconds(new Date(a.at)) + days * 86400;
    }
    for (let attempt = 0; ; attempt++) {
      const result = await Db.transaction
        // ElectroDB types `.commit()` only inside its callback; every queued operation has it at run time.
        .write(() => this.ops.map((o) => (o.operation() as { commit(): unknown }).commit()) as never)
        .go();
      if (!result.canceled) break;
      const reasons = (result.data as Array<{ rejected?: boolean; code?: string }>) ?? [];
      const failed = reasons.findIndex((r) => r?.code === "ConditionalCheckFailed");
      if (failed >= 0) throw this.ops[failed].onConditionFail?.() ?? new ConflictError();
      const conflicting = reasons.some((r) => r?.code === "TransactionConflict");
      if (!conflicting || attempt >= 8) throw new ConflictError("Too many concurrent changes; try again.", "conflict.busy");
      await new Promise((r) => setTimeout(r, 10 + Math.random() * 40 * (attempt + 1)));
    }
    if (this.events.length) await usePorts().events.publish(this.events);
  }
}

type Params = { TableName: string; Item?: Record<string, unknown>; Key?: Record<string, unknown> };
const BATCH = 25;

/**
 * Writes index items (see `Tx.index`) outside a transaction: BatchWriteItem, 25 at a time and a few batches
 * at once, sending unprocessed items again until all are written. A repeated key keeps its last write.
 */
export async function writeIndexItems(ops: Array<() => Operation>, parallel = 4): Promise<void> {
  const requests = new Map<string, Record<string, unknown>>();
  let table = "";
  for (const op of ops) {
    const p = (op() as { params(): Params }).params();
    table = p.TableName;
    const key = p.Item ? { pk: p.Item.pk, sk: p.Item.sk } : p.Key!;
    requests.set(`${key.pk}\u0000${key.sk}`, p.Item ? { PutRequest: { Item: p.Item } } : { DeleteRequest: { Key: p.Key } });
  }
  const all = [...requests.values()];
  const batches: Array<Array<Record<string, unknown>>> = [];
  for (let i = 0; i < all.length; i += BATCH) batches.push(all.slice(i, i + BATCH));
  const client = documentClient();
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(parallel, batches.length) }, async () => {
    while (next < batches.length) {
      let pending: Array<Record<string, unknown>> | undefined = batches[next++];
      for (let attempt = 0; pending?.length; attempt++) {
        if (attempt > 10) throw new Error("Index items stayed unprocessed after 10 tries.");
        if (attempt) await new Promise((r) => setTimeout(r, 20 * 2 ** Math.min(attempt, 6)));
        const out = await client.send(new BatchWriteCommand({ RequestItems: { [table]: pending as never } }));
        pending = out.UnprocessedItems?.[table] as typeof pending;
      }
    }
  }));
}

export declare namespace Tx {
  /**
   * Given to a record's `create` by a caller that commits many records at once (an import): the record's
   * transaction is handed to it instead of being run, without the plan-limit usage item (the caller
   * reserved the slots for all its records in one conditional update).
   */
  type Batch = (tx: Tx) => void;
}
