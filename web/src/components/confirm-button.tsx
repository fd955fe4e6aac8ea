import { createSignal, Show } from "solid-js";
import { t } from "../i18n";

/** A destructive action that asks once more in place (no window.confirm, which blocks and cannot be styled). */
export function ConfirmButton(props: { label: string; question: string; onConfirm: () => Promise<unknown> | unknown; disabled?: boolean; testid?: string; small?: boolean }) {
  const [asking, setAsking] = createSignal(false);
  const [busy, setBusy] = createSignal(false);
  const confirm = async () => {
    setBusy(true);
    try {
      await props.onConfirm();
    } finally {
      setBusy(false);
      setAsking(false);
    }
  };
  return (
    <Show
      when={asking()}
      fallback={<button type="button" class="danger" classList={{ small: props.small }} disabled={props.disabled} data-testid={props.testid} onClick={() => setAsking(true)}>{props.label}</button>}
    >
      <span class="confirm" role="group">
        <span>{props.question}</span>
        <button type="button" class="danger" classList={{ small: props.small }} disabled={busy()} data-testid={props.testid && `${props.testid}-confirm`} onClick={confirm}>{t("common.confirmDelete")}</button>
        <button type="button" class="secondary" classList={{ small: props.small }} onClick={() => setAsking(false)}>{t("common.cancel")}</button>
      </span>
    </Show>
  );
}
