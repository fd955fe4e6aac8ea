import { createResource, createSignal, For, Show } from "solid-js";
import { FormError } from "../../components/form-error";
import { t } from "../../i18n";
import { relativeTime } from "../../lib/relative-time";
import { webhooksApi, type WebhookDelivery } from "./webhooks-api";

const STATUS_CLASS = { succeeded: "status-solved", pending: "status-pending", failed: "status-open" } as const;

/** A webhook's deliveries, newest first: each with its attempts (status, latency, start of the answer) and redeliver. */
export function WebhookDeliveries(props: { webhookId: string; active: boolean; canWrite: boolean }) {
  const [cursor, setCursor] = createSignal<string>();
  const [page, { refetch }] = createResource(() => [props.webhookId, cursor()] as const, ([id, c]) => webhooksApi.deliveries(id, c));
  const [open, setOpen] = createSignal<string>();
  const [error, setError] = createSignal<unknown>();
  const [busy, setBusy] = createSignal<string>();
  const redeliver = async (d: WebhookDelivery) => {
    setError(undefined);
    setBusy(d.deliveryId);
    try {
      await webhooksApi.redeliver(props.webhookId, d.deliveryId);
      setOpen(d.deliveryId);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(undefined);
    }
    await refetch();
  };
  return (
    <div class="stack" data-testid="webhook-deliveries">
      <div class="section-head">
        <h3>{t("webhooks.deliveries")}</h3>
        <button type="button" class="secondary small" onClick={() => void refetch()}>{t("common.reload")}</button>
      </div>
      <FormError error={error()} />
      <Show when={page()?.items.length || page.loading} fallback={<p class="empty">{t("webhooks.noDeliveries")}</p>}>
        <ul class="policy-list">
          <For each={page()?.items ?? []}>
            {(d) => (
              <li class="policy" data-testid="webhook-delivery">
                <div class="policy-head">
                  <button type="button" class="link" onClick={() => setOpen(open() === d.deliveryId ? undefined : d.deliveryId)} aria-expanded={open() === d.deliveryId}>
                    <strong>{d.eventType}</strong>
                  </button>
                  <span class={`badge ${STATUS_CLASS[d.status]}`} data-testid="webhook-delivery-status">{t(`webhooks.status.${d.status}`)}</span>
                </div>
                <p class="muted">
                  {relativeTime(d.createdAt, Date.now())} · {t("webhooks.attempts", { n: d.attempts })}
                  <Show when={d.lastStatus !== null}> · HTTP {d.lastStatus}</Show>
                  <Show when={d.log[0]}> · {d.log[0].latencyMs} ms</Show>
                  <Show when={d.nextAttemptAt}> · {t("webhooks.nextAttempt", { at: new Date(d.nextAttemptAt!).toLocaleString() })}</Show>
                </p>
                <Show when={open() === d.deliveryId}>
                  <div class="table-scroll"><table>
                    <thead><tr><th>#</th><th>{t("webhooks.when")}</th><th>{t("webhooks.httpStatus")}</th><th>{t("webhooks.latency")}</th><th>{t("webhooks.response")}</th></tr></thead>
                    <tbody>
                      <For each={d.log}>
                        {(a) => (
                          <tr data-testid="webhook-attempt">
                            <td>{a.attempt}</td>
                            <td>{new Date(a.at).toLocaleString()}</td>
                            <td>{a.status ?? "—"}</td>
                            <td>{a.latencyMs} ms</td>
                            <td><Show when={a.error}><span style={{ color: "#9b1c13" }}>{a.error}</span><br /></Show><pre style={{ "white-space": "pre-wrap", "max-height": "8rem", overflow: "auto", margin: 0 }}>{a.response}</pre></td>
                          </tr>
                        )}
                      </For>
                    </tbody>
                  </table></div>
                  <details>
                    <summary>{t("webhooks.payload")}</summary>
                    <pre style={{ "white-space": "pre-wrap", "max-height": "16rem", overflow: "auto" }}>{JSON.stringify(d.payload, null, 2)}</pre>
                  </details>
                </Show>
                <Show when={props.canWrite}>
                  <button type="button" class="secondary small" disabled={!props.active || busy() === d.deliveryId} title={props.active ? undefined : t("webhooks.enableFirst")}
                    onClick={() => redeliver(d)} data-testid="webhook-redeliver">{t("webhooks.redeliver")}</button>
                </Show>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <Show when={page()?.cursor}>
        <button type="button" class="secondary small" onClick={() => setCursor(page()!.cursor!)}>{t("webhooks.older")}</button>
      </Show>
    </div>
  );
}
