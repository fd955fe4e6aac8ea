import { A, useNavigate, useSearchParams } from "@solidjs/router";
import { createSignal, Show } from "solid-js";
import { api, ApiError } from "../../api";
import { Field } from "../../components/field";
import { FormError } from "../../components/form-error";
import { createForm } from "../../lib/form";
import { safeNext } from "../../lib/next";
import { t } from "../../i18n";

export function Login() {
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const f = createForm({ email: "", password: "" });
  const [resent, setResent] = createSignal(false);
  const unverified = () => f.error() instanceof ApiError && (f.error() as ApiError).code === "auth.email_unverified";
  const submit = f.submit(async () => {
    setResent(false);
    await api.auth.login(f.values.email.trim(), f.values.password);
    navigate(safeNext(params.next), { replace: true });
  });
  const resend = async () => {
    await api.auth.resend(f.values.email.trim()).catch(() => undefined);
    setResent(true);
  };
  return (
    <form class="card narrow" onSubmit={submit} novalidate={false}>
      <h1>{t("auth.login")}</h1>
      <Field label={t("auth.email")} error={f.fieldError("email")}>
        <input name="email" type="email" autocomplete="username" required value={f.values.email} onInput={f.input("email")} />
      </Field>
      <Field label={t("auth.password")} error={f.fieldError("password")}>
        <input name="password" type="password" autocomplete="current-password" required value={f.values.password} onInput={f.input("password")} />
      </Field>
      <FormError error={f.error()} />
      <Show when={unverified()}>
        <Show when={!resent()} fallback={<p class="notice">{t("auth.resent")}</p>}>
          <button type="button" class="secondary" onClick={resend}>{t("auth.resend")}</button>
        </Show>
      </Show>
      <button type="submit" disabled={f.busy()}>{t("auth.login")}</button>
      <p class="links">
        <A href="/forgot">{t("auth.forgotLink")}</A>
        <span>{t("auth.noAccount")} <A href="/signup">{t("auth.signup")}</A></span>
      </p>
    </form>
  );
}
