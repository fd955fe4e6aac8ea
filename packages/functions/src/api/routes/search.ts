import { SearchGlobal } from "@crm/core/search-global";
import { SearchReindex } from "@crm/core/search-reindex";
import { z } from "zod";
import { route, type RouteSpec } from "../route";

const tags = ["search"];
const JobResponse = z.object({ job: SearchReindex.Job.nullable() });

/** One search box over contacts, companies, deals and tickets (#7). */
export const searchRoutes: RouteSpec[] = [
  route({ method: "get", path: "/api/search", summary: "Search contacts, companies, deals and tickets at once: name or pinyin prefix, email, phone digits; best hits per type (needs contacts:read; deals, companies and tickets join when the key may read them)", auth: "tenant", scope: "contacts:read", query: SearchGlobal.Query, response: SearchGlobal.Result, tags,
    handler: ({ query }) => SearchGlobal.search(query) }),
  route({ method: "post", path: "/api/search/reindex", summary: "Reindex every record for search in the background (admins)", auth: "tenant", scope: "settings:write", status: 202, response: JobResponse, tags,
    handler: async () => ({ job: await SearchReindex.start() }) }),
  route({ method: "get", path: "/api/search/reindex", summary: "Progress of the search reindex job", auth: "tenant", scope: "settings:read", response: JobResponse, tags,
    handler: () => SearchReindex.status() }),
];
