import type { RouteSpec } from "../route";

/** Tenant export and deletion (#8). */
export const tenantDataRoutes: RouteSpec[] = [];
