import { locale, setLocale, t } from "../i18n";

/** Flips between 简体中文 and English; the label names the language it switches to. */
export function LangSwitch() {
  return (
    <button type="button" class="link lang" data-testid="lang-switch" lang={locale() === "en" ? "zh-CN" : "en"} onClick={() => setLocale(locale() === "en" ? "zh-CN" : "en")}>
      {t("lang.switch")}
    </button>
  );
}
