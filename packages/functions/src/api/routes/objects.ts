import type { RouteSpec } from "../route";

/** Custom objects. */
export const objectRoutes: RouteSpec[] = [];
