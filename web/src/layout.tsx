import { A } from "@solidjs/router";
import type { ParentProps } from "solid-js";
import { locale, setLocale, t } from "./i18n";

export function Layout(props: ParentProps) {
  return (
    <div class="app">
      <header class="topbar">
        <A href="/" class="brand">{t("app.name")}</A>
        <nav>
          <A href="/contacts">{t("nav.contacts")}</A>
        </nav>
        <button class="link" data-testid="lang-switch" onClick={() => setLocale(locale() === "en" ? "zh-CN" : "en")}>
          {t("lang.switch")}
        </button>
      </header>
      <main>{props.children}</main>
    </div>
  );
}
