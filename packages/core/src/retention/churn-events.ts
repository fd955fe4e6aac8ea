import { z } from "zod";

export * as ChurnEvents from "./churn-events";

/** A customer entered the at-risk band (once per entry): the alert subscriber notifies the owner and makes a win-back task. */
export const ChurnRisk = z.object({
  recordType: z.enum(["contact", "company"]),
  recordId: z.string(),
  name: z.string(),
  ownerId: z.string(),
  score: z.number().int().min(0).max(100),
  previousBand: z.enum(["healthy", "watch"]).nullable(),
  /** Open and won deal amounts, minor units. */
  value: z.number().int().min(0),
  atRiskSince: z.iso.datetime(),
});
export type ChurnRisk = z.infer<typeof ChurnRisk>;

/** The churn module's events, published through the EventPublisher after the write committed. */
export const Schemas = {
  "customer.churn_risk": ChurnRisk,
  "churn.settings_updated": z.object({ version: z.number().int().positive() }),
} as const;
export type EventType = keyof typeof Schemas;
