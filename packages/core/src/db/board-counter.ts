import { Entity, type EntityItem } from "electrodb";
import { entityConfig, SERVICE } from "./config";

/**
 * Count and total amount of the deals in one stage, kept in the same transaction as every deal write, so
 * the board reads one item per stage instead of every deal. `scope` is `all` (the stage's totals) or
 * `owner#<userId>` (one owner's share, for boards of members and managers). One partition per pipeline and
 * scope: the board reads its counters with one query.
 *
 * The `all` item exists exactly as long as its stage: created with the stage, deleted with it only while
 * `count` is 0, and every deal entering the stage patches it on the condition that it exists with the
 * stage kind the deal was written for. So a stage can never be removed (or change kind) under a deal
 * that is being moved into it.
 */
export const BoardCounterEntity = new Entity(
  {
    model: { entity: "boardcounter", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true, readOnly: true },
      pipelineId: { type: "string", required: true, readOnly: true },
      scope: { type: "string", required: true, readOnly: true },
      stageId: { type: "string", required: true, readOnly: true },
      kind: { type: "string" },
      count: { type: "number", required: true, default: 0 },
      /** Sum of the deals' amounts, in the pipeline currency's minor unit. */
      amount: { type: "number", required: true, default: 0 },
    },
    indexes: {
      primary: { pk: { field: "pk", composite: ["tenantId", "pipelineId", "scope"] }, sk: { field: "sk", composite: ["stageId"] } },
    },
  },
  entityConfig(),
);
export type BoardCounterItem = EntityItem<typeof BoardCounterEntity>;
