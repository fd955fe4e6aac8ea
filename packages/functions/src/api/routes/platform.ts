import { AuditLog } from "@crm/core/audit-log";
import { Tenant } from "@crm/core/tenant";
import { route } from "../route";

export const platformRoutes = [
  route({ method: "get", path: "/api/health", summary: "Liveness", auth: "public", tags: ["platform"],
    handler: async () => ({ ok: true }) }),
  route({ method: "put", path: "/api/platform/tenants/:slug/plan", summary: "Platform admin: change a workspace's plan", auth: "platform", body: Tenant.ChangePlanInput, tags: ["platform"],
    handler: ({ params, body }) => Tenant.changePlan(params.slug, body) }),
  route({ method: "get", path: "/api/audit", summary: "Audit log, newest first (whole workspace or one record)", auth: "tenant", scope: "audit:read", query: AuditLog.AuditQuery, tags: ["audit"],
    handler: ({ query }) => AuditLog.list(query) }),
];
