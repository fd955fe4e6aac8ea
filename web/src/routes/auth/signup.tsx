import { A } from "@solidjs/router";
import { createSignal, Show } from "solid-js";
import { api } from "../../api";
import { Field } from "../../components/field";
import { FormError } from "../../components/form-error";
import { createForm } from "../../lib/form";
import { locale, t } from "../../i18n";
import { CheckMail } from "./check-mail";

/** A workspace address from a Latin company name; a Chinese name leaves it for the person to type. */
function slugFrom(name: string) {
  return name.toLowerCase().normalize("NFKD").replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 40);
}

export function Signup() {
  const f = createForm({ companyName: "", slug: "", name: "", email: "", password: "" });
  const [slugEdited, setSlugEdited] = createSignal(false);
  const [sentTo, setSentTo] = createSignal("");
  const submit = f.submit(async () => {
    const email = f.values.email.trim();
    await api.auth.signup({ ...f.values, email, locale: locale() });
    setSentTo(email);
  });
  return (
    <Show when={!sentTo()} fallback={<CheckMail email={sentTo()} />}>
      <form class="card narrow" onSubmit={submit}>
        <h1>{t("auth.signupTitle")}</h1>
        <Field label={t("auth.company")} error={f.fieldError("companyName")}>
          <input name="companyName" required autocomplete="organization" value={f.values.companyName}
            onInput={(e) => { f.input("companyName")(e); if (!slugEdited()) f.setValues("slug", slugFrom(e.currentTarget.value)); }} />
        </Field>
        <Field label={t("auth.slug")} hint={t("auth.slugHint")} error={f.fieldError("slug")}>
          <input name="slug" required pattern="[a-z0-9][a-z0-9\-]{1,38}[a-z0-9]" autocapitalize="off" value={f.values.slug}
            onInput={(e) => { setSlugEdited(true); f.input("slug")(e); }} />
        </Field>
        <Field label={t("auth.name")} error={f.fieldError("name")}>
          <input name="name" required autocomplete="name" value={f.values.name} onInput={f.input("name")} />
        </Field>
        <Field label={t("auth.email")} error={f.fieldError("email")}>
          <input name="email" type="email" required autocomplete="email" value={f.values.email} onInput={f.input("email")} />
        </Field>
        <Field label={t("auth.password")} hint={t("auth.passwordHint")} error={f.fieldError("password")}>
          <input name="password" type="password" minLength={8} required autocomplete="new-password" value={f.values.password} onInput={f.input("password")} />
        </Field>
        <FormError error={f.error()} />
        <button type="submit" disabled={f.busy()}>{t("auth.signup")}</button>
        <p>{t("auth.haveAccount")} <A href="/login">{t("auth.login")}</A></p>
      </form>
    </Show>
  );
}
