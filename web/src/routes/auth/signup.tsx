import { A } from "@solidjs/router";
import { createSignal, Show } from "solid-js";
import { api } from "../../api";
import { locale, t } from "../../i18n";

export function Signup() {
  const [form, setForm] = createSignal({ companyName: "", slug: "", name: "", email: "", password: "" });
  const [error, setError] = createSignal("");
  const [done, setDone] = createSignal(false);
  const field = (k: keyof ReturnType<typeof form>) => (e: InputEvent & { currentTarget: HTMLInputElement }) => setForm({ ...form(), [k]: e.currentTarget.value });
  const submit = async (e: Event) => {
    e.preventDefault();
    setError("");
    try {
      await api.auth.signup({ ...form(), locale: locale() });
      setDone(true);
    } catch (err) {
      setError((err as Error).message);
    }
  };
  return (
    <Show when={!done()} fallback={<div class="card narrow" data-testid="check-mail">{t("auth.checkMail")}</div>}>
      <form class="card narrow" onSubmit={submit}>
        <h1>{t("auth.signup")}</h1>
        <label>{t("auth.company")}<input name="companyName" required onInput={field("companyName")} /></label>
        <label>{t("auth.slug")}<input name="slug" required pattern="[a-z0-9-]{3,40}" onInput={field("slug")} /></label>
        <label>{t("auth.name")}<input name="name" required onInput={field("name")} /></label>
        <label>{t("auth.email")}<input name="email" type="email" required onInput={field("email")} /></label>
        <label>{t("auth.password")}<input name="password" type="password" minLength={8} required onInput={field("password")} /></label>
        <Show when={error()}><p class="error" role="alert">{error()}</p></Show>
        <button type="submit">{t("auth.signup")}</button>
        <p>{t("auth.haveAccount")} <A href="/login">{t("auth.login")}</A></p>
      </form>
    </Show>
  );
}
