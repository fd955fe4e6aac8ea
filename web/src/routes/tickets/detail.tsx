import { A, useParams } from "@solidjs/router";
import { createEffect, createSignal, For, on, Show } from "solid-js";
import { api, type Ticket, type TicketWithMessages } from "../../api";
import { FeatureLocked } from "../../components/feature-locked";
import { FormError } from "../../components/form-error";
import { PriorityBadge, SlaBadge, StatusBadge } from "../../components/ticket-badges";
import { useNow } from "../../lib/now";
import { createTeams } from "../../lib/teams";
import { formatDate, t, type Key } from "../../i18n";
import { useSession } from "../../session";
import { Composer } from "./composer";
import { Message } from "./message";
import { createPatcher } from "./patcher";
import { SlaClocks } from "./sla-clocks";
import { SubjectEditor } from "./subject-editor";
import { CustomFieldValues } from "../../components/custom-fields";
import { TicketProps } from "./ticket-props";
import { NotesActivity } from "../collab/notes-activity";

export function TicketDetail() {
  const session = useSession();
  return <Show when={session.has("tickets")} fallback={<FeatureLocked feature="tickets" />}><TicketPage /></Show>;
}

function TicketPage() {
  const params = useParams();
  const session = useSession();
  const now = useNow();
  const teams = createTeams();
  const [ticket, setTicket] = createSignal<TicketWithMessages>();
  const [error, setError] = createSignal<unknown>();
  const load = () => api.tickets.get(params.id!).then((x) => { setTicket(x); setError(undefined); }, setError);
  createEffect(on(() => params.id, () => { setTicket(undefined); void load(); }));
  /** A changed ticket from the API (without its messages) keeps the conversation already on screen. */
  const setFields = (x: Ticket) => setTicket((cur) => (cur ? { ...x, messages: cur.messages } : cur));
  const patcher = createPatcher(() => ticket()!, setFields);
  const reload = () => { patcher.clearError(); void load(); };
  const messages = () => [...(ticket()?.messages ?? [])].sort((a, b) => a.createdAt.localeCompare(b.createdAt));

  return (
    <section class="page ticket-page">
      <A href="/tickets" class="back">← {t("tickets.back")}</A>
      <FormError error={error()} />
      <Show when={ticket()} fallback={<Show when={!error()}><p class="muted">{t("common.loading")}</p></Show>}>
        {(tk) => (
          <>
            <div class="ticket-head">
              <SubjectEditor ticket={tk()} patcher={patcher} />
              <div class="ticket-summary">
                <StatusBadge status={tk().status} />
                <PriorityBadge priority={tk().priority} />
                <SlaBadge sla={tk().sla} now={now()} />
              </div>
              <dl class="meta ticket-meta">
                <dt>{t("ticket.requester")}</dt>
                <dd data-testid="requester">
                  <Show when={tk().requesterId} fallback={tk().requesterName || tk().requesterEmail}>
                    <A href={`/contacts/${tk().requesterId}`}>{tk().requesterName || tk().requesterEmail}</A>
                  </Show>
                  <Show when={tk().requesterName && tk().requesterEmail}><span class="muted"> · {tk().requesterEmail}</span></Show>
                </dd>
                <dt>{t("ticket.channel")}</dt><dd>{t(`channel.${tk().channel}` as Key)}</dd>
                <dt>{t("ticket.created")}</dt><dd>{formatDate(tk().createdAt)}</dd>
              </dl>
            </div>
            <TicketProps ticket={tk()} teams={teams()} patcher={patcher} onReload={reload} />
            <CustomFieldValues object="ticket" values={tk().custom} />
            <Show when={session.has("sla") || tk().sla}><SlaClocks sla={tk().sla} now={now()} /></Show>
            <section class="conversation" aria-label={t("ticket.conversation")} data-testid="conversation">
              <h2>{t("ticket.conversation")}</h2>
              <For each={messages()}>{(m) => <Message ticketId={tk().ticketId} message={m} />}</For>
            </section>
            <Show when={session.canWrite()}>
              <Composer ticket={tk()} onSent={(r) => setTicket((cur) => (cur ? { ...r.ticket, messages: [...cur.messages, r.message] } : cur))} />
            </Show>
            <NotesActivity recordType="ticket" recordId={tk().ticketId} />
          </>
        )}
      </Show>
    </section>
  );
}
