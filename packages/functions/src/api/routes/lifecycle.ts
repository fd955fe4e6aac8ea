import { z } from "zod";
import { Lifecycle } from "@crm/core/data/lifecycle";
import { LifecycleReport } from "@crm/core/data/lifecycle-report";
import { STAGES } from "@crm/core/data/lifecycle-rules";
import * as R from "../responses";
import { route } from "../route";

const tags = ["lifecycle"];
const Stage = z.enum(STAGES);

const Of = z.strictObject({
  stage: Stage,
  since: z.string(),
  history: z.array(z.strictObject({ from: Stage, to: Stage, at: z.string(), cause: z.string(), reason: z.string().nullable(), byType: z.string(), byId: z.string() })),
});
const Settings = z.strictObject({ churnAfterDays: z.number().int(), version: z.number().int() });
const Report = z.strictObject({
  from: z.string(), to: z.string(), recordType: z.enum(["contact", "company", "all"]),
  stages: z.array(z.strictObject({ stage: Stage, contacts: z.number().int(), companies: z.number().int(), total: z.number().int() })),
  flows: z.array(z.strictObject({ from: Stage, to: Stage, count: z.number().int() })),
  days: z.array(z.strictObject({ day: z.string(), entered: z.record(z.string(), z.number().int()) })),
  timeInStage: z.array(z.strictObject({ stage: Stage, stays: z.number().int(), medianDays: z.number().nullable() })),
});

/** Lifecycle stages: a record's stage and history, moves by hand, the tenant's churn setting and the report. */
export const lifecycleRoutes = [
  route({ method: "get", path: "/api/contacts/:contactId/lifecycle", summary: "A contact's lifecycle stage and its history", auth: "tenant", scope: "contacts:read", feature: "contacts", tags, response: Of,
    handler: ({ params }) => Lifecycle.of("contact", params.contactId) }),
  route({ method: "patch", path: "/api/contacts/:contactId/lifecycle", summary: "Move a contact to a lifecycle stage by hand, with a reason (needs its version)", auth: "tenant", scope: "contacts:write", feature: "contacts", body: Lifecycle.MoveInput, tags, response: R.Contact,
    handler: ({ params, body }) => Lifecycle.move("contact", params.contactId, body) }),
  route({ method: "get", path: "/api/companies/:companyId/lifecycle", summary: "A company's lifecycle stage and its history", auth: "tenant", scope: "companies:read", feature: "companies", tags, response: Of,
    handler: ({ params }) => Lifecycle.of("company", params.companyId) }),
  route({ method: "patch", path: "/api/companies/:companyId/lifecycle", summary: "Move a company to a lifecycle stage by hand, with a reason (needs its version)", auth: "tenant", scope: "companies:write", feature: "companies", body: Lifecycle.MoveInput, tags, response: R.Company,
    handler: ({ params, body }) => Lifecycle.move("company", params.companyId, body) }),
  route({ method: "get", path: "/api/lifecycle/settings", summary: "After how many days without activity or renewal a customer counts as churned", auth: "tenant", scope: "settings:read", feature: "contacts", tags, response: Settings,
    handler: () => Lifecycle.settings() }),
  route({ method: "put", path: "/api/lifecycle/settings", summary: "Set the days without activity or renewal after which a customer is churned (admins)", auth: "tenant", scope: "settings:write", feature: "contacts", body: Lifecycle.SettingsInput, tags, response: Settings,
    handler: ({ body }) => Lifecycle.updateSettings(body) }),
  route({ method: "get", path: "/api/reports/lifecycle", summary: "Lifecycle report: records per stage now, moves between stages per day, median time in stage", auth: "tenant", scope: "reports:read", feature: "contacts", query: LifecycleReport.ReportQuery, tags: ["reports"], response: Report,
    handler: ({ query }) => LifecycleReport.report(query) }),
];
