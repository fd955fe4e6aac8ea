import type { RouteSpec } from "../route";

/** Marketing campaigns. */
export const marketingRoutes: RouteSpec[] = [];
