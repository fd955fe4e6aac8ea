import { createSignal, For, Show } from "solid-js";
import { CustomFieldInputs } from "../../components/custom-fields";
import { customPayload } from "../../lib/custom-fields";
import { type Contact, type ContactInput } from "../../api";
import { CompanyPicker } from "../../components/company-picker";
import { Field } from "../../components/field";
import { FormError } from "../../components/form-error";
import { TagsInput } from "../../components/tags-input";
import { createForm, orNull } from "../../lib/form";
import { t } from "../../i18n";
import { useSession } from "../../session";
import { DuplicateWarning } from "../data/duplicates-warning";
import { ConflictWarning } from "../../components/conflict-warning";
import { CampaignPicker } from "../marketing/campaign-picker";

/**
 * The fields of a contact, for creating one and for editing one. `onSubmit` gets what changed in the
 * API's shape (empty optional fields as `null`); its errors show next to the fields.
 */
export function ContactForm(props: {
  initial?: Contact;
  companyId?: string;
  submitLabel: string;
  onSubmit: (input: ContactInput & { name: string }) => Promise<unknown>;
  onCancel?: () => void;
  onReload?: () => void;
}) {
  const session = useSession();
  const c = props.initial;
  const f = createForm({
    name: c?.name ?? "", email: c?.email ?? "", phone: c?.phone ?? "", title: c?.title ?? "",
    companyId: (c?.companyId ?? props.companyId ?? null) as string | null, tags: c?.tags ?? ([] as string[]),
    ownerId: c?.ownerId ?? "", shared: c?.shared ?? false, birthday: c?.birthday ?? "", language: c?.language ?? "",
    source: c?.source ?? "", campaignId: c?.campaignId ?? "",
  });
  const [custom, setCustom] = createSignal<Record<string, unknown>>({ ...(c?.custom ?? {}) });
  const [blocked, setBlocked] = createSignal(false);
  const customChanges = () => customPayload(custom(), c?.custom);
  const submit = f.submit(() =>
    props.onSubmit({
      name: f.values.name.trim(), email: orNull(f.values.email), phone: orNull(f.values.phone), title: orNull(f.values.title),
      companyId: f.values.companyId, tags: [...f.values.tags], shared: f.values.shared,
      birthday: orNull(f.values.birthday), language: (f.values.language || null) as "zh-CN" | "en" | null,
      source: orNull(f.values.source), campaignId: orNull(f.values.campaignId),
      ...(f.values.ownerId ? { ownerId: f.values.ownerId } : {}),
      ...(Object.keys(customChanges()).length ? { custom: customChanges() } : {}),
    }),
  );
  return (
    <form class="record-form" onSubmit={submit} data-testid="contact-form">
      <div class="grid">
        <Field label={t("field.name")} error={f.fieldError("name")}>
          <input name="name" required maxLength={200} value={f.values.name} onInput={f.input("name")} />
        </Field>
        <Field label={t("field.email")} error={f.fieldError("email")}>
          <input name="email" type="email" value={f.values.email} onInput={f.input("email")} />
        </Field>
        <Field label={t("field.phone")} error={f.fieldError("phone")}>
          <input name="phone" type="tel" value={f.values.phone} onInput={f.input("phone")} />
        </Field>
        <Field label={t("field.title")} error={f.fieldError("title")}>
          <input name="title" value={f.values.title} onInput={f.input("title")} />
        </Field>
        <Field label={t("leads.source")} error={f.fieldError("source")}>
          <input name="source" maxLength={100} value={f.values.source} onInput={f.input("source")} />
        </Field>
        <CampaignPicker value={f.values.campaignId} onChange={(v) => f.setValues("campaignId", v)} error={f.fieldError("campaignId")} />
        <Field label={t("field.birthday")} error={f.fieldError("birthday")} hint={t("field.birthdayHint")}>
          <input name="birthday" inputmode="numeric" maxLength={10} placeholder="03-15" pattern="(\d{4}-)?\d{2}-\d{2}" value={f.values.birthday} onInput={f.input("birthday")} />
        </Field>
        <Field label={t("field.language")} error={f.fieldError("language")}>
          <select name="language" value={f.values.language} onChange={f.input("language")}>
            <option value="">{t("field.languageDefault")}</option>
            <option value="zh-CN">{t("lang.zh-CN")}</option>
            <option value="en">{t("lang.en")}</option>
          </select>
        </Field>
        <Show when={session.has("companies")}>
          <Field label={t("field.company")} error={f.fieldError("companyId")} group>
            <CompanyPicker value={f.values.companyId} onChange={(id) => f.setValues("companyId", id)} />
          </Field>
        </Show>
        <Show when={props.initial}>
          <Field label={t("field.owner")} error={f.fieldError("ownerId")}>
            <select name="ownerId" value={f.values.ownerId} onChange={f.input("ownerId")}>
              <For each={session.members()}>{(m) => <option value={m.userId}>{m.name || m.email}</option>}</For>
            </select>
          </Field>
        </Show>
        <Field label={t("field.tags")} error={f.fieldError("tags")} class="wide" group>
          <TagsInput value={f.values.tags} onChange={(tags) => f.setValues("tags", tags)} />
        </Field>
        <label class="check wide">
          <input type="checkbox" name="shared" checked={f.values.shared} onChange={(e) => f.setValues("shared", e.currentTarget.checked)} />
          <span>{t("field.shared")}</span>
        </label>
      </div>
      <CustomFieldInputs object="contact" values={custom()} onChange={setCustom} error={f.fieldError} />
      <DuplicateWarning object="contact" name={f.values.name} email={f.values.email} phone={f.values.phone} companyId={f.values.companyId} excludeId={c?.contactId} />
      <Show when={!c}>
        <ConflictWarning kind="contact" email={f.values.email} phone={f.values.phone} onBlock={setBlocked} />
      </Show>
      <FormError error={f.error()} onReload={props.onReload} />
      <div class="actions">
        <button type="submit" disabled={f.busy() || blocked()}>{props.submitLabel}</button>
        <Show when={props.onCancel}><button type="button" class="secondary" onClick={() => props.onCancel!()}>{t("common.cancel")}</button></Show>
      </div>
    </form>
  );
}
