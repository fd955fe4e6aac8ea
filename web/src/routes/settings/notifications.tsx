import { createSignal, For, onMount, Show } from "solid-js";
import { api, NOTIFICATION_CHANNELS, NOTIFICATION_KINDS, type NotificationChannel, type NotificationPrefs } from "../../api";
import { FormError } from "../../components/form-error";
import { t, type Key } from "../../i18n";

type Channel = (typeof NOTIFICATION_CHANNELS)[number];

/** Per kind of notification: in the app, by email, in the daily digest (any, all or none). Personal, not admin-only. */
export function NotificationSettings() {
  const [prefs, setPrefs] = createSignal<NotificationPrefs>();
  const [error, setError] = createSignal<unknown>();
  const [busy, setBusy] = createSignal(false);
  const [saved, setSaved] = createSignal(false);
  onMount(() => api.notifications.preferences().then((r) => setPrefs(r.prefs), setError));

  const has = (kind: keyof NotificationPrefs, ch: Channel) => !!prefs()?.[kind]?.includes(ch);
  const toggle = (kind: keyof NotificationPrefs, ch: Channel, on: boolean) => {
    const cur = (prefs()![kind] ?? []).filter((c): c is Channel => c !== "off");
    const next: NotificationChannel[] = NOTIFICATION_CHANNELS.filter((c) => (c === ch ? on : cur.includes(c)));
    setPrefs({ ...prefs()!, [kind]: next.length ? next : ["off"] });
    setSaved(false);
  };
  const save = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    setSaved(false);
    try {
      setPrefs((await api.notifications.setPreferences(prefs()!)).prefs);
      setSaved(true);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="card stack" onSubmit={save} data-testid="notification-prefs">
      <h2>{t("settings.notifications")}</h2>
      <p class="muted">{t("settings.notificationsIntro")}</p>
      <Show when={prefs()} fallback={<Show when={!error()}><p class="muted">{t("common.loading")}</p></Show>}>
        <div class="prefs">
          <For each={NOTIFICATION_KINDS}>
            {(kind) => (
              <fieldset class="pref-row" data-testid={`pref-${kind}`}>
                <legend>{t(`notifyKind.${kind}` as Key)}</legend>
                <For each={NOTIFICATION_CHANNELS}>
                  {(ch) => (
                    <label class="check">
                      <input type="checkbox" name={`${kind}.${ch}`} checked={has(kind, ch)} onChange={(e) => toggle(kind, ch, e.currentTarget.checked)} />
                      {t(`notifyChannel.${ch}` as Key)}
                    </label>
                  )}
                </For>
              </fieldset>
            )}
          </For>
        </div>
      </Show>
      <FormError error={error()} />
      <Show when={saved()}><p class="notice" role="status">{t("common.saved")}</p></Show>
      <div class="actions"><button type="submit" disabled={busy() || !prefs()} data-testid="prefs-save">{t("common.save")}</button></div>
    </form>
  );
}
