import type { RouteSpec } from "../route";

/** Approvals. */
export const approvalRoutes: RouteSpec[] = [];
