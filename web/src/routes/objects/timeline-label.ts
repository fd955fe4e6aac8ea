import { locale, t, type Key } from "../../i18n";

/**
 * The head of a custom object record's timeline entry in the reader's language ("Project created" /
 * "创建了项目"), from the object's labels the entry carries; undefined for other entries, or for entries
 * written before they carried the labels (the generic "Record created" stays).
 */
export function objectEventLabel(e: { type: string; data?: Record<string, unknown> }): string | undefined {
  const m = /^object_record\.(created|updated|deleted)$/.exec(e.type);
  if (!m) return undefined;
  const labels = e.data?.objectLabel as Partial<Record<"en" | "zh-CN", string>> | undefined;
  const name = labels?.[locale()] || labels?.en || labels?.["zh-CN"];
  return name ? t(`objects.event.${m[1]}` as Key, { object: name }) : undefined;
}
