import { createSignal, For, Show } from "solid-js";
import { api } from "../../api";
import { Field } from "../../components/field";
import { FormError } from "../../components/form-error";
import { createForm } from "../../lib/form";
import { isLocale, locale, LOCALES, setLocale, t, type Key } from "../../i18n";
import { useSession } from "../../session";

export function Profile() {
  const session = useSession();
  const me = session.me().user;
  const f = createForm({ name: me.name, locale: isLocale(me.locale) ? me.locale : locale() });
  const [saved, setSaved] = createSignal(false);
  const submit = f.submit(async () => {
    setSaved(false);
    await api.me.update({ name: f.values.name.trim(), locale: f.values.locale });
    if (isLocale(f.values.locale)) setLocale(f.values.locale);
    await session.refresh();
    session.refreshMembers();
    setSaved(true);
  });
  return (
    <form class="card stack" onSubmit={submit} data-testid="profile-form">
      <h2>{t("settings.profile")}</h2>
      <Field label={t("auth.email")}><input value={me.email} readOnly disabled /></Field>
      <Field label={t("auth.name")} error={f.fieldError("name")}>
        <input name="name" required value={f.values.name} onInput={f.input("name")} />
      </Field>
      <Field label={t("settings.language")} error={f.fieldError("locale")}>
        <select name="locale" value={f.values.locale} onChange={f.input("locale")}>
          <For each={LOCALES}>{(l) => <option value={l}>{t(`lang.${l}` as Key)}</option>}</For>
        </select>
      </Field>
      <FormError error={f.error()} />
      <Show when={saved()}><p class="notice" role="status">{t("common.saved")}</p></Show>
      <div class="actions"><button type="submit" disabled={f.busy()}>{t("common.save")}</button></div>
    </form>
  );
}
