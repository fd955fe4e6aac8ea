import type { RouteSpec } from "../route";

/** Import and list export (#7). */
export const importRoutes: RouteSpec[] = [];
