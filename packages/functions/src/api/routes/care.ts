import type { RouteSpec } from "../route";

export const careRoutes: RouteSpec[] = [];
