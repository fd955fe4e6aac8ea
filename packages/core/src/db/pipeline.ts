import { Entity, type EntityItem } from "electrodb";
import { entityConfig, SERVICE } from "./config";

/**
 * A sales pipeline and its ordered stages (a list on the item, so an edit of the stages is one versioned
 * write). A tenant's pipelines share one partition: the list is one query.
 */
export const PipelineEntity = new Entity(
  {
    model: { entity: "pipeline", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true, readOnly: true },
      pipelineId: { type: "string", required: true, readOnly: true },
      name: { type: "string", required: true },
      /** The pipeline's one currency: every deal in it uses it, so column totals add up without rates. */
      currency: { type: "string", required: true, readOnly: true },
      /** `{ stageId, name, probability, kind, guidance, requiredFields }[]`, in board order. */
      stages: { type: "any", required: true },
      version: { type: "number", required: true },
      createdAt: { type: "string", required: true, readOnly: true },
      updatedAt: { type: "string", required: true },
    },
    indexes: {
      primary: { pk: { field: "pk", composite: ["tenantId"] }, sk: { field: "sk", composite: ["pipelineId"] } },
    },
  },
  entityConfig(),
);
export type PipelineItem = EntityItem<typeof PipelineEntity>;
