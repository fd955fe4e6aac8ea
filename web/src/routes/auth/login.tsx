import { A, useNavigate } from "@solidjs/router";
import { createSignal, Show } from "solid-js";
import { api } from "../../api";
import { t } from "../../i18n";

export function Login() {
  const navigate = useNavigate();
  const [email, setEmail] = createSignal("");
  const [password, setPassword] = createSignal("");
  const [error, setError] = createSignal("");
  const submit = async (e: Event) => {
    e.preventDefault();
    setError("");
    try {
      await api.auth.login(email(), password());
      navigate("/contacts");
    } catch (err) {
      setError((err as Error).message);
    }
  };
  return (
    <form class="card narrow" onSubmit={submit}>
      <h1>{t("auth.login")}</h1>
      <label>{t("auth.email")}<input name="email" type="email" required value={email()} onInput={(e) => setEmail(e.currentTarget.value)} /></label>
      <label>{t("auth.password")}<input name="password" type="password" required value={password()} onInput={(e) => setPassword(e.currentTarget.value)} /></label>
      <Show when={error()}><p class="error" role="alert">{error()}</p></Show>
      <button type="submit">{t("auth.login")}</button>
      <p>{t("auth.noAccount")} <A href="/signup">{t("auth.signup")}</A></p>
    </form>
  );
}
