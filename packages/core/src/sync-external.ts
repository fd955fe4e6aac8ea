import { z } from "zod";
import { useTenant } from "./actor";
import { UniqueEntity } from "./db/unique";
import { ConflictError } from "./errors";
import type { Tx } from "./tx";

export * as ExternalId from "./sync-external";

/** The id a record has in another system (an ERP, a shop); unique per kind of record in a workspace. */
export const ExternalIdField = z.string().trim().min(1).max(100).nullable();

type Kind = "company" | "deal";
const rule = (kind: Kind) => `${kind}.external`;

/** The record of `kind` that holds this external id, if any. */
export async function idBy(kind: Kind, value: string): Promise<string | undefined> {
  const { data } = await UniqueEntity.get({ tenantId: useTenant(), rule: rule(kind), value }).go();
  return data?.recordId;
}

/**
 * Adds to `tx` the unique-item writes that move a record's external id from `before` to `after`: the
 * record and its unique item commit together, so two records never hold one id, even when written at once.
 */
export function track(tx: Tx, kind: Kind, recordId: string, before: string | null | undefined, after: string | null | undefined): Tx {
  if ((before ?? undefined) === (after ?? undefined)) return tx;
  const tenantId = useTenant();
  if (before) tx.add(() => UniqueEntity.delete({ tenantId, rule: rule(kind), value: before }));
  if (after) {
    tx.add(
      () => UniqueEntity.create({ tenantId, rule: rule(kind), value: after, recordId }),
      () => new ConflictError(`Another ${kind} already has this external id.`, `${kind}.external_id_taken`, { externalId: "Taken." }),
    );
  }
  return tx;
}
