import { z } from "zod";

export * as SalesEvents from "./events";

/** What every deal event carries: the deal as the API shows it after the write. */
export const DealData = z.object({
  dealId: z.string(),
  pipelineId: z.string(),
  stageId: z.string(),
  status: z.enum(["open", "won", "lost"]),
  title: z.string(),
  amount: z.number().int().nullable(),
  currency: z.string(),
  ownerId: z.string(),
  contactId: z.string().nullable(),
  companyId: z.string().nullable(),
  version: z.number().int(),
});

/** A stage change: from where to where, by the reason given for a won or lost one. */
export const StageChange = z.object({
  deal: DealData,
  fromStageId: z.string(),
  toStageId: z.string(),
  reason: z.string().nullable(),
});

/** The sales module's events, published through the EventPublisher after the write committed. */
export const Schemas = {
  "deal.created": DealData,
  "deal.updated": DealData,
  "deal.deleted": z.object({ dealId: z.string(), pipelineId: z.string() }),
  "deal.stage_changed": StageChange,
  "deal.won": StageChange,
  "deal.lost": StageChange,
  "pipeline.created": z.object({ pipelineId: z.string(), name: z.string() }),
  "pipeline.updated": z.object({ pipelineId: z.string(), name: z.string() }),
  "pipeline.deleted": z.object({ pipelineId: z.string() }),
} as const;
export type EventType = keyof typeof Schemas;
