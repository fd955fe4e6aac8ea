import { createSignal, For, Show } from "solid-js";
import { CustomFieldInputs } from "../../components/custom-fields";
import { customPayload } from "../../lib/custom-fields";
import type { Company, CompanyInput } from "../../api";
import { Field } from "../../components/field";
import { FormError } from "../../components/form-error";
import { TagsInput } from "../../components/tags-input";
import { createForm, orNull } from "../../lib/form";
import { t } from "../../i18n";
import { useSession } from "../../session";
import { DuplicateWarning } from "../data/duplicates-warning";
import { ConflictWarning } from "../../components/conflict-warning";

/** The fields of a company, for creating and editing; errors show next to the fields. */
export function CompanyForm(props: {
  initial?: Company;
  submitLabel: string;
  onSubmit: (input: CompanyInput & { name: string }) => Promise<unknown>;
  onCancel?: () => void;
  onReload?: () => void;
}) {
  const session = useSession();
  const c = props.initial;
  const f = createForm({
    name: c?.name ?? "", domain: c?.domain ?? "", phone: c?.phone ?? "", industry: c?.industry ?? "", creditCode: c?.creditCode ?? "",
    tags: c?.tags ?? ([] as string[]), ownerId: c?.ownerId ?? "", shared: c?.shared ?? false,
  });
  const [custom, setCustom] = createSignal<Record<string, unknown>>({ ...(c?.custom ?? {}) });
  const [blocked, setBlocked] = createSignal(false);
  const customChanges = () => customPayload(custom(), c?.custom);
  const submit = f.submit(() =>
    props.onSubmit({
      name: f.values.name.trim(), domain: orNull(f.values.domain), phone: orNull(f.values.phone), industry: orNull(f.values.industry),
      creditCode: orNull(f.values.creditCode), ...(c ? {} : { acknowledgeConflicts: true }),
      tags: [...f.values.tags], shared: f.values.shared, ...(f.values.ownerId ? { ownerId: f.values.ownerId } : {}),
      ...(Object.keys(customChanges()).length ? { custom: customChanges() } : {}),
    }),
  );
  return (
    <form class="record-form" onSubmit={submit} data-testid="company-form">
      <div class="grid">
        <Field label={t("field.companyName")} error={f.fieldError("name")}>
          <input name="name" required maxLength={200} value={f.values.name} onInput={f.input("name")} />
        </Field>
        <Field label={t("field.domain")} error={f.fieldError("domain")} hint={t("field.domainHint")}>
          <input name="domain" autocapitalize="off" value={f.values.domain} onInput={f.input("domain")} />
        </Field>
        <Field label={t("field.phone")} error={f.fieldError("phone")}>
          <input name="phone" type="tel" value={f.values.phone} onInput={f.input("phone")} />
        </Field>
        <Field label={t("field.creditCode")} error={f.fieldError("creditCode")} hint={t("field.creditCodeHint")}>
          <input name="creditCode" autocapitalize="characters" maxLength={40} value={f.values.creditCode} onInput={f.input("creditCode")} />
        </Field>
        <Field label={t("field.industry")} error={f.fieldError("industry")}>
          <input name="industry" value={f.values.industry} onInput={f.input("industry")} />
        </Field>
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
      <CustomFieldInputs object="company" values={custom()} onChange={setCustom} error={f.fieldError} />
      <DuplicateWarning object="company" name={f.values.name} phone={f.values.phone} excludeId={c?.companyId} />
      <Show when={!c}>
        <ConflictWarning kind="company" name={f.values.name} phone={f.values.phone} creditCode={f.values.creditCode} onBlock={setBlocked} />
      </Show>
      <FormError error={f.error()} onReload={props.onReload} />
      <div class="actions">
        <button type="submit" disabled={f.busy() || blocked()}>{props.submitLabel}</button>
        <Show when={props.onCancel}><button type="button" class="secondary" onClick={() => props.onCancel!()}>{t("common.cancel")}</button></Show>
      </div>
    </form>
  );
}
