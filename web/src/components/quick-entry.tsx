import { createResource, createSignal, Show } from "solid-js";
import { api, type Contact } from "../api";
import { t } from "../i18n";
import { createForm, orUndefined } from "../lib/form";
import { customPayload, layoutOf } from "../lib/custom-fields";
import { useSession } from "../session";
import { CustomFieldInputs } from "./custom-fields";
import { Field } from "./field";
import { FormError } from "./form-error";

/**
 * The quick-entry form for a contact (a phone in the field): the name, the built-in fields the layout puts
 * on quick entry (email, phone, title), and the quick-entry and required custom fields.
 */
export function QuickContactForm(props: { onCreated: (c: Contact) => void; onCancel: () => void }) {
  const session = useSession();
  const [layout] = createResource(() => (session.has("customFields") ? "contact" : null), () => layoutOf("contact"));
  const shows = (key: string) => (layout()?.quickEntry ?? ["phone"]).includes(key);
  const f = createForm({ name: "", email: "", phone: "", title: "" });
  const [custom, setCustom] = createSignal<Record<string, unknown>>({});
  const submit = f.submit(async () => {
    const created = await api.contacts.create({
      name: f.values.name.trim(), email: orUndefined(f.values.email), phone: orUndefined(f.values.phone), title: orUndefined(f.values.title),
      custom: customPayload(custom()),
    });
    props.onCreated(created);
  });
  return (
    <form class="record-form" onSubmit={submit} data-testid="quick-contact-form">
      <div class="grid">
        <Field label={t("field.name")} error={f.fieldError("name")}>
          <input name="name" required maxLength={200} value={f.values.name} onInput={f.input("name")} />
        </Field>
        <Show when={shows("phone")}>
          <Field label={t("field.phone")} error={f.fieldError("phone")}>
            <input name="phone" type="tel" value={f.values.phone} onInput={f.input("phone")} />
          </Field>
        </Show>
        <Show when={shows("email")}>
          <Field label={t("field.email")} error={f.fieldError("email")}>
            <input name="email" type="email" value={f.values.email} onInput={f.input("email")} />
          </Field>
        </Show>
        <Show when={shows("title")}>
          <Field label={t("field.title")} error={f.fieldError("title")}>
            <input name="title" value={f.values.title} onInput={f.input("title")} />
          </Field>
        </Show>
      </div>
      <CustomFieldInputs object="contact" values={custom()} onChange={setCustom} error={f.fieldError} quick />
      <FormError error={f.error()} />
      <div class="actions">
        <button type="submit" disabled={f.busy()}>{t("common.create")}</button>
        <button type="button" class="secondary" onClick={() => props.onCancel()}>{t("common.cancel")}</button>
      </div>
    </form>
  );
}
