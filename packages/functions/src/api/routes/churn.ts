import type { RouteSpec } from "../route";

export const churnRoutes: RouteSpec[] = [];
