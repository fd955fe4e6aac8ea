import { Import } from "@crm/core/data/import";
import "@crm/core/data/import-run";
import { route, type RouteSpec } from "../route";

const tags = ["imports"];
// Contacts or companies: the domain checks the scope of the job's object; routes name the common one.
const auth = { auth: "tenant" as const, scope: "contacts:write", feature: "import" as const, tags };

/** Import (#7): upload, analyse, map, run in the background in chunks, progress, cancel, error report. */
export const importRoutes: RouteSpec[] = [
  route({ method: "get", path: "/api/imports", summary: "Recent imports", ...auth, query: Import.ListQuery, response: Import.ListResponse,
    handler: ({ query }) => Import.list(query) }),
  route({ method: "post", path: "/api/imports", summary: "Create an import job; answers where to PUT the file (a presigned S3 URL on AWS, the API locally)", ...auth, body: Import.CreateInput, status: 201, response: Import.CreateResponse,
    handler: ({ body }) => Import.create(body) }),
  route({ method: "put", path: "/api/imports/:importId/file", summary: "Upload the file's raw bytes (local runtime; up to 200 MB, streamed) and analyse it", ...auth, response: Import.JobResponse,
    handler: ({ c, params }) => Import.putFile(params.importId, c.req.raw.body) }),
  route({ method: "post", path: "/api/imports/:importId/analyze", summary: "Detect encoding, delimiter and headers; suggest a mapping; preview the first rows", ...auth, response: Import.AnalysisResponse,
    handler: ({ params }) => Import.analyze(params.importId) }),
  route({ method: "post", path: "/api/imports/:importId/preview", summary: "The first rows with their validation result under a mapping", ...auth, body: Import.PreviewInput, response: Import.PreviewResponse,
    handler: async ({ params, body }) => Import.preview(params.importId, body) }),
  route({ method: "post", path: "/api/imports/:importId/start", summary: "Start the import in the background with a mapping and a duplicate mode", ...auth, body: Import.StartInput, response: Import.JobResponse,
    handler: ({ params, body }) => Import.start(params.importId, body) }),
  route({ method: "post", path: "/api/imports/:importId/cancel", summary: "Cancel a running import", ...auth, response: Import.JobResponse,
    handler: ({ params }) => Import.cancel(params.importId) }),
  route({ method: "get", path: "/api/imports/:importId", summary: "An import and its progress", ...auth, response: Import.JobResponse,
    handler: ({ params }) => Import.get(params.importId) }),
  route({ method: "get", path: "/api/imports/:importId/errors.csv", summary: "The error report (CSV, UTF-8 with BOM): row number, reason code and the original row", ...auth, produces: "text/csv",
    handler: async ({ c, params }) => {
      const body = await Import.errorReport(params.importId);
      return c.body(body, 200, { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="import-${params.importId}-errors.csv"` });
    } }),
];
