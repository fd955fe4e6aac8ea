import { createResource, createSignal, For, Show } from "solid-js";
import { FormError } from "./form-error";
import { formatDate, t, type Key } from "../i18n";
import { lifecycleApi, STAGES, type LifecycleStage } from "../lib/lifecycle-api";
import "./lifecycle-stage.css";

export const stageName = (s: string) => t(`lifecycle.stage.${s}` as Key);
const causeName = (c: string) => t(`lifecycle.cause.${c}` as Key);

/**
 * A contact's or company's lifecycle stage on its page: the stage since when, a change by hand with a
 * reason (needs the record's version; a stale one offers a reload), and the history of moves.
 */
export function LifecycleStagePanel(props: { path: "contacts" | "companies"; recordId: string; version: number; canWrite: boolean; onMoved: () => void }) {
  const [data, { refetch }] = createResource(() => props.recordId, (id) => lifecycleApi.of(props.path, id));
  const [to, setTo] = createSignal<LifecycleStage>("customer");
  const [reason, setReason] = createSignal("");
  const [error, setError] = createSignal<unknown>();
  const [busy, setBusy] = createSignal(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await lifecycleApi.move(props.path, props.recordId, { stage: to(), reason: reason().trim(), version: props.version });
      setReason("");
      props.onMoved();
      void refetch();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="card lifecycle-panel" data-testid="lifecycle">
      <h2>{t("lifecycle.title")}</h2>
      <FormError error={data.error} />
      <Show when={data()}>
        {(d) => (
          <>
            <p>
              <span class="stage-badge" data-testid="lifecycle-stage">{stageName(d().stage)}</span>{" "}
              <span class="muted">{t("lifecycle.since", { date: formatDate(d().since) })}</span>
            </p>
            <Show when={props.canWrite}>
              <form onSubmit={submit}>
                <label class="inline-label">
                  <span>{t("lifecycle.newStage")}</span>
                  <select name="stage" value={to()} onChange={(e) => setTo(e.currentTarget.value as LifecycleStage)}>
                    <For each={STAGES.filter((s) => s !== d().stage)}>{(s) => <option value={s}>{stageName(s)}</option>}</For>
                  </select>
                </label>
                <label class="inline-label">
                  <span>{t("lifecycle.reason")}</span>
                  <input name="reason" required maxLength={500} value={reason()} onInput={(e) => setReason(e.currentTarget.value)} />
                </label>
                <button type="submit" disabled={busy() || !reason().trim()} data-testid="lifecycle-save">{t("lifecycle.save")}</button>
              </form>
              <FormError error={error()} onReload={() => { setError(undefined); props.onMoved(); }} />
            </Show>
            <h3>{t("lifecycle.history")}</h3>
            <Show when={d().history.length} fallback={<p class="muted">{t("lifecycle.noHistory")}</p>}>
              <ol data-testid="lifecycle-history">
                <For each={d().history}>
                  {(h) => (
                    <li>
                      {t("lifecycle.move", { from: stageName(h.from), to: stageName(h.to) })} · {causeName(h.cause)}
                      <Show when={h.reason}> · “{h.reason}”</Show> <span class="muted">{formatDate(h.at)}</span>
                    </li>
                  )}
                </For>
              </ol>
            </Show>
          </>
        )}
      </Show>
    </section>
  );
}
