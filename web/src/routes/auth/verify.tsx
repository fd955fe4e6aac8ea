import { A, useSearchParams } from "@solidjs/router";
import { createSignal, Match, onMount, Switch } from "solid-js";
import { api } from "../../api";
import { FormError } from "../../components/form-error";
import { param } from "../../lib/next";
import { t } from "../../i18n";

export function Verify() {
  const [params] = useSearchParams();
  const [state, setState] = createSignal<"busy" | "done" | "failed">("busy");
  const [error, setError] = createSignal<unknown>();
  onMount(async () => {
    try {
      await api.auth.verify(param(params.token));
      setState("done");
    } catch (err) {
      setError(err);
      setState("failed");
    }
  });
  return (
    <div class="card narrow">
      <h1>{t("auth.verifyTitle")}</h1>
      <Switch>
        <Match when={state() === "busy"}><p>{t("auth.verifying")}</p></Match>
        <Match when={state() === "failed"}>
          <FormError error={error()} />
          <p>{t("auth.verifyFailed")}</p>
          <A href="/login">{t("auth.toLogin")}</A>
        </Match>
        <Match when={state() === "done"}>
          <p data-testid="verified">{t("auth.verified")}</p>
          <A href="/login" class="button">{t("auth.login")}</A>
        </Match>
      </Switch>
    </div>
  );
}
