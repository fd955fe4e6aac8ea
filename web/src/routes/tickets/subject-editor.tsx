import { createSignal, Show } from "solid-js";
import type { Ticket } from "../../api";
import { t } from "../../i18n";
import { useSession } from "../../session";
import type { Patcher } from "./patcher";

/** The ticket's number and subject; agents may rename the subject in place. */
export function SubjectEditor(props: { ticket: Ticket; patcher: Patcher }) {
  const session = useSession();
  const [editing, setEditing] = createSignal(false);
  const [draft, setDraft] = createSignal("");
  const start = () => { setDraft(props.ticket.subject); setEditing(true); };
  const save = async (e: Event) => {
    e.preventDefault();
    const subject = draft().trim();
    if (!subject || subject === props.ticket.subject) return setEditing(false);
    if (await props.patcher.patch({ subject })) setEditing(false);
  };
  return (
    <Show
      when={editing()}
      fallback={
        <div class="page-head">
          <h1 data-testid="ticket-title"><span class="ticket-number" data-testid="ticket-number">#{props.ticket.number}</span> {props.ticket.subject}</h1>
          <Show when={session.canWrite()}><button type="button" class="link small" onClick={start}>{t("ticket.editSubject")}</button></Show>
        </div>
      }
    >
      <form class="inline-form subject-form" onSubmit={save}>
        <span class="ticket-number">#{props.ticket.number}</span>
        <input name="subject" aria-label={t("ticket.subject")} required maxLength={500} value={draft()} onInput={(e) => setDraft(e.currentTarget.value)} />
        <button type="submit" class="small" disabled={props.patcher.busy()}>{t("common.save")}</button>
        <button type="button" class="secondary small" onClick={() => setEditing(false)}>{t("common.cancel")}</button>
      </form>
    </Show>
  );
}
