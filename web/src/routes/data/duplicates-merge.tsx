import { A } from "@solidjs/router";
import { createSignal, For, Show } from "solid-js";
import { errorText, t } from "../../i18n";
import { dedupeApi, type DupGroup, type DupObject, type DupRecord } from "./duplicates-api";

const FIELDS: Record<DupObject, Array<{ key: keyof DupRecord; label: string }>> = {
  contact: [{ key: "name", label: "field.name" }, { key: "email", label: "field.email" }, { key: "phone", label: "field.phone" }],
  company: [{ key: "name", label: "field.name" }, { key: "domain", label: "field.domain" }, { key: "phone", label: "field.phone" }],
};

/** The merge screen of one group: which record survives, and per field whose value to keep. */
export function MergePanel(props: { object: DupObject; group: DupGroup; onDone: () => void; onCancel: () => void }) {
  const records = () => props.group.records;
  const [survivor, setSurvivor] = createSignal(records()[0].id);
  const [choice, setChoice] = createSignal<Record<string, string>>({});
  const [error, setError] = createSignal("");
  const [busy, setBusy] = createSignal(false);
  const [merged, setMerged] = createSignal<string | null>(null);
  const customKeys = () => [...new Set(records().flatMap((r) => Object.keys(r.custom)))];
  const fields = () => [
    ...FIELDS[props.object].map((f) => ({ key: f.key as string, label: t(f.label as never), value: (r: DupRecord) => r[f.key] as unknown })),
    ...customKeys().map((k) => ({ key: `custom.${k}`, label: k, value: (r: DupRecord) => r.custom[k] })),
  ];
  const chosen = (field: string) => choice()[field] ?? survivor();
  const show = (v: unknown) => (v === null || v === undefined || v === "" ? t("dedupe.empty") : String(v));
  const submit = async () => {
    setBusy(true);
    setError("");
    try {
      const picks = Object.fromEntries(fields().map((f) => [f.key, chosen(f.key)]));
      const res = await dedupeApi.merge({ object: props.object, survivorId: survivor(), mergedIds: records().map((r) => r.id).filter((id) => id !== survivor()), fields: picks });
      setMerged(res.survivorId);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="card" data-testid="merge-panel">
      <h2>{t("dedupe.mergeTitle", { n: records().length })}</h2>
      <Show when={!merged()} fallback={
        <p class="notice" data-testid="merge-done">
          <A href={`/${props.object === "contact" ? "contacts" : "companies"}/${merged()}`} data-testid="merge-survivor-link">{t("dedupe.merged")}</A>
          {" "}<button type="button" class="link" onClick={props.onDone}>{t("common.cancel")}</button>
        </p>
      }>
        <p class="muted">{t("dedupe.mergeHint")}</p>
        <div class="table-wrap" style={{ overflow: "auto" }}>
          <table>
            <thead>
              <tr>
                <th>{t("dedupe.field")}</th>
                <For each={records()}>
                  {(r) => (
                    <th>
                      <label class="check">
                        <input type="radio" name="survivor" checked={survivor() === r.id} onChange={() => { setSurvivor(r.id); setChoice({}); }} data-testid={`survivor-${r.id}`} />
                        <span>{t("dedupe.survivor")}</span>
                      </label>
                    </th>
                  )}
                </For>
              </tr>
            </thead>
            <tbody>
              <For each={fields()}>
                {(f) => (
                  <tr>
                    <th scope="row">{f.label}</th>
                    <For each={records()}>
                      {(r) => (
                        <td>
                          <label class="check">
                            <input type="radio" name={`field-${f.key}`} checked={chosen(f.key) === r.id} onChange={() => setChoice({ ...choice(), [f.key]: r.id })} data-testid={`pick-${f.key}-${r.id}`} />
                            <span>{show(f.value(r))}</span>
                          </label>
                        </td>
                      )}
                    </For>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </div>
        <Show when={error()}><p class="error" role="alert">{error()}</p></Show>
        <div class="actions">
          <button type="button" onClick={submit} disabled={busy()} data-testid="merge-submit">{t("dedupe.doMerge")}</button>
          <button type="button" class="secondary" onClick={props.onCancel}>{t("common.cancel")}</button>
        </div>
      </Show>
    </div>
  );
}
