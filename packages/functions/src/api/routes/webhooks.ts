import type { RouteSpec } from "../route";

export const webhooksRoutes: RouteSpec[] = [];
