import { Efficiency } from "@crm/core/reports/efficiency";
import { csvResponse } from "../csv";
import * as R from "../responses";
import { route, type RouteSpec } from "../route";

const tags = ["reports"];
const feature = "reports";

/** The work-efficiency report (#8): managers for their teams' members, admins for everyone. */
export const efficiencyRoutes: RouteSpec[] = [
  route({ method: "get", path: "/api/reports/efficiency", summary: "Work efficiency per member for a period (days in the workspace's time zone): activities by type, deals touched and moved, tickets handled, first-response median and p90, tasks done and overdue; team totals and a daily series", auth: "tenant", scope: "reports:read", feature, query: Efficiency.EfficiencyQuery, response: Efficiency.EfficiencyReport, tags,
    handler: ({ query }) => Efficiency.get(query) }),
  route({ method: "get", path: "/api/reports/efficiency.csv", summary: "The work-efficiency report as CSV, one row per member (UTF-8 with BOM)", auth: "tenant", scope: "reports:read", feature, query: Efficiency.EfficiencyCsvQuery, tags, produces: R.CSV,
    handler: async ({ c, query }) => csvResponse(c, await Efficiency.csv(query)) }),
];
