import type { Role } from "../api";
import { t, type Key } from "../i18n";

/** Display names for values the API sends as keys. */
export const roleName = (role: Role | string) => t(`role.${role}` as Key);
export const featureName = (key: string) => t(`feature.${key}` as Key);
