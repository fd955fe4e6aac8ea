import { createSignal, For, Show } from "solid-js";
import { ConflictWarning } from "../../components/conflict-warning";
import { Field } from "../../components/field";
import { FormError } from "../../components/form-error";
import { TagsInput } from "../../components/tags-input";
import { createForm, orNull } from "../../lib/form";
import { toMajorText, toMinor } from "../../lib/money";
import { t } from "../../i18n";
import { useSession } from "../../session";
import type { Lead, LeadFields } from "./leads-api";
import { CampaignPicker } from "../marketing/campaign-picker";

/**
 * The fields of a lead, for creating and editing. A new lead's owner defaults to "route by the rules";
 * the amount is typed in major units and sent in minor units.
 */
export function LeadForm(props: {
  initial?: Lead;
  submitLabel: string;
  onSubmit: (input: LeadFields & { name: string }) => Promise<unknown>;
  onCancel?: () => void;
  onReload?: () => void;
}) {
  const session = useSession();
  const l = props.initial;
  const defaultCurrency = () => session.me().tenant?.settings.currency ?? "CNY";
  const f = createForm({
    name: l?.name ?? "", companyName: l?.companyName ?? "", email: l?.email ?? "", phone: l?.phone ?? "",
    source: l?.source ?? "", region: l?.region ?? "", message: l?.message ?? "", tags: l?.tags ?? ([] as string[]),
    currency: l?.currency ?? "", amount: l ? toMajorText(l.amount, l.currency ?? defaultCurrency()) : "",
    ownerId: l?.ownerId ?? "", shared: l?.shared ?? false, campaignId: l?.campaignId ?? "",
  });
  const currency = () => (f.values.currency.trim() || defaultCurrency()).toUpperCase();
  const [blocked, setBlocked] = createSignal(false);
  const submit = f.submit(async () => {
    const amount = toMinor(f.values.amount, currency());
    if (amount === undefined) {
      f.setError(new Error(t("leads.amountInvalid")));
      return;
    }
    await props.onSubmit({
      name: f.values.name.trim(), companyName: orNull(f.values.companyName), email: orNull(f.values.email), phone: orNull(f.values.phone),
      source: orNull(f.values.source), region: orNull(f.values.region), message: orNull(f.values.message), tags: [...f.values.tags],
      amount, currency: amount === null ? orNull(f.values.currency) : currency(), shared: f.values.shared, campaignId: orNull(f.values.campaignId),
      ...(f.values.ownerId ? { ownerId: f.values.ownerId } : {}),
    });
  });
  return (
    <form class="record-form" onSubmit={submit} data-testid="lead-form">
      <div class="grid">
        <Field label={t("field.name")} error={f.fieldError("name")}>
          <input name="name" required maxLength={200} value={f.values.name} onInput={f.input("name")} />
        </Field>
        <Field label={t("leads.companyName")} error={f.fieldError("companyName")}>
          <input name="companyName" maxLength={200} value={f.values.companyName} onInput={f.input("companyName")} />
        </Field>
        <Field label={t("field.email")} error={f.fieldError("email")}>
          <input name="email" type="email" value={f.values.email} onInput={f.input("email")} />
        </Field>
        <Field label={t("field.phone")} error={f.fieldError("phone")}>
          <input name="phone" type="tel" value={f.values.phone} onInput={f.input("phone")} />
        </Field>
        <Field label={t("leads.source")} error={f.fieldError("source")}>
          <input name="source" maxLength={100} value={f.values.source} onInput={f.input("source")} />
        </Field>
        <CampaignPicker value={f.values.campaignId} onChange={(v) => f.setValues("campaignId", v)} error={f.fieldError("campaignId")} />
        <Field label={t("leads.region")} error={f.fieldError("region")}>
          <input name="region" maxLength={100} value={f.values.region} onInput={f.input("region")} />
        </Field>
        <Field label={t("leads.amount")} error={f.fieldError("amount")}>
          <input name="amount" inputMode="decimal" value={f.values.amount} onInput={f.input("amount")} />
        </Field>
        <Field label={t("leads.currency")} error={f.fieldError("currency")}>
          <input name="currency" maxLength={3} placeholder={defaultCurrency()} value={f.values.currency} onInput={f.input("currency")} />
        </Field>
        <Field label={t("field.owner")} error={f.fieldError("ownerId")}>
          <select name="ownerId" value={f.values.ownerId} onChange={f.input("ownerId")}>
            <Show when={!props.initial}><option value="">{t("leads.ownerAuto")}</option></Show>
            <For each={session.members().filter((m) => m.role !== "viewer")}>{(m) => <option value={m.userId}>{m.name || m.email}</option>}</For>
          </select>
        </Field>
        <Field label={t("field.tags")} error={f.fieldError("tags")} group>
          <TagsInput value={f.values.tags} onChange={(tags) => f.setValues("tags", tags)} />
        </Field>
        <Field label={t("leads.message")} error={f.fieldError("message")} class="wide">
          <textarea name="message" maxLength={5000} rows={3} value={f.values.message} onInput={f.input("message")} />
        </Field>
        <label class="check wide">
          <input type="checkbox" name="shared" checked={f.values.shared} onChange={(e) => f.setValues("shared", e.currentTarget.checked)} />
          <span>{t("field.shared")}</span>
        </label>
      </div>
      <Show when={!l}>
        <ConflictWarning kind="lead" companyName={f.values.companyName} email={f.values.email} phone={f.values.phone} onBlock={setBlocked} />
      </Show>
      <FormError error={f.error()} onReload={props.onReload} />
      <div class="actions">
        <button type="submit" disabled={f.busy() || blocked()}>{props.submitLabel}</button>
        <Show when={props.onCancel}><button type="button" class="secondary" onClick={() => props.onCancel!()}>{t("common.cancel")}</button></Show>
      </div>
    </form>
  );
}
