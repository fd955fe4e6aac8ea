import { z } from "zod";
import { Goal } from "@crm/core/sales/goal";
import { SalesReport } from "@crm/core/sales/sales-report";
import { csvResponse } from "../csv";
import { route, type RouteSpec } from "../route";
import * as R from "../responses";

const tags = ["goals"];
const feature = "reports";

export const goalsRoutes: RouteSpec[] = [
  route({ method: "get", path: "/api/goals", summary: "Goals of a period (this month unless given) that you may see, with progress against the target and the period before", auth: "tenant", scope: "deals:read", feature, query: Goal.GoalQuery, tags, response: R.open({ period: z.string(), items: z.array(R.GoalProgress) }),
    handler: ({ query }) => Goal.list(query) }),
  route({ method: "post", path: "/api/goals", summary: "Set a goal for a member or team (managers for their teams, admins for all)", auth: "tenant", scope: "reports:read", feature, body: Goal.GoalInput, status: 201, tags, response: R.GoalProgress,
    handler: ({ body }) => Goal.create(body) }),
  route({ method: "get", path: "/api/goals/:goalId", summary: "A goal with its progress", auth: "tenant", scope: "deals:read", feature, tags, response: R.GoalProgress,
    handler: ({ params }) => Goal.get(params.goalId) }),
  route({ method: "patch", path: "/api/goals/:goalId", summary: "Change a goal's target (needs its version)", auth: "tenant", scope: "reports:read", feature, body: Goal.GoalPatch, tags, response: R.GoalProgress,
    handler: ({ params, body }) => Goal.update(params.goalId, body) }),
  route({ method: "delete", path: "/api/goals/:goalId", summary: "Delete a goal", auth: "tenant", scope: "reports:read", feature, tags,
    handler: ({ params }) => Goal.remove(params.goalId) }),
  route({ method: "get", path: "/api/reports/goals.csv", summary: "Goals of a period with progress as CSV (UTF-8 with BOM)", auth: "tenant", scope: "deals:read", feature, query: Goal.GoalCsvQuery, tags: ["reports"], produces: R.CSV,
    handler: async ({ c, query }) => csvResponse(c, await Goal.csv(query)) }),
  route({ method: "get", path: "/api/reports/sales.csv", summary: "The sales report as CSV (UTF-8 with BOM)", auth: "tenant", scope: "reports:read", feature, query: SalesReport.SalesReportCsvQuery, tags: ["reports"], produces: R.CSV,
    handler: async ({ c, query }) => csvResponse(c, await SalesReport.csv(query)) }),
];
