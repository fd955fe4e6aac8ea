import type { RouteSpec } from "../route";

/** Custom field definitions (#7). */
export const customFieldRoutes: RouteSpec[] = [];
