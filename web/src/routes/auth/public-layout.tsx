import { A } from "@solidjs/router";
import { Suspense, type ParentProps } from "solid-js";
import { LangSwitch } from "../../components/lang-switch";
import { t } from "../../i18n";

/** The frame of the pages one sees before signing in. */
export function PublicLayout(props: ParentProps) {
  return (
    <div class="app public">
      <header class="topbar">
        <A href="/login" class="brand">{t("app.name")}</A>
        <span class="spacer" />
        <LangSwitch />
      </header>
      <main>
        <Suspense fallback={<p class="muted">{t("common.loading")}</p>}>{props.children}</Suspense>
      </main>
    </div>
  );
}
