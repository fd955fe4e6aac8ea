import { Dedupe } from "@crm/core/data/dedupe";
import { DedupeList } from "@crm/core/data/dedupe-list";
import { Merge } from "@crm/core/data/merge";
import { z } from "zod";
import { route, type RouteSpec } from "../route";

const tags = ["duplicates"];
const Redirect = z.object({ survivorId: z.string() });
const ScanResponse = z.object({ scan: Dedupe.Scan.nullable() });

/** Duplicate scan and merge (#7). */
export const dedupeRoutes: RouteSpec[] = [
  route({ method: "get", path: "/api/duplicates", summary: "Groups of likely duplicates found by the latest scan, most certain first", auth: "tenant", scope: "contacts:read", query: DedupeList.ListQuery, response: DedupeList.ListResponse, tags,
    handler: ({ query }) => DedupeList.list(query) }),
  route({ method: "get", path: "/api/duplicates/check", summary: "Likely duplicates of a record about to be saved (same email, phone or name)", auth: "tenant", scope: "contacts:read", query: DedupeList.CheckQuery, response: DedupeList.CheckResponse, tags,
    handler: ({ query }) => DedupeList.check(query) }),
  route({ method: "post", path: "/api/duplicates/scan", summary: "Start a duplicate scan of contacts or companies in the background", auth: "tenant", scope: "contacts:write", body: Dedupe.ObjectQuery, status: 202, response: ScanResponse, tags,
    handler: async ({ body }) => ({ scan: await Dedupe.start(body) }) }),
  route({ method: "get", path: "/api/duplicates/scan", summary: "Progress of the latest duplicate scan", auth: "tenant", scope: "contacts:read", query: Dedupe.ObjectQuery, response: ScanResponse, tags,
    handler: ({ query }) => Dedupe.status(query) }),
  route({ method: "get", path: "/api/duplicates/settings", summary: "Which blocking rules the duplicate scan uses", auth: "tenant", scope: "settings:read", response: Dedupe.Settings, tags,
    handler: () => Dedupe.getSettings() }),
  route({ method: "put", path: "/api/duplicates/settings", summary: "Switch blocking rules on or off (admins; needs the current version, 0 at first)", auth: "tenant", scope: "settings:write", body: Dedupe.SettingsInput, response: Dedupe.Settings, tags,
    handler: ({ body }) => Dedupe.updateSettings(body) }),
  route({ method: "post", path: "/api/merge", summary: "Merge records into a survivor, choosing the surviving value per field", auth: "tenant", scope: "contacts:write", body: Merge.MergeInput, response: Merge.MergeResponse, tags,
    handler: ({ body }) => Merge.merge(body) }),
  route({ method: "get", path: "/api/contacts/:contactId/merged-into", summary: "Where a merged contact went (its survivor), so old links redirect", auth: "tenant", scope: "contacts:read", response: Redirect, tags,
    handler: ({ params }) => Merge.redirect("contact", params.contactId) }),
  route({ method: "get", path: "/api/companies/:companyId/merged-into", summary: "Where a merged company went (its survivor), so old links redirect", auth: "tenant", scope: "companies:read", response: Redirect, tags,
    handler: ({ params }) => Merge.redirect("company", params.companyId) }),
];
