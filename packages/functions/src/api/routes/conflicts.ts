import type { RouteSpec } from "../route";

/** Ownership conflicts. */
export const conflictRoutes: RouteSpec[] = [];
