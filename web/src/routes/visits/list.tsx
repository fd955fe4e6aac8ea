import { t } from "../../i18n";

/** Placeholder: filled in by the visits work. */
export function VisitList() {
  return <section class="page"><h1>{t("visits.title")}</h1></section>;
}
