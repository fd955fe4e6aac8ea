import { t } from "../../i18n";

/** Placeholder: filled in by the conflicts work. */
export function ConflictSettings() {
  return <section class="page"><h1>{t("conflicts.title")}</h1></section>;
}
