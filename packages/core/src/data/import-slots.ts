import { useTenant } from "../actor";
import { ImportSlotsEntity } from "../db/import-job";
import { UsageEntity, type UsageCounter } from "../db/usage";
import { ConflictError } from "../errors";
import { Plan } from "../plan";
import { Tenant } from "../tenant";
import { Tx } from "../tx";
import type { ImportObject } from "./import-mapping";

export * as ImportSlots from "./import-slots";

/**
 * Plan-limit slots for the rows a chunk creates. A record's own create increments the tenant's usage item
 * conditionally, and a transaction cannot touch that item twice, so rows could only commit one at a time.
 * A chunk instead takes the slots for all its new rows in one conditional update (as many as the plan has
 * left), its rows commit several to a transaction without the usage item, and the chunk's progress commit
 * gives back what its rows did not use.
 */
export const counterOf = (object: ImportObject): Extract<UsageCounter, "contacts" | "companies"> => (object === "contact" ? "contacts" : "companies");

/** How many of `want` new records fit: all of them without a limit, else what is left under it (pure). */
export function fit(want: number, used: number, limit: number | null): number {
  if (want <= 0) return 0;
  if (limit === null) return want;
  return Math.max(0, Math.min(want, limit - used));
}

/** Slots a chunk holds from an earlier run (its reservation item), 0 when none. */
export async function held(importId: string, chunk: number): Promise<number> {
  const { data } = await ImportSlotsEntity.get({ tenantId: useTenant(), importId, chunk }).go();
  return data?.count ?? 0;
}

/**
 * Raises the chunk's reservation so that `need` more rows can be created, besides the `used` slots its
 * rows took already; answers the slots now free for this run (fewer than `need` when the plan's limit is
 * reached). The usage increment and the reservation item move in one transaction, conditional on the limit
 * and on the reservation not having changed meanwhile.
 */
export async function reserve(object: ImportObject, importId: string, chunk: number, need: number, used: number): Promise<number> {
  const tenantId = useTenant();
  const counter = counterOf(object);
  const limit = Plan.get((await Tenant.current()).plan).limits[counter];
  for (let attempt = 0; ; attempt++) {
    const count = await held(importId, chunk);
    const free = Math.max(0, count - used);
    if (need <= free) return free;
    const usage = limit === null ? 0 : ((await UsageEntity.get({ tenantId }).go()).data?.[counter] ?? 0);
    const extra = fit(need - free, usage, limit);
    if (extra <= 0) return free;
    const tx = new Tx(tenantId).add(() => {
      const u = UsageEntity.update({ tenantId }).add({ [counter]: extra });
      return limit === null ? u : u.where((a, op) => op.lte(a[counter], limit - extra));
    });
    tx.add(() =>
      count
        ? ImportSlotsEntity.patch({ tenantId, importId, chunk }).set({ count: count + extra }).where((a, op) => op.eq(a.count, count))
        : ImportSlotsEntity.create({ tenantId, importId, chunk, count: extra }),
    );
    try {
      await tx.run();
      return free + extra;
    } catch (err) {
      // Another writer took slots (or another run of the chunk reserved) meanwhile: read again.
      if (!(err instanceof ConflictError) || attempt >= 8) throw err;
    }
  }
}

/**
 * The items that settle a chunk's reservation, for its progress commit: the unused slots go back to the
 * usage counter and the reservation item goes, conditional on its count (a second settlement fails).
 */
export function settleOps(object: ImportObject, importId: string, chunk: number, count: number, used: number): Array<Parameters<Tx["add"]>> {
  if (count <= 0) return [];
  const tenantId = useTenant();
  const unused = Math.max(0, count - used);
  const ops: Array<Parameters<Tx["add"]>> = [[() => ImportSlotsEntity.delete({ tenantId, importId, chunk }).where((a, op) => op.eq(a.count, count))]];
  if (unused) ops.push([() => UsageEntity.update({ tenantId }).add({ [counterOf(object)]: -unused })]);
  return ops;
}

/** Settles a chunk's reservation on its own (a cancelled import's last chunk); nothing when already settled. */
export async function settle(object: ImportObject, importId: string, chunk: number, used: number): Promise<void> {
  const count = await held(importId, chunk);
  const ops = settleOps(object, importId, chunk, count, used);
  if (!ops.length) return;
  const tx = new Tx(useTenant());
  for (const o of ops) tx.add(...o);
  await tx.run().catch((err) => {
    if (!(err instanceof ConflictError)) throw err;
  });
}
