import { createSignal, For, Show } from "solid-js";
import { api, TICKET_STATUSES, type Ticket, type TicketMessage, type TicketStatus } from "../../api";
import { FormError } from "../../components/form-error";
import { createForm } from "../../lib/form";
import { statusName } from "../../lib/labels";
import { t } from "../../i18n";

type Kind = "reply" | "note";

/**
 * Writing to the customer (mailed with the ticket's threading headers) or an internal note (never
 * mailed), and optionally the status the ticket takes with it, like "send and set pending".
 */
export function Composer(props: { ticket: Ticket; onSent: (result: { ticket: Ticket; message: TicketMessage }) => void }) {
  const canReply = () => !!props.ticket.requesterEmail;
  const [kind, setKind] = createSignal<Kind>(props.ticket.requesterEmail ? "reply" : "note");
  const [sent, setSent] = createSignal<Kind>();
  const f = createForm({ text: "", status: "" as TicketStatus | "" });
  const submit = f.submit(async () => {
    setSent(undefined);
    const result = await api.tickets.reply(props.ticket.ticketId, { text: f.values.text, kind: kind(), status: f.values.status || undefined });
    f.reset({ text: "", status: "" });
    setSent(kind());
    props.onSent(result);
  });
  const tab = (k: Kind, label: string) => (
    <button type="button" role="tab" class="tab" aria-selected={kind() === k} classList={{ active: kind() === k }} disabled={k === "reply" && !canReply()}
      data-testid={`composer-${k}`} onClick={() => { setKind(k); setSent(undefined); }}>
      {label}
    </button>
  );
  return (
    <form class="card composer" classList={{ note: kind() === "note" }} onSubmit={submit} data-testid="composer">
      <div class="tabs" role="tablist">
        {tab("reply", t("composer.reply"))}
        {tab("note", t("composer.note"))}
      </div>
      <Show when={!canReply()}><p class="muted">{t("composer.noRecipient")}</p></Show>
      <textarea name="text" rows={5} required aria-label={kind() === "reply" ? t("composer.reply") : t("composer.note")}
        placeholder={kind() === "reply" ? t("composer.replyPlaceholder", { email: props.ticket.requesterEmail ?? "" }) : t("composer.notePlaceholder")}
        value={f.values.text} onInput={(e) => { f.setValues("text", e.currentTarget.value); setSent(undefined); }} />
      <Show when={f.fieldError("text")}><span class="field-error" role="alert">{f.fieldError("text")}</span></Show>
      <div class="composer-actions">
        <label class="inline-label">
          <span>{t("composer.setStatus")}</span>
          <select name="statusAfter" value={f.values.status} onChange={f.input("status")} data-testid="composer-status">
            <option value="">{t("composer.statusAuto")}</option>
            <For each={TICKET_STATUSES}>{(s) => <option value={s}>{statusName(s)}</option>}</For>
          </select>
        </label>
        <button type="submit" disabled={f.busy() || !f.values.text.trim()} data-testid="composer-send">
          {kind() === "reply" ? t("composer.send") : t("composer.addNote")}
        </button>
      </div>
      <FormError error={f.fieldError("text") ? undefined : f.error()} />
      <Show when={sent()}><p class="notice" role="status">{sent() === "reply" ? t("composer.sent") : t("composer.noted")}</p></Show>
    </form>
  );
}
