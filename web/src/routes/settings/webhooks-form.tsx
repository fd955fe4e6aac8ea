import { createResource, createSignal, For, Show } from "solid-js";
import { FormError } from "../../components/form-error";
import { t } from "../../i18n";
import { webhooksApi, type WebhookInput } from "./webhooks-api";

/** URL, description and the event picker: whole areas (`contact.*`) or single event types. */
export function WebhookForm(props: { initial?: WebhookInput; submitLabel: string; onSubmit: (input: WebhookInput) => Promise<unknown>; onCancel: () => void }) {
  const [areas] = createResource(webhooksApi.eventTypes);
  const [url, setUrl] = createSignal(props.initial?.url ?? "https://");
  const [description, setDescription] = createSignal(props.initial?.description ?? "");
  const [events, setEvents] = createSignal<string[]>(props.initial?.events ?? ["contact.*"]);
  const [error, setError] = createSignal<unknown>();
  const [busy, setBusy] = createSignal(false);
  const has = (p: string) => events().includes(p) || events().includes("*");
  const toggle = (p: string, on: boolean) => setEvents((e) => (on ? [...new Set([...e, p])] : e.filter((x) => x !== p)));
  const submit = async (ev: Event) => {
    ev.preventDefault();
    setError(undefined);
    if (!events().length) return setError(new Error(t("webhooks.pickEvents")));
    setBusy(true);
    try {
      await props.onSubmit({ url: url().trim(), description: description().trim() || undefined, events: events() });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="stack" onSubmit={submit} data-testid="webhook-form">
      <label>
        <span>{t("webhooks.url")}</span>
        <input type="url" required value={url()} onInput={(e) => setUrl(e.currentTarget.value)} placeholder="https://example.com/hooks/crm" data-testid="webhook-url" />
        <small class="muted">{t("webhooks.urlHint")}</small>
      </label>
      <label>
        <span>{t("webhooks.description")}</span>
        <input value={description()} maxLength={500} onInput={(e) => setDescription(e.currentTarget.value)} />
      </label>
      <fieldset>
        <legend>{t("webhooks.events")}</legend>
        <label class="check">
          <input type="checkbox" checked={events().includes("*")} onChange={(e) => setEvents(e.currentTarget.checked ? ["*"] : [])} data-testid="webhook-all-events" />
          <span>{t("webhooks.allEvents")}</span>
        </label>
        <Show when={!events().includes("*")}>
          <For each={areas() ?? []}>
            {(a) => (
              <div class="webhook-area">
                <label class="check">
                  <input type="checkbox" checked={has(a.pattern)} data-testid={`webhook-area-${a.area}`}
                    onChange={(e) => (e.currentTarget.checked ? setEvents((ev) => [...ev.filter((x) => !a.types.includes(x)), a.pattern]) : toggle(a.pattern, false))} />
                  <strong>{a.pattern}</strong>
                </label>
                <Show when={!has(a.pattern)}>
                  <div class="checks">
                    <For each={a.types}>
                      {(type) => (
                        <label class="check">
                          <input type="checkbox" checked={has(type)} onChange={(e) => toggle(type, e.currentTarget.checked)} />
                          <span>{type}</span>
                        </label>
                      )}
                    </For>
                  </div>
                </Show>
              </div>
            )}
          </For>
        </Show>
      </fieldset>
      <FormError error={error()} />
      <div class="actions">
        <button type="submit" disabled={busy()} data-testid="webhook-save">{props.submitLabel}</button>
        <button type="button" class="secondary" onClick={() => props.onCancel()}>{t("common.cancel")}</button>
      </div>
    </form>
  );
}
