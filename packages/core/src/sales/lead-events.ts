import { z } from "zod";

export * as LeadEvents from "./lead-events";

const Nullable = z.string().nullable();

/** A lead as the API shows it after the write (`lead.created`, `lead.updated`). */
export const LeadData = z.object({
  leadId: z.string(),
  name: z.string(),
  status: z.enum(["new", "working", "converted", "disqualified"]),
  ownerId: z.string(),
  source: Nullable,
  region: Nullable,
  amount: z.number().int().nullable(),
  version: z.number().int(),
});

/** Who has the lead now, who had it (null when new) and what decided: a rule id, "default" or "manual". */
export const Assigned = z.object({
  leadId: z.string(),
  name: z.string(),
  companyName: Nullable,
  ownerId: z.string(),
  previousOwnerId: Nullable,
  routedBy: Nullable,
  version: z.number().int(),
});

/** The leads module's events, published through the EventPublisher after the write committed. */
export const Schemas = {
  "lead.created": LeadData,
  "lead.updated": LeadData,
  "lead.deleted": z.object({ leadId: z.string() }),
  "lead.assigned": Assigned,
  "lead.converted": Assigned.extend({ contactId: z.string(), companyId: Nullable, dealId: z.string() }),
  "lead_routing.updated": z.object({ rules: z.number().int(), defaultOwnerId: Nullable }),
} as const;
export type EventType = keyof typeof Schemas;
