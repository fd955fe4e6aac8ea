import { t } from "../../i18n";

/** Placeholder: filled in by the marketing work. */
export function MarketingCampaigns() {
  return <section class="page"><h1>{t("marketing.title")}</h1></section>;
}
