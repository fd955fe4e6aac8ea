import { A, useNavigate, useSearchParams } from "@solidjs/router";
import { createSignal, onMount, Show } from "solid-js";
import { api, type InvitationInfo } from "../../api";
import { Field } from "../../components/field";
import { FormError } from "../../components/form-error";
import { createForm } from "../../lib/form";
import { param } from "../../lib/next";
import { roleName } from "../../lib/labels";
import { t } from "../../i18n";

/** Joins a workspace from an invitation link: a new account sets name and password, an existing one its password. */
export function Accept() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const token = () => param(params.token);
  const [info, setInfo] = createSignal<InvitationInfo>();
  const [loadError, setLoadError] = createSignal<unknown>();
  // Signed in as the invited person already: the API takes the session instead of the password.
  const [signedInAs, setSignedInAs] = createSignal("");
  const f = createForm({ name: "", password: "" });
  onMount(() => {
    api.invitations.describe(token()).then(setInfo, setLoadError);
    api.me.get().then((m) => setSignedInAs(m.user.email), () => undefined);
  });
  const sameSession = () => !!info() && signedInAs() === info()!.email;
  const submit = f.submit(async () => {
    const i = info()!;
    await api.invitations.accept(sameSession()
      ? { token: token() }
      : i.hasAccount
      ? { token: token(), password: f.values.password }
      : { token: token(), name: f.values.name.trim(), password: f.values.password });
    navigate("/contacts", { replace: true });
  });
  return (
    <div class="card narrow">
      <h1>{t("accept.title")}</h1>
      <Show when={!loadError()} fallback={<><FormError error={loadError()} /><A href="/login">{t("auth.toLogin")}</A></>}>
        <Show when={info()} fallback={<p class="muted">{t("common.loading")}</p>}>
          {(i) => (
            <form class="stack" onSubmit={submit}>
              <p data-testid="accept-summary">{t("accept.summary", { workspace: i().workspace, role: roleName(i().role) })}</p>
              <p class="muted">{t("accept.as", { email: i().email })}</p>
              <Show when={!sameSession()} fallback={<p>{t("accept.signedIn")}</p>}>
                <Show when={!i().hasAccount} fallback={<p>{t("accept.existing")}</p>}>
                  <Field label={t("auth.name")} error={f.fieldError("name")}>
                    <input name="name" required autocomplete="name" value={f.values.name} onInput={f.input("name")} />
                  </Field>
                </Show>
                <Field label={t("auth.password")} hint={i().hasAccount ? undefined : t("auth.passwordHint")} error={f.fieldError("password")}>
                  <input name="password" type="password" required minLength={i().hasAccount ? 1 : 8}
                    autocomplete={i().hasAccount ? "current-password" : "new-password"} value={f.values.password} onInput={f.input("password")} />
                </Field>
              </Show>
              <FormError error={f.error()} />
              <button type="submit" disabled={f.busy()}>{t("accept.submit")}</button>
            </form>
          )}
        </Show>
      </Show>
    </div>
  );
}
