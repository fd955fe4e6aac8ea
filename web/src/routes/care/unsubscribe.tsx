import { useSearchParams } from "@solidjs/router";
import { createSignal, onMount, Show } from "solid-js";
import { FormError } from "../../components/form-error";
import { t } from "../../i18n";
import { careApi, type UnsubscribeInfo } from "./api";

/** The public page an unsubscribe link opens: no login, the signed token is the permission. */
export function Unsubscribe() {
  const [params] = useSearchParams();
  const token = () => (typeof params.token === "string" ? params.token : "");
  const [info, setInfo] = createSignal<UnsubscribeInfo>();
  const [invalid, setInvalid] = createSignal(false);
  const [error, setError] = createSignal<unknown>();
  const [busy, setBusy] = createSignal(false);

  onMount(async () => {
    if (!token()) return setInvalid(true);
    try {
      setInfo(await careApi.unsubscribeInfo(token()));
    } catch {
      setInvalid(true);
    }
  });
  const confirm = async () => {
    setBusy(true);
    setError(undefined);
    try {
      setInfo(await careApi.unsubscribe(token()));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="card narrow stack" data-testid="unsubscribe-page">
      <h1>{t("unsubscribe.title")}</h1>
      <Show when={!invalid()} fallback={<p class="error" role="alert" data-testid="unsubscribe-invalid">{t("unsubscribe.invalid")}</p>}>
        <Show when={info()} fallback={<p class="muted">{t("common.loading")}</p>}>
          {(i) => (
            <Show when={!i().unsubscribed} fallback={<p class="notice" role="status" data-testid="unsubscribe-done">{t("unsubscribe.done", { email: i().email, workspace: i().workspace })}</p>}>
              <p>{t("unsubscribe.question", { email: i().email, workspace: i().workspace })}</p>
              <FormError error={error()} />
              <button type="button" disabled={busy()} onClick={confirm} data-testid="unsubscribe-confirm">{t("unsubscribe.confirm")}</button>
            </Show>
          )}
        </Show>
      </Show>
    </section>
  );
}
