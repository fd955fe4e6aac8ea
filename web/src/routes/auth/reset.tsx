import { A, useSearchParams } from "@solidjs/router";
import { createSignal, Show } from "solid-js";
import { api } from "../../api";
import { Field } from "../../components/field";
import { FormError } from "../../components/form-error";
import { createForm } from "../../lib/form";
import { param } from "../../lib/next";
import { t } from "../../i18n";

export function Reset() {
  const [params] = useSearchParams();
  const f = createForm({ password: "", again: "" });
  const [mismatch, setMismatch] = createSignal(false);
  const [done, setDone] = createSignal(false);
  const submit = f.submit(async () => {
    setMismatch(f.values.password !== f.values.again);
    if (mismatch()) return;
    await api.auth.reset(param(params.token), f.values.password);
    setDone(true);
  });
  return (
    <form class="card narrow" onSubmit={submit}>
      <h1>{t("auth.resetTitle")}</h1>
      <Show when={!done()} fallback={<><p class="notice" role="status" data-testid="reset-done">{t("auth.resetDone")}</p><A href="/login" class="button">{t("auth.login")}</A></>}>
        <Field label={t("auth.newPassword")} hint={t("auth.passwordHint")} error={f.fieldError("password")}>
          <input name="password" type="password" minLength={8} required autocomplete="new-password" value={f.values.password} onInput={f.input("password")} />
        </Field>
        <Field label={t("auth.passwordAgain")} error={mismatch() ? t("fieldError.mismatch") : undefined}>
          <input name="again" type="password" required autocomplete="new-password" value={f.values.again} onInput={f.input("again")} />
        </Field>
        <FormError error={f.fieldError("token") ? undefined : f.error()} />
        <Show when={f.fieldError("token")}>
          <p class="error" role="alert">{t("error.auth.token_invalid")} <A href="/forgot">{t("auth.forgotAgain")}</A></p>
        </Show>
        <button type="submit" disabled={f.busy()}>{t("auth.resetSubmit")}</button>
      </Show>
    </form>
  );
}
