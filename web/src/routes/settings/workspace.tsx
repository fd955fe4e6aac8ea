import { createSignal, For, onMount, Show } from "solid-js";
import { api, type Workspace } from "../../api";
import { Field } from "../../components/field";
import { FormError } from "../../components/form-error";
import { createForm } from "../../lib/form";
import { currencyName, regionName, timeZones, CURRENCIES, REGIONS } from "../../lib/regions";
import { LOCALES, t, type Key } from "../../i18n";
import { useSession } from "../../session";

/** Workspace name and the defaults new records use. Admins edit; everyone else reads. */
export function WorkspaceSettings() {
  const [ws, setWs] = createSignal<Workspace>();
  const [error, setError] = createSignal<unknown>();
  const [saved, setSaved] = createSignal(false);
  const load = () => api.workspace.get().then((w) => { setWs(w); setError(undefined); setSaved(false); }, setError);
  onMount(load);
  return (
    <>
      <Show when={saved()}><p class="notice" role="status">{t("common.saved")}</p></Show>
      <Show when={ws()} keyed fallback={<><FormError error={error()} /><Show when={!error()}><p class="muted">{t("common.loading")}</p></Show></>}>
        {(w) => <WorkspaceForm workspace={w} onSaved={(next) => { setWs(next); setSaved(true); }} onReload={load} />}
      </Show>
    </>
  );
}

function WorkspaceForm(props: { workspace: Workspace; onSaved: (w: Workspace) => void; onReload: () => void }) {
  const session = useSession();
  const s = props.workspace.tenant.settings;
  const f = createForm({
    name: props.workspace.tenant.name, timeZone: s.timeZone ?? "Asia/Shanghai", phoneRegion: s.phoneRegion ?? "CN",
    locale: s.locale ?? "zh-CN", currency: s.currency ?? "CNY",
  });
  const readOnly = () => !session.isAdmin();
  // Exchange rates: one row per other currency; rows left incomplete are not sent.
  const [rates, setRates] = createSignal(Object.entries(s.exchangeRates ?? {}).map(([currency, rate]) => ({ currency, rate: String(rate) })));
  const setRate = (i: number, patch: Partial<{ currency: string; rate: string }>) => setRates(rates().map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const ratesToSend = () => Object.fromEntries(rates().filter((r) => r.currency && r.currency !== f.values.currency && Number(r.rate) > 0).map((r) => [r.currency, Number(r.rate)]));
  const withCurrent = (list: string[], v: string) => (list.includes(v) ? list : [v, ...list]);
  const submit = f.submit(async () => {
    const w = await api.workspace.settings({ ...f.values, name: f.values.name.trim(), exchangeRates: ratesToSend(), version: props.workspace.tenant.version });
    await session.refresh();
    props.onSaved(w);
  });
  return (
    <form class="card stack" onSubmit={submit} data-testid="workspace-form">
      <h2>{t("settings.workspace")}</h2>
      <fieldset disabled={readOnly()} class="grid">
        <Field label={t("workspace.name")} error={f.fieldError("name")}>
          <input name="name" required value={f.values.name} onInput={f.input("name")} />
        </Field>
        <Field label={t("workspace.address")}>
          <input value={props.workspace.tenant.slug} readOnly disabled />
        </Field>
        <Field label={t("workspace.timeZone")} error={f.fieldError("timeZone")}>
          <select name="timeZone" value={f.values.timeZone} onChange={f.input("timeZone")}>
            <For each={withCurrent(timeZones(), f.values.timeZone)}>{(z) => <option value={z}>{z}</option>}</For>
          </select>
        </Field>
        <Field label={t("workspace.phoneRegion")} error={f.fieldError("phoneRegion")} hint={t("workspace.phoneRegionHint")}>
          <select name="phoneRegion" value={f.values.phoneRegion} onChange={f.input("phoneRegion")}>
            <For each={withCurrent(REGIONS, f.values.phoneRegion)}>{(r) => <option value={r}>{regionName(r)} ({r})</option>}</For>
          </select>
        </Field>
        <Field label={t("settings.language")} error={f.fieldError("locale")}>
          <select name="locale" value={f.values.locale} onChange={f.input("locale")}>
            <For each={LOCALES}>{(l) => <option value={l}>{t(`lang.${l}` as Key)}</option>}</For>
          </select>
        </Field>
        <Field label={t("workspace.currency")} error={f.fieldError("currency")}>
          <select name="currency" value={f.values.currency} onChange={f.input("currency")}>
            <For each={withCurrent(CURRENCIES, f.values.currency)}>{(c) => <option value={c}>{currencyName(c)} ({c})</option>}</For>
          </select>
        </Field>
      </fieldset>
      <fieldset disabled={readOnly()} class="stack" data-testid="exchange-rates">
        <legend>{t("workspace.exchangeRates")}</legend>
        <p class="muted">{t("workspace.exchangeRatesHint")}</p>
        <For each={rates()}>
          {(r, i) => (
            <div class="row">
              <select aria-label={t("workspace.currency")} value={r.currency} onChange={(e) => setRate(i(), { currency: e.currentTarget.value })}>
                <option value="" />
                <For each={withCurrent(CURRENCIES.filter((c) => c !== f.values.currency), r.currency || CURRENCIES[0])}>{(c) => <option value={c}>{currencyName(c)} ({c})</option>}</For>
              </select>
              <span>1 {r.currency || "…"} =</span>
              <input aria-label={t("workspace.rate")} type="number" min="0" step="any" inputmode="decimal" value={r.rate} onInput={(e) => setRate(i(), { rate: e.currentTarget.value })} />
              <span>{f.values.currency}</span>
              <button type="button" class="link" onClick={() => setRates(rates().filter((_, j) => j !== i()))}>{t("workspace.removeRate")}</button>
            </div>
          )}
        </For>
        <div><button type="button" onClick={() => setRates([...rates(), { currency: "", rate: "" }])}>{t("workspace.addRate")}</button></div>
        <Show when={f.fieldError("exchangeRates")}><p class="error">{f.fieldError("exchangeRates")}</p></Show>
      </fieldset>
      <FormError error={f.error()} onReload={props.onReload} />
      <Show when={!readOnly()}>
        <div class="actions"><button type="submit" disabled={f.busy()}>{t("common.save")}</button></div>
      </Show>
    </form>
  );
}
