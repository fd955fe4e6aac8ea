import { z } from "zod";
import { AuditLog } from "@crm/core/audit-log";
import { Tenant } from "@crm/core/tenant";
import { openApiDocument } from "../openapi";
import { route, type RouteSpec } from "../route";
import * as R from "../responses";

let cached: unknown;
/** Set by the route index once every route is known (the document describes all of them). */
export const allRoutes: { list: RouteSpec[] } = { list: [] };

export const platformRoutes = [
  route({ method: "get", path: "/api/health", summary: "Liveness", auth: "public", tags: ["platform"], response: z.strictObject({ ok: z.literal(true) }),
    handler: async () => ({ ok: true }) }),
  route({ method: "get", path: "/api/openapi.json", summary: "This API's OpenAPI 3.1 document", auth: "public", tags: ["platform"], response: R.open({ openapi: z.string(), paths: z.record(z.string(), z.unknown()) }),
    handler: async () => (cached ??= openApiDocument(allRoutes.list)) }),
  route({ method: "put", path: "/api/platform/tenants/:slug/plan", summary: "Platform admin: change a workspace's plan", auth: "platform", body: Tenant.ChangePlanInput, tags: ["platform"], response: R.open({ tenantId: z.string(), slug: z.string(), plan: z.string() }),
    handler: ({ params, body }) => Tenant.changePlan(params.slug, body) }),
  route({ method: "get", path: "/api/audit", summary: "Audit log, newest first: the workspace's, one record's or one actor's, over a period", auth: "tenant", scope: "audit:read", feature: "audit", query: AuditLog.AuditQuery, tags: ["audit"], response: R.Page(R.Audit),
    handler: ({ query }) => AuditLog.list(query) }),
  route({ method: "get", path: "/api/audit/export", summary: "The filtered audit log as CSV (UTF-8 with BOM); the export is audited", auth: "tenant", scope: "audit:read", feature: "audit", query: AuditLog.AuditQuery, tags: ["audit"], produces: R.CSV,
    handler: async ({ query }) => {
      const { csv, truncated } = await AuditLog.exportCsv(query);
      return new Response(csv, {
        headers: {
          "content-type": "text/csv; charset=utf-8",
          "content-disposition": `attachment; filename="audit-log.csv"`,
          "x-truncated": String(truncated),
        },
      });
    } }),
];
