import { z } from "zod";
import { SlaConfig } from "@crm/core/service/sla-config";
import { SlaPolicyInput } from "@crm/core/service/sla";
import { SlaReport } from "@crm/core/service/sla-report";
import { route } from "../route";
import * as R from "../responses";

const tags = ["sla"];

export const slaRoutes = [
  route({ method: "get", path: "/api/reports/sla", summary: "SLA compliance and response-time percentiles by policy, priority or agent, per month", auth: "tenant", scope: "reports:read", feature: "sla", query: SlaReport.SlaReportQuery, tags: ["reports"], response: R.open({ rows: z.array(z.unknown()) }),
    handler: ({ query }) => SlaReport.get(query) }),
  route({ method: "get", path: "/api/sla/policies", summary: "SLA policies in order", auth: "tenant", scope: "tickets:read", feature: "sla", tags, response: R.Items(R.SlaItem),
    handler: async () => ({ items: await SlaConfig.list("policy") }) }),
  route({ method: "post", path: "/api/sla/policies", summary: "Create an SLA policy", auth: "tenant", scope: "settings:write", feature: "sla", body: SlaPolicyInput, status: 201, tags, response: R.SlaItem,
    handler: ({ body }) => SlaConfig.create("policy", body) }),
  route({ method: "put", path: "/api/sla/policies/:policyId", summary: "Replace an SLA policy (with its version)", auth: "tenant", scope: "settings:write", feature: "sla", body: SlaPolicyInput, tags, response: R.SlaItem,
    handler: ({ params, body }) => SlaConfig.replace("policy", params.policyId, body) }),
  route({ method: "delete", path: "/api/sla/policies/:policyId", summary: "Delete an SLA policy", auth: "tenant", scope: "settings:write", feature: "sla", tags,
    handler: ({ params }) => SlaConfig.remove("policy", params.policyId) }),
  route({ method: "get", path: "/api/sla/calendars", summary: "Business-hours calendars", auth: "tenant", scope: "tickets:read", feature: "sla", tags, response: R.Items(R.SlaItem),
    handler: async () => ({ items: await SlaConfig.list("calendar") }) }),
  route({ method: "post", path: "/api/sla/calendars", summary: "Create a business-hours calendar", auth: "tenant", scope: "settings:write", feature: "sla", body: SlaConfig.CalendarBody, status: 201, tags, response: R.SlaItem,
    handler: ({ body }) => SlaConfig.create("calendar", body) }),
  route({ method: "put", path: "/api/sla/calendars/:calendarId", summary: "Replace a calendar (with its version)", auth: "tenant", scope: "settings:write", feature: "sla", body: SlaConfig.CalendarBody, tags, response: R.SlaItem,
    handler: ({ params, body }) => SlaConfig.replace("calendar", params.calendarId, body) }),
  route({ method: "delete", path: "/api/sla/calendars/:calendarId", summary: "Delete a calendar no policy uses", auth: "tenant", scope: "settings:write", feature: "sla", tags,
    handler: ({ params }) => SlaConfig.remove("calendar", params.calendarId) }),
];
