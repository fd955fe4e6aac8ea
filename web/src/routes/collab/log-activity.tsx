import { createSignal, For, Show } from "solid-js";
import { ACTIVITY_KINDS, api, type ActivityKind, type RecordType } from "../../api";
import { Field } from "../../components/field";
import { FormError } from "../../components/form-error";
import { createForm } from "../../lib/form";
import { t, type Key } from "../../i18n";

/**
 * One tap to log a call, meeting or visit from a record's page (on a phone in the field): pick the kind,
 * say how it went, save. A visit asks the phone for its position when the person allows it.
 */
export function LogActivity(props: { recordType: RecordType; recordId: string; onLogged: () => void }) {
  const [kind, setKind] = createSignal<ActivityKind | null>(null);
  const [saved, setSaved] = createSignal(false);
  const f = createForm({ outcome: "", durationMinutes: "", notes: "" });
  const position = (): Promise<{ lat: number; lng: number } | undefined> =>
    new Promise((resolve) => {
      if (!navigator.geolocation) return resolve(undefined);
      navigator.geolocation.getCurrentPosition((p) => resolve({ lat: p.coords.latitude, lng: p.coords.longitude }), () => resolve(undefined), { timeout: 5000 });
    });
  const submit = f.submit(async () => {
    const k = kind();
    if (!k) return;
    const minutes = f.values.durationMinutes.trim();
    await api.activities.log({
      kind: k, recordType: props.recordType, recordId: props.recordId,
      outcome: f.values.outcome.trim() || undefined, notes: f.values.notes.trim() || undefined,
      durationMinutes: minutes ? Number(minutes) : undefined,
      location: k === "visit" ? await position() : undefined,
    });
    f.setValues({ outcome: "", durationMinutes: "", notes: "" });
    setKind(null);
    setSaved(true);
    props.onLogged();
  });
  return (
    <div class="log-activity" data-testid="log-activity">
      <div class="log-kinds" role="group" aria-label={t("activities.log")}>
        <span class="muted">{t("activities.log")}</span>
        <For each={ACTIVITY_KINDS}>
          {(k) => (
            <button type="button" class="secondary small" aria-pressed={kind() === k} classList={{ active: kind() === k }}
              onClick={() => { setSaved(false); setKind(kind() === k ? null : k); }} data-testid={`log-${k}`}>
              {t(`activityKind.${k}` as Key)}
            </button>
          )}
        </For>
        <Show when={saved()}><span class="notice" role="status">{t("activities.logged")}</span></Show>
      </div>
      <Show when={kind()}>
        <form class="task-form" onSubmit={submit} data-testid="activity-form">
          <Field label={t("activities.outcome")} error={f.fieldError("outcome")} class="grow">
            <input name="outcome" maxLength={200} value={f.values.outcome} onInput={f.input("outcome")} />
          </Field>
          <Field label={t("activities.duration")} error={f.fieldError("durationMinutes")}>
            <input name="durationMinutes" type="number" min="0" max="1440" inputmode="numeric" value={f.values.durationMinutes} onInput={f.input("durationMinutes")} />
          </Field>
          <Field label={t("activities.notes")} error={f.fieldError("notes")} class="grow">
            <input name="notes" maxLength={5000} value={f.values.notes} onInput={f.input("notes")} />
          </Field>
          <div class="actions"><button type="submit" disabled={f.busy()}>{t("activities.save")}</button></div>
          <FormError error={f.error()} />
        </form>
      </Show>
    </div>
  );
}
