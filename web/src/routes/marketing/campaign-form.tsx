import { For } from "solid-js";
import { Field } from "../../components/field";
import { FormError } from "../../components/form-error";
import { type Key, t } from "../../i18n";
import { createForm, orNull } from "../../lib/form";
import { type Campaign, CAMPAIGN_STATUSES, type CampaignFields, type Channel, CHANNELS } from "./marketing-api";

/** Name, channel, status, period and description of a campaign, for creating and editing. */
export function CampaignForm(props: { initial?: Campaign; submitLabel: string; onSubmit: (input: CampaignFields & { name: string; channel: Channel }) => Promise<unknown>; onCancel?: () => void; onReload?: () => void }) {
  const c = props.initial;
  const f = createForm({ name: c?.name ?? "", channel: (c?.channel ?? "trade_show") as string, status: (c?.status ?? "planned") as string, startDate: c?.startDate ?? "", endDate: c?.endDate ?? "", description: c?.description ?? "" });
  const submit = f.submit(() => props.onSubmit({
    name: f.values.name.trim(), channel: f.values.channel as Channel, status: f.values.status as CampaignFields["status"],
    startDate: orNull(f.values.startDate), endDate: orNull(f.values.endDate), description: orNull(f.values.description),
  }));
  return (
    <form class="record-form" onSubmit={submit} data-testid="campaign-form">
      <div class="grid">
        <Field label={t("marketing.name")} error={f.fieldError("name")}>
          <input name="name" required maxLength={200} value={f.values.name} onInput={f.input("name")} />
        </Field>
        <Field label={t("marketing.channel")} error={f.fieldError("channel")}>
          <select name="channel" value={f.values.channel} onChange={f.input("channel")}>
            <For each={CHANNELS}>{(ch) => <option value={ch}>{t(`marketing.channel.${ch}` as Key)}</option>}</For>
          </select>
        </Field>
        <Field label={t("marketing.status")} error={f.fieldError("status")}>
          <select name="status" value={f.values.status} onChange={f.input("status")}>
            <For each={CAMPAIGN_STATUSES}>{(s) => <option value={s}>{t(`marketing.status.${s}` as Key)}</option>}</For>
          </select>
        </Field>
        <Field label={t("marketing.startDate")} error={f.fieldError("startDate")}>
          <input name="startDate" type="date" value={f.values.startDate} onInput={f.input("startDate")} />
        </Field>
        <Field label={t("marketing.endDate")} error={f.fieldError("endDate")}>
          <input name="endDate" type="date" value={f.values.endDate} onInput={f.input("endDate")} />
        </Field>
        <Field label={t("marketing.description")} error={f.fieldError("description")} class="wide">
          <textarea name="description" maxLength={2000} value={f.values.description} onInput={f.input("description")} />
        </Field>
      </div>
      <FormError error={f.error()} onReload={props.onReload} />
      <div class="actions">
        <button type="submit" disabled={f.busy()}>{props.submitLabel}</button>
        {props.onCancel && <button type="button" class="secondary" onClick={() => props.onCancel!()}>{t("common.cancel")}</button>}
      </div>
    </form>
  );
}
