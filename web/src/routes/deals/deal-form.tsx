import { createSignal, For, Show } from "solid-js";
import { CustomFieldInputs } from "../../components/custom-fields";
import { customPayload } from "../../lib/custom-fields";
import { ApiError } from "../../api";
import { CompanyPicker } from "../../components/company-picker";
import { ContactPicker } from "../../components/contact-picker";
import { Field } from "../../components/field";
import { FormError } from "../../components/form-error";
import { TagsInput } from "../../components/tags-input";
import { createForm, orNull } from "../../lib/form";
import { toMajorText, toMinor } from "../../lib/money";
import type { Deal, DealFields } from "../../lib/sales-api";
import { t } from "../../i18n";
import { useSession } from "../../session";
import { CampaignPicker } from "../marketing/campaign-picker";

type FieldKey = "title" | "amount" | "contactId" | "companyId" | "ownerId" | "closeDate" | "source" | "campaignId" | "tags" | "shared";

/**
 * The fields of a deal, for creating and editing one. `only` narrows it to some fields (the ones a stage
 * wants filled before a deal may leave it). `onSubmit` gets the API's shape: amount in minor units,
 * emptied optional fields as `null`.
 */
export function DealForm(props: {
  initial?: Deal;
  currency: string;
  only?: string[];
  submitLabel: string;
  onSubmit: (input: DealFields & { title: string }) => Promise<unknown>;
  onCancel?: () => void;
  onReload?: () => void;
  testid?: string;
}) {
  const session = useSession();
  const d = props.initial;
  const f = createForm({
    title: d?.title ?? "", amount: toMajorText(d?.amount, props.currency), contactId: d?.contactId ?? null as string | null,
    companyId: d?.companyId ?? null as string | null, ownerId: d?.ownerId ?? session.me().user.userId, closeDate: d?.closeDate ?? "",
    source: d?.source ?? "", tags: d?.tags ?? ([] as string[]), shared: d?.shared ?? false, campaignId: d?.campaignId ?? "",
  });
  const shows = (key: FieldKey) => !props.only || props.only.includes(key);
  const [custom, setCustom] = createSignal<Record<string, unknown>>({ ...(d?.custom ?? {}) });
  const customChanges = () => customPayload(custom(), d?.custom);
  const submit = f.submit(async () => {
    const amount = toMinor(f.values.amount, props.currency);
    if (amount === undefined) throw new ApiError(400, "validation", t("deals.amountInvalid"), { amount: t("deals.amountInvalid") });
    const all: DealFields & { title: string } = {
      title: f.values.title.trim(), amount, contactId: f.values.contactId, companyId: f.values.companyId, ownerId: f.values.ownerId || undefined,
      closeDate: orNull(f.values.closeDate), source: orNull(f.values.source), tags: [...f.values.tags], shared: f.values.shared,
      campaignId: orNull(f.values.campaignId),
      ...(Object.keys(customChanges()).length ? { custom: customChanges() } : {}),
    };
    if (!props.only) return props.onSubmit(all);
    const picked = Object.fromEntries(Object.entries(all).filter(([k]) => props.only!.includes(k)));
    return props.onSubmit({ ...picked, title: all.title });
  });
  return (
    <form class="record-form" onSubmit={submit} data-testid={props.testid ?? "deal-form"}>
      <div class="grid">
        <Show when={shows("title")}>
          <Field label={t("deals.title")} error={f.fieldError("title")}>
            <input name="title" required maxLength={200} value={f.values.title} onInput={f.input("title")} />
          </Field>
        </Show>
        <Show when={shows("amount")}>
          <Field label={t("deals.amountIn", { currency: props.currency })} error={f.fieldError("amount")}>
            <input name="amount" inputmode="decimal" autocomplete="off" value={f.values.amount} onInput={f.input("amount")} />
          </Field>
        </Show>
        <Show when={shows("closeDate")}>
          <Field label={t("deals.closeDate")} error={f.fieldError("closeDate")}>
            <input name="closeDate" type="date" value={f.values.closeDate} onInput={f.input("closeDate")} />
          </Field>
        </Show>
        <Show when={shows("contactId")}>
          <Field label={t("deals.contact")} error={f.fieldError("contactId")} group>
            <ContactPicker value={f.values.contactId} onChange={(id) => f.setValues("contactId", id)} />
          </Field>
        </Show>
        <Show when={shows("companyId")}>
          <Field label={t("field.company")} error={f.fieldError("companyId")} group>
            <CompanyPicker value={f.values.companyId} onChange={(id) => f.setValues("companyId", id)} />
          </Field>
        </Show>
        <Show when={shows("ownerId")}>
          <Field label={t("field.owner")} error={f.fieldError("ownerId")}>
            <select name="ownerId" value={f.values.ownerId} onChange={f.input("ownerId")}>
              <For each={session.members()}>{(m) => <option value={m.userId}>{m.name || m.email}</option>}</For>
            </select>
          </Field>
        </Show>
        <Show when={shows("source")}>
          <Field label={t("deals.source")} error={f.fieldError("source")}>
            <input name="source" maxLength={100} value={f.values.source} onInput={f.input("source")} />
          </Field>
        </Show>
        <Show when={shows("campaignId")}>
          <CampaignPicker value={f.values.campaignId} onChange={(v) => f.setValues("campaignId", v)} error={f.fieldError("campaignId")} />
        </Show>
        <Show when={shows("tags")}>
          <Field label={t("field.tags")} error={f.fieldError("tags")} class="wide" group>
            <TagsInput value={f.values.tags} onChange={(tags) => f.setValues("tags", tags)} />
          </Field>
        </Show>
        <Show when={shows("shared")}>
          <label class="check wide">
            <input type="checkbox" name="shared" checked={f.values.shared} onChange={(e) => f.setValues("shared", e.currentTarget.checked)} />
            <span>{t("field.shared")}</span>
          </label>
        </Show>
      </div>
      <Show when={!props.only}><CustomFieldInputs object="deal" values={custom()} onChange={setCustom} error={f.fieldError} /></Show>
      <FormError error={f.error()} onReload={props.onReload} />
      <div class="actions">
        <button type="submit" disabled={f.busy()}>{props.submitLabel}</button>
        <Show when={props.onCancel}><button type="button" class="secondary" onClick={() => props.onCancel!()}>{t("common.cancel")}</button></Show>
      </div>
    </form>
  );
}
