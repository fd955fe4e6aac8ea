import type { RouteSpec } from "../route";

export const leadsRoutes: RouteSpec[] = [];
