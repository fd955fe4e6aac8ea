import { A } from "@solidjs/router";
import { createSignal, onCleanup, Show } from "solid-js";
import { api } from "../../api";
import { FormError } from "../../components/form-error";
import { t } from "../../i18n";

const COOLDOWN_SECONDS = 30;

/** After sign-up: where the link went, and a resend button that waits a little between sends. */
export function CheckMail(props: { email: string }) {
  const [wait, setWait] = createSignal(0);
  const [sent, setSent] = createSignal(false);
  const [error, setError] = createSignal<unknown>();
  const timer = setInterval(() => setWait((w) => Math.max(0, w - 1)), 1000);
  onCleanup(() => clearInterval(timer));
  const resend = async () => {
    setError(undefined);
    try {
      await api.auth.resend(props.email);
      setSent(true);
      setWait(COOLDOWN_SECONDS);
    } catch (err) {
      setError(err);
    }
  };
  return (
    <div class="card narrow" data-testid="check-mail">
      <h1>{t("auth.checkMailTitle")}</h1>
      <p>{t("auth.checkMail", { email: props.email })}</p>
      <p class="muted">{t("auth.checkSpam")}</p>
      <Show when={sent()}><p class="notice" role="status">{t("auth.resent")}</p></Show>
      <FormError error={error()} />
      <button type="button" class="secondary" disabled={wait() > 0} onClick={resend} data-testid="resend">
        {wait() > 0 ? t("auth.resendIn", { s: wait() }) : t("auth.resend")}
      </button>
      <A href="/login">{t("auth.toLogin")}</A>
    </div>
  );
}
