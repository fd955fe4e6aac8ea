import { t } from "../i18n";

/** A span of minutes in the largest two units that matter: "3 d 4 h", "2 h 5 min", "12 min". */
export function formatMinutes(minutes: number): string {
  const total = Math.round(Math.abs(minutes));
  if (total < 1) return t("duration.lessThanMinute");
  const d = Math.floor(total / 1440);
  const h = Math.floor((total % 1440) / 60);
  const m = total % 60;
  if (d) return h ? t("duration.dh", { d, h }) : t("duration.d", { d });
  if (h) return m ? t("duration.hm", { h, m }) : t("duration.h", { h });
  return t("duration.m", { m });
}
