import { LifecycleCountEntity } from "../db/lifecycle";
import type { Tx } from "../tx";

export * as LifecycleCounts from "./lifecycle-counts";

/** A deleted contact or company leaves its stage's counter in the delete's own transaction (subscribers are derived). */
export function onRemove(tx: Tx, tenantId: string, recordType: "contact" | "company", item: { lifecycleStage?: string }): void {
  const stage = item.lifecycleStage;
  if (stage && stage !== "subscriber") tx.add(() => LifecycleCountEntity.update({ tenantId, recordType, stage }).add({ count: -1 }));
}
