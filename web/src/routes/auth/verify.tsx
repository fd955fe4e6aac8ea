import { A, useSearchParams } from "@solidjs/router";
import { createResource, Match, Switch } from "solid-js";
import { api } from "../../api";
import { t } from "../../i18n";

export function Verify() {
  const [params] = useSearchParams();
  const [result] = createResource(() => String(params.token ?? ""), (token) => api.auth.verify(token));
  return (
    <div class="card narrow">
      <Switch>
        <Match when={result.loading}>{t("auth.verifying")}</Match>
        <Match when={result.error}><p class="error" role="alert">{(result.error as Error).message}</p></Match>
        <Match when={result()}>
          <p data-testid="verified">{t("auth.verified")}</p>
          <A href="/login">{t("auth.login")}</A>
        </Match>
      </Switch>
    </div>
  );
}
