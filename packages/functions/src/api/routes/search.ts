import type { RouteSpec } from "../route";

/** One search box over contacts, companies, deals and tickets (#7). */
export const searchRoutes: RouteSpec[] = [];
