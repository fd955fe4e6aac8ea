import { z } from "zod";
import { Churn } from "@crm/core/retention/churn";
import { ChurnSettings } from "@crm/core/retention/churn-settings";
import { route, type RouteSpec } from "../route";
import * as R from "../responses";

const tags = ["churn"];

export const churnRoutes: RouteSpec[] = [
  route({ method: "get", path: "/api/contacts/:contactId/health", summary: "The contact's health score, band, the signals behind it and its history", auth: "tenant", scope: "contacts:read", feature: "churn", tags, response: R.Health,
    handler: ({ params }) => Churn.of("contact", params.contactId) }),
  route({ method: "get", path: "/api/companies/:companyId/health", summary: "The company's health score, band, the signals behind it and its history", auth: "tenant", scope: "companies:read", feature: "churn", tags, response: R.Health,
    handler: ({ params }) => Churn.of("company", params.companyId) }),
  route({ method: "get", path: "/api/churn/customers", summary: "Customers in a health band (at risk by default), most valuable first", auth: "tenant", scope: "contacts:read", feature: "churn", query: Churn.ListQuery, tags, response: R.Page(R.HealthRow, { valueBasis: z.string() }),
    handler: ({ query }) => Churn.list(query) }),
  route({ method: "get", path: "/api/churn/settings", summary: "The churn scoring rules: weights, full levels and band thresholds", auth: "tenant", scope: "settings:read", feature: "churn", tags, response: R.ChurnSettings,
    handler: () => ChurnSettings.get() }),
  route({ method: "put", path: "/api/churn/settings", summary: "Replace the churn scoring rules (with their version)", auth: "tenant", scope: "settings:write", feature: "churn", body: ChurnSettings.SettingsInput, tags, response: R.ChurnSettings,
    handler: ({ body }) => ChurnSettings.put(body) }),
];
