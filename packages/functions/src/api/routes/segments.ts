import type { RouteSpec } from "../route";

/** Segments. */
export const segmentRoutes: RouteSpec[] = [];
