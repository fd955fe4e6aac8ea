import type { Priority, Role, SlaMetric, TicketStatus } from "../api";
import { locale, t, type Key } from "../i18n";

/** Display names for values the API sends as keys. */
export const roleName = (role: Role | string) => t(`role.${role}` as Key);
export const featureName = (key: string) => t(`feature.${key}` as Key);
export const statusName = (status: TicketStatus | string) => t(`status.${status}` as Key);
export const priorityName = (priority: Priority | string) => t(`priority.${priority}` as Key);
export const metricName = (metric: SlaMetric | string) => t(`metric.${metric}` as Key);

/** 0 = Sunday … 6 = Saturday, named by the browser in the current language. */
export function weekdayName(day: number, style: "long" | "short" = "long"): string {
  // 2023-01-01 was a Sunday.
  return new Intl.DateTimeFormat(locale(), { weekday: style, timeZone: "UTC" }).format(new Date(Date.UTC(2023, 0, 1 + day)));
}

/** A local date "YYYY-MM-DD" in the current language, without shifting it through a time zone. */
export function formatDay(ymd: string): string {
  const [y, m, d] = ymd.split("-").map(Number);
  if (!y || !m || !d) return ymd;
  return new Intl.DateTimeFormat(locale(), { dateStyle: "medium", timeZone: "UTC" }).format(new Date(Date.UTC(y, m - 1, d)));
}
