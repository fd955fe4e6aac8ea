import type { RouteSpec } from "../route";

export const goalsRoutes: RouteSpec[] = [];
