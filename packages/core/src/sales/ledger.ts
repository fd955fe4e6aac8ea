import { BoardCounterEntity } from "../db/board-counter";
import { SalesStatEntity } from "../db/sales-stat";
import { ConflictError } from "../errors";
import type { Tx } from "../tx";
import { ALL, type Change, type StageKind } from "./counters";

export * as Ledger from "./ledger";

function stageChanged() {
  return new ConflictError("The pipeline's stages changed meanwhile. Reload the board and try again.", "pipeline.stage_changed");
}

/**
 * Adds a deal write's counter changes to its transaction. A stage's `all` board counter is patched (it must
 * exist: a removed stage takes no deals) and, for the stage the deal enters, only while the stage still
 * has the kind the deal's status was derived from. Owner counters and report counters are upserts.
 */
export function addTo(tx: Tx, tenantId: string, changes: Change[], entering?: { stageId: string; kind: StageKind }): Tx {
  for (const { target: t, add } of changes) {
    if (t.type === "board") {
      const key = { tenantId, pipelineId: t.pipelineId, scope: t.scope, stageId: t.stageId };
      if (t.scope !== ALL) {
        tx.add(() => BoardCounterEntity.update(key).add(add as { count?: number; amount?: number }));
        continue;
      }
      const guard = entering?.stageId === t.stageId ? entering.kind : undefined;
      tx.add(() => {
        const op = BoardCounterEntity.patch(key).add(add as { count?: number; amount?: number });
        return guard ? op.where((a, o) => o.eq(a.kind, guard as string)) : op;
      }, stageChanged);
    } else {
      tx.add(() => SalesStatEntity.update({ tenantId, pipelineId: t.pipelineId, month: t.month, dimension: t.dimension }).add(add as never));
    }
  }
  return tx;
}
