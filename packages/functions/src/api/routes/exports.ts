import type { Context } from "hono";
import { Export } from "@crm/core/data/export";
import { ExportCells } from "@crm/core/data/export-cells";
import { ExportColumns, type ObjectType } from "@crm/core/data/export-columns";
import type { FeatureKey } from "@crm/core/plan";
import * as R from "../responses";
import { route } from "../route";

const tags = ["export"];

async function download(c: Context, object: ObjectType, query: Record<string, string>) {
  const file = await Export.open(object, query, c.req.header("accept-language"));
  return new Response(file.body, {
    headers: { "content-type": file.contentType, "content-disposition": ExportCells.disposition(file.filename), "cache-control": "no-store" },
  });
}

const views: Array<{ object: ObjectType; path: string; feature: FeatureKey; what: string }> = [
  { object: "contact", path: "/api/contacts/export", feature: "contacts", what: "contacts" },
  { object: "company", path: "/api/companies/export", feature: "companies", what: "companies" },
  { object: "deal", path: "/api/deals/export", feature: "deals", what: "deals (one pipeline or all, with the board's filters)" },
  { object: "ticket", path: "/api/tickets/export", feature: "tickets", what: "tickets (a queue with its filters)" },
  { object: "lead", path: "/api/leads/export", feature: "deals", what: "leads" },
];

/** List views as file downloads: CSV (UTF-8 with BOM) or XLSX, with the list's own filters. Mounted before `/:id` routes. */
export const exportRoutes = views.map((v) =>
  route({
    method: "get", path: v.path, summary: `Export ${v.what} as CSV or XLSX, with the list's filters (a file download)`, auth: "tenant",
    scope: ExportColumns.Specs[v.object].scope, feature: v.feature, query: ExportColumns.Queries[v.object], tags,
    // The default format; `format=xlsx` answers application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.
    produces: R.CSV,
    handler: ({ c, query }) => download(c, v.object, query),
  }),
);
