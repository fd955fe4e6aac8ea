import { t } from "../../i18n";

/** Placeholder: filled in by the segments work. */
export function SegmentDetail() {
  return <section class="page"><h1>{t("segments.title")}</h1></section>;
}
