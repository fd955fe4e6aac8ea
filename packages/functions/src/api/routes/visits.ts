import type { RouteSpec } from "../route";

/** Field visits. */
export const visitRoutes: RouteSpec[] = [];
