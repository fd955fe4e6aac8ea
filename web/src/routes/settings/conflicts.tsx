import { createSignal, For, onMount, Show } from "solid-js";
import { FormError } from "../../components/form-error";
import { conflictsApi, type ConflictKey } from "../../components/conflict-warning";
import { t } from "../../i18n";

const KEYS: ConflictKey[] = ["name", "phone", "email", "creditCode"];

/** Ownership conflicts (撞单), for admins: warn or block, and which keys count. */
export function ConflictSettings() {
  const [mode, setMode] = createSignal<"warn" | "block">("warn");
  const [keys, setKeys] = createSignal<ConflictKey[]>([...KEYS]);
  const [version, setVersion] = createSignal(0);
  const [loaded, setLoaded] = createSignal(false);
  const [error, setError] = createSignal<unknown>();
  const [saved, setSaved] = createSignal(false);
  const [busy, setBusy] = createSignal(false);

  const load = async () => {
    try {
      const s = await conflictsApi.settings();
      setMode(s.mode);
      setKeys(s.keys);
      setVersion(s.version);
      setLoaded(true);
      setError(undefined);
    } catch (err) {
      setError(err);
    }
  };
  onMount(load);

  const toggle = (k: ConflictKey, on: boolean) => setKeys((ks) => (on ? KEYS.filter((x) => x === k || ks.includes(x)) : ks.filter((x) => x !== k)));
  const save = async (e: Event) => {
    e.preventDefault();
    if (busy()) return;
    setBusy(true);
    setSaved(false);
    setError(undefined);
    try {
      const s = await conflictsApi.saveSettings({ mode: mode(), keys: keys(), version: version() });
      setVersion(s.version);
      setSaved(true);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="page" data-testid="conflict-settings">
      <h1>{t("conflicts.title")}</h1>
      <p class="muted">{t("conflicts.intro")}</p>
      <Show when={loaded()} fallback={<FormError error={error()} onReload={load} />}>
        <form class="record-form" onSubmit={save}>
          <fieldset>
            <legend>{t("conflicts.mode")}</legend>
            <For each={["warn", "block"] as const}>
              {(m) => (
                <label class="check">
                  <input type="radio" name="mode" value={m} checked={mode() === m} onChange={() => setMode(m)} />
                  <span>{t(`conflicts.mode.${m}`)}</span>
                </label>
              )}
            </For>
          </fieldset>
          <fieldset>
            <legend>{t("conflicts.keysLabel")}</legend>
            <For each={KEYS}>
              {(k) => (
                <label class="check">
                  <input type="checkbox" name={`key-${k}`} checked={keys().includes(k)} onChange={(e) => toggle(k, e.currentTarget.checked)} />
                  <span>{t(`conflicts.key.${k}`)}</span>
                </label>
              )}
            </For>
          </fieldset>
          <FormError error={error()} onReload={load} />
          <Show when={saved()}><p role="status">{t("conflicts.saved")}</p></Show>
          <div class="actions">
            <button type="submit" disabled={busy()}>{t("conflicts.save")}</button>
          </div>
        </form>
      </Show>
    </section>
  );
}
