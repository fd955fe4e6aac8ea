import type { RouteSpec } from "../route";

/** Duplicate scan and merge (#7). */
export const dedupeRoutes: RouteSpec[] = [];
