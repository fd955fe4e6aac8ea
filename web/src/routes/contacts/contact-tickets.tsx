import { A } from "@solidjs/router";
import { createSignal, For, onMount, Show } from "solid-js";
import { api, type Ticket } from "../../api";
import { FormError } from "../../components/form-error";
import { StatusBadge } from "../../components/ticket-badges";
import { formatDate, t } from "../../i18n";

/** The contact's tickets, newest first, on the contact's page. */
export function ContactTickets(props: { contactId: string }) {
  const [items, setItems] = createSignal<Ticket[]>();
  const [error, setError] = createSignal<unknown>();
  onMount(() => api.tickets.ofContact(props.contactId).then((r) => setItems(r.items), setError));
  return (
    <section class="card" data-testid="contact-tickets">
      <h2>{t("tickets.title")}</h2>
      <FormError error={error()} />
      <Show when={items()} fallback={<Show when={!error()}><p class="muted">{t("common.loading")}</p></Show>}>
        <Show when={items()!.length} fallback={<p class="empty">{t("tickets.noneForContact")}</p>}>
          <ul class="plain">
            <For each={items()}>
              {(x) => (
                <li class="ticket-line">
                  <span class="ticket-number">#{x.number}</span>
                  <A href={`/tickets/${x.ticketId}`}>{x.subject}</A>
                  <StatusBadge status={x.status} />
                  <span class="muted">{formatDate(x.updatedAt)}</span>
                </li>
              )}
            </For>
          </ul>
        </Show>
      </Show>
    </section>
  );
}
