import { t } from "../../i18n";

/** Placeholder: filled in by the approvals work. */
export function ApprovalInbox() {
  return <section class="page"><h1>{t("approvals.title")}</h1></section>;
}
