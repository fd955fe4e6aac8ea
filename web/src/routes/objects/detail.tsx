import { t } from "../../i18n";

/** Placeholder: filled in by the objects work. */
export function ObjectRecordDetail() {
  return <section class="page"><h1>{t("objects.title")}</h1></section>;
}
