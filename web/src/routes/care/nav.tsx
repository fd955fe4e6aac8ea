import { A } from "@solidjs/router";
import { t } from "../../i18n";

/** The care area's two tabs: campaigns and the suppression list. */
export function CareNav() {
  return (
    <nav class="tabs" aria-label={t("care.title")}>
      <A href="/care" end class="tab" activeClass="active" data-testid="care-tab-campaigns">{t("care.campaigns")}</A>
      <A href="/care/suppressions" class="tab" activeClass="active" data-testid="care-tab-suppressions">{t("care.suppressions")}</A>
    </nav>
  );
}

/** Who may manage campaigns: the API says the same (managers hold no settings scope, so it is the role). */
export function canManage(role: string | null | undefined): boolean {
  return role === "owner" || role === "admin" || role === "manager";
}
