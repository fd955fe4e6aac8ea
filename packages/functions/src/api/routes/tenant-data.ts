import { z } from "zod";
import { TenantDeletion } from "@crm/core/connect/tenant-deletion";
import { TenantExport } from "@crm/core/connect/tenant-export";
import { route, type RouteSpec } from "../route";

const tags = ["data"];

/** Tenant export and deletion (#8). */
export const tenantDataRoutes: RouteSpec[] = [
  route({ method: "get", path: "/api/workspace/exports", summary: "Recent exports of all the workspace's data, with progress and download links", auth: "tenant", scope: "settings:write", tags,
    response: z.object({ items: z.array(TenantExport.JobSchema) }),
    handler: async () => ({ items: await TenantExport.list() }) }),
  route({ method: "post", path: "/api/workspace/exports", summary: "Start an export of all the workspace's data (a zip built in the background)", auth: "tenant", scope: "settings:write", status: 202, tags,
    response: TenantExport.JobSchema,
    handler: () => TenantExport.start() }),
  route({ method: "get", path: "/api/workspace/exports/:jobId", summary: "One export: status, progress and its download link", auth: "tenant", scope: "settings:write", tags,
    response: TenantExport.JobSchema,
    handler: ({ params }) => TenantExport.get(params.jobId) }),
  // The signed token is the credential (a link from the mail); no session needed. 404 forged, 410 expired.
  route({ method: "get", path: "/api/exports/download/:token", summary: "Download an export's zip with its signed link (valid 24 hours)", auth: "public", produces: "application/zip", tags,
    handler: async ({ c, params }) => {
      const d = await TenantExport.download(params.token);
      if ("redirect" in d) return c.redirect(d.redirect, 302);
      return new Response(new Uint8Array(d.body), {
        headers: { "content-type": "application/zip", "content-disposition": `attachment; filename="${d.fileName}"`, "content-length": String(d.body.length) },
      });
    } }),
  route({ method: "get", path: "/api/workspace/deletion", summary: "Whether the workspace is scheduled for deletion, and when", auth: "tenant", scope: "settings:read", tags,
    response: TenantDeletion.StatusSchema,
    handler: () => TenantDeletion.status() }),
  route({ method: "post", path: "/api/workspace/deletion", summary: "Owner: schedule the workspace's deletion (confirm with its address and your password); 7 days to cancel", auth: "tenant", scope: "settings:write", body: TenantDeletion.RequestInput, status: 202, tags,
    response: TenantDeletion.StatusSchema,
    handler: ({ body }) => TenantDeletion.request(body) }),
  route({ method: "delete", path: "/api/workspace/deletion", summary: "Owner: cancel the scheduled deletion", auth: "tenant", scope: "settings:write", status: 200, tags,
    response: TenantDeletion.StatusSchema,
    handler: () => TenantDeletion.cancel() }),
];
