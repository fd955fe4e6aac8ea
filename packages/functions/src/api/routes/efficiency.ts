import type { RouteSpec } from "../route";

/** The work-efficiency report (#8). */
export const efficiencyRoutes: RouteSpec[] = [];
