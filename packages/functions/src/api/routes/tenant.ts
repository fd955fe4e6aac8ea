import { Tenant } from "@crm/core/tenant";
import { route } from "../route";
import * as R from "../responses";

const tags = ["workspace"];

export const tenantRoutes = [
  route({ method: "get", path: "/api/workspace", summary: "Plan, usage against limits, features and settings", auth: "tenant", scope: "settings:read", tags, response: R.Workspace,
    handler: () => Tenant.overview() }),
  route({ method: "patch", path: "/api/workspace/settings", summary: "Workspace name and defaults (time zone, phone region, language)", auth: "tenant", scope: "settings:write", body: Tenant.SettingsInput, tags, response: R.Workspace,
    handler: ({ body }) => Tenant.updateSettings(body).then(() => Tenant.overview()) }),
  route({ method: "put", path: "/api/workspace/features", summary: "Switch optional features on or off within the plan", auth: "tenant", scope: "settings:write", body: Tenant.FeaturesInput, tags, response: R.Workspace,
    handler: ({ body }) => Tenant.setFeatures(body) }),
];
