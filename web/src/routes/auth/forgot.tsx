import { A } from "@solidjs/router";
import { createSignal, Show } from "solid-js";
import { api } from "../../api";
import { Field } from "../../components/field";
import { FormError } from "../../components/form-error";
import { createForm } from "../../lib/form";
import { t } from "../../i18n";

export function Forgot() {
  const f = createForm({ email: "" });
  const [sent, setSent] = createSignal(false);
  const submit = f.submit(async () => {
    await api.auth.forgot(f.values.email.trim());
    setSent(true);
  });
  return (
    <form class="card narrow" onSubmit={submit}>
      <h1>{t("auth.forgotTitle")}</h1>
      <Show when={!sent()} fallback={<p class="notice" role="status" data-testid="forgot-sent">{t("auth.forgotSent")}</p>}>
        <p class="muted">{t("auth.forgotIntro")}</p>
        <Field label={t("auth.email")} error={f.fieldError("email")}>
          <input name="email" type="email" required autocomplete="email" value={f.values.email} onInput={f.input("email")} />
        </Field>
        <FormError error={f.error()} />
        <button type="submit" disabled={f.busy()}>{t("auth.forgotSubmit")}</button>
      </Show>
      <A href="/login">{t("auth.toLogin")}</A>
    </form>
  );
}
