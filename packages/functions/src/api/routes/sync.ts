import { Sync } from "@crm/core/sync";
import { route, type RouteSpec } from "../route";
import * as R from "../responses";

/** Integration sync: bulk upserts (one result per row) and the deal pull; contacts' bulk route sits with contacts. */
export const syncRoutes: RouteSpec[] = [
  route({ method: "post", path: "/api/companies/bulk", summary: "Create or update up to 100 companies, matched by external id or by name and domain; one result per row", auth: "tenant", scope: "companies:write", feature: "companies", body: Sync.CompanyUpsertInput, tags: ["companies"], response: R.UpsertResults,
    handler: ({ body }) => Sync.upsertCompanies(body) }),
  route({ method: "get", path: "/api/deals", summary: "Deals by last change (newest first); with updatedAfter, changes oldest first with a stable cursor", auth: "tenant", scope: "deals:read", feature: "deals", query: Sync.DealListQuery, tags: ["deals"], response: R.Page(R.Deal),
    handler: ({ query }) => Sync.listDeals(query) }),
  route({ method: "post", path: "/api/deals/bulk", summary: "Create or update up to 100 deals (orders), matched by external id; one result per row", auth: "tenant", scope: "deals:write", feature: "deals", body: Sync.DealUpsertInput, tags: ["deals"], response: R.UpsertResults,
    handler: ({ body }) => Sync.upsertDeals(body) }),
];
