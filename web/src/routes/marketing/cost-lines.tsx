import { For, Show } from "solid-js";
import { Field } from "../../components/field";
import { FormError } from "../../components/form-error";
import { locale, t } from "../../i18n";
import { createForm, orNull } from "../../lib/form";
import { formatMoney, toMinor } from "../../lib/money";
import { type Campaign, marketingApi } from "./marketing-api";

/** A campaign's cost lines (date, amount, note) with their total; add and remove. */
export function CostLines(props: { campaign: Campaign; canWrite: boolean; onChange: (c: Campaign) => void }) {
  const f = createForm({ date: new Date().toISOString().slice(0, 10), amount: "", note: "" });
  const money = (minor: number) => formatMoney(minor, props.campaign.currency, locale());
  const add = f.submit(async () => {
    const amount = toMinor(f.values.amount, props.campaign.currency);
    if (!amount) {
      f.setError(new Error(t("marketing.amountInvalid")));
      return;
    }
    props.onChange(await marketingApi.addCost(props.campaign.campaignId, { date: f.values.date, amount, note: orNull(f.values.note) }));
    f.setValues({ amount: "", note: "" });
  });
  return (
    <div class="stack" data-testid="cost-lines">
      <table class="records">
        <thead><tr><th scope="col">{t("marketing.costDate")}</th><th scope="col">{t("marketing.costAmount")}</th><th scope="col">{t("marketing.costNote")}</th><th scope="col" /></tr></thead>
        <tbody>
          <For each={props.campaign.costs} fallback={<tr><td colSpan={4} class="muted">{t("marketing.noCosts")}</td></tr>}>
            {(line) => (
              <tr>
                <td data-label={t("marketing.costDate")}>{line.date}</td>
                <td data-label={t("marketing.costAmount")}>{money(line.amount)}</td>
                <td data-label={t("marketing.costNote")}>{line.note ?? ""}</td>
                <td>
                  <Show when={props.canWrite}>
                    <button type="button" class="secondary small" onClick={() => marketingApi.removeCost(props.campaign.campaignId, line.lineId).then(props.onChange, f.setError)}>{t("common.delete")}</button>
                  </Show>
                </td>
              </tr>
            )}
          </For>
          <tr><th scope="row">{t("marketing.totalCost")}</th><td data-testid="campaign-total">{money(props.campaign.totalCost)}</td><td /><td /></tr>
        </tbody>
      </table>
      <Show when={props.canWrite}>
        <form class="record-form" onSubmit={add} data-testid="cost-form">
          <div class="grid">
            <Field label={t("marketing.costDate")} error={f.fieldError("date")}>
              <input name="date" type="date" required value={f.values.date} onInput={f.input("date")} />
            </Field>
            <Field label={t("marketing.costAmount")} hint={props.campaign.currency} error={f.fieldError("amount")}>
              <input name="amount" inputMode="decimal" required value={f.values.amount} onInput={f.input("amount")} />
            </Field>
            <Field label={t("marketing.costNote")} error={f.fieldError("note")}>
              <input name="note" maxLength={500} value={f.values.note} onInput={f.input("note")} />
            </Field>
          </div>
          <FormError error={f.error()} />
          <div class="actions"><button type="submit" disabled={f.busy()}>{t("marketing.addCost")}</button></div>
        </form>
      </Show>
    </div>
  );
}
