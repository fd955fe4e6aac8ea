import { createSignal, For, onMount, Show } from "solid-js";
import { FormError } from "../../components/form-error";
import { UpgradeHint } from "../../components/upgrade-hint";
import { t, type Key } from "../../i18n";
import { useSession } from "../../session";
import { churnApi, SIGNAL_KEYS, type ChurnSettings, type SignalKey } from "./api";

/** Which "full at" level belongs to a signal, and its unit. */
const FULL: Partial<Record<SignalKey, keyof ChurnSettings["full"]>> = {
  activity: "activityDays", won: "wonDays", openTickets: "openTickets", breaches: "breaches", lostDeals: "lostDeals",
};

/** The tenant's churn scoring rules: a weight and a "full at" level per signal, and the band thresholds. */
export function ChurnSettingsPage() {
  const session = useSession();
  const [form, setForm] = createSignal<ChurnSettings>();
  const [error, setError] = createSignal<unknown>();
  const [saved, setSaved] = createSignal(false);
  const [busy, setBusy] = createSignal(false);
  const load = () => churnApi.settings().then((s) => { setForm(s); setError(undefined); }, setError);
  onMount(() => session.has("churn") && void load());

  const num = (v: string) => (v.trim() === "" ? NaN : Number(v));
  const setWeight = (k: SignalKey, v: string) => setForm({ ...form()!, weights: { ...form()!.weights, [k]: num(v) } });
  const setFull = (k: keyof ChurnSettings["full"], v: string) => setForm({ ...form()!, full: { ...form()!.full, [k]: num(v) } });
  const setThreshold = (k: "healthy" | "atRisk", v: string) => setForm({ ...form()!, thresholds: { ...form()!.thresholds, [k]: num(v) } });

  const save = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setSaved(false);
    setError(undefined);
    try {
      setForm(await churnApi.saveSettings(form()!));
      setSaved(true);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Show when={session.has("churn")} fallback={<section class="card"><h2>{t("churn.settings")}</h2><UpgradeHint feature="churn" /></section>}>
      <form class="card stack" onSubmit={save} data-testid="churn-settings">
        <h2>{t("churn.settings")}</h2>
        <p class="muted">{t("churn.settingsIntro")}</p>
        <Show when={form()} fallback={<Show when={!error()}><p class="muted">{t("common.loading")}</p></Show>}>
          {(f) => (
            <>
              <div class="table-scroll">
                <table>
                  <thead><tr><th>{t("churn.signal")}</th><th>{t("churn.weight")}</th><th>{t("churn.fullAt")}</th></tr></thead>
                  <tbody>
                    <For each={SIGNAL_KEYS}>
                      {(k) => (
                        <tr>
                          <td>{t(`churn.signal.${k}` as Key)}</td>
                          <td><input type="number" min="0" max="100" step="1" name={`weights.${k}`} aria-label={`${t(`churn.signal.${k}` as Key)} · ${t("churn.weight")}`} value={f().weights[k]} disabled={!session.isAdmin()} onInput={(e) => setWeight(k, e.currentTarget.value)} /></td>
                          <td>
                            <Show when={FULL[k]} fallback="—">
                              {(fk) => <input type="number" min="1" step="1" name={`full.${fk()}`} aria-label={`${t(`churn.signal.${k}` as Key)} · ${t("churn.fullAt")}`} value={f().full[fk()]} disabled={!session.isAdmin()} onInput={(e) => setFull(fk(), e.currentTarget.value)} />}
                            </Show>
                          </td>
                        </tr>
                      )}
                    </For>
                  </tbody>
                </table>
              </div>
              <fieldset class="grid">
                <legend>{t("churn.thresholds")}</legend>
                <label>{t("churn.healthyFrom")}<input type="number" min="1" max="100" name="thresholds.healthy" value={f().thresholds.healthy} disabled={!session.isAdmin()} onInput={(e) => setThreshold("healthy", e.currentTarget.value)} /></label>
                <label>{t("churn.atRiskBelow")}<input type="number" min="1" max="100" name="thresholds.atRisk" value={f().thresholds.atRisk} disabled={!session.isAdmin()} onInput={(e) => setThreshold("atRisk", e.currentTarget.value)} /></label>
              </fieldset>
            </>
          )}
        </Show>
        <FormError error={error()} onReload={() => { setSaved(false); void load(); }} />
        <Show when={saved()}><p class="notice" role="status">{t("churn.saved")}</p></Show>
        <Show when={session.isAdmin() && form()}>
          <div><button type="submit" disabled={busy()} data-testid="churn-save">{t("churn.save")}</button></div>
        </Show>
      </form>
    </Show>
  );
}
