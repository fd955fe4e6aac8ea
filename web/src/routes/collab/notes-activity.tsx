import { createEffect, createSignal, For, on, Show } from "solid-js";
import { api, type Note, type RecordType, type TimelineEntry } from "../../api";
import { ConfirmButton } from "../../components/confirm-button";
import { FormError } from "../../components/form-error";
import { ActivityIcon } from "../../components/icons";
import { useNow } from "../../lib/now";
import { createPaged } from "../../lib/paged";
import { relativeTime } from "../../lib/relative-time";
import { formatDate, t, type Key } from "../../i18n";
import { useSession } from "../../session";
import { NoteEditor } from "./note-editor";
import { LogActivity } from "./log-activity";
import { RecordTasks } from "./record-tasks";
import { objectEventLabel } from "../objects/timeline-label";

const PAGE = 20;

const typeLabel = (type: string) => {
  const key = `timeline.${type}` as Key;
  const text = t(key);
  return text === key ? t("timeline.other") : text;
};
const noteIdOf = (e: TimelineEntry) => (e.type === "note.created" && typeof e.data.noteId === "string" ? e.data.noteId : undefined);

/** A record's notes and timeline: the editor on top, the newest activity first below it. */
export function NotesActivity(props: { recordType: RecordType; recordId: string }) {
  const session = useSession();
  const now = useNow();
  const [notes, setNotes] = createSignal<Record<string, Note>>({});
  // Notes written here before the timeline (filled from events) lists them.
  const [fresh, setFresh] = createSignal<Note[]>([]);
  const [deleted, setDeleted] = createSignal<string[]>([]);
  const [error, setError] = createSignal<unknown>();
  const timeline = createPaged(() => props.recordId, (recordId, cursor) => api.timeline(props.recordType, recordId, { cursor, limit: PAGE }));

  createEffect(on(() => props.recordId, (recordId) => {
    setNotes({});
    setFresh([]);
    setDeleted([]);
    api.notes.list(props.recordType, recordId, { limit: 100 }).then(
      (r) => setNotes(Object.fromEntries(r.items.map((n) => [n.noteId, n]))),
      setError,
    );
  }));

  const pending = () => {
    const listed = new Set(timeline.items().map(noteIdOf).filter(Boolean));
    return fresh().filter((n) => !listed.has(n.noteId) && !deleted().includes(n.noteId));
  };
  const entries = (): TimelineEntry[] => [
    ...pending().map((n) => ({ entryId: `note-${n.noteId}`, type: "note.created", at: n.createdAt, actorType: "user", actorId: n.authorId, summary: n.body, data: { noteId: n.noteId } })),
    ...timeline.items().filter((e) => !deleted().includes(noteIdOf(e) ?? "")),
  ];

  const created = (note: Note) => {
    setNotes({ ...notes(), [note.noteId]: note });
    setFresh([note, ...fresh()]);
    // The timeline fills from events; look again shortly so the entry gets its server id.
    setTimeout(() => void timeline.reload(), 1500);
  };
  const remove = async (note: Note) => {
    await api.notes.remove(props.recordType, props.recordId, note.noteId);
    setDeleted([...deleted(), note.noteId]);
  };
  const actorName = (e: TimelineEntry) =>
    e.actorType === "user" ? session.memberName(e.actorId) || t("collab.someone") : t("collab.system");
  const canChange = (note: Note) => session.isAdmin() || note.authorId === session.me().user.userId;

  return (
    <section class="card notes-activity" aria-label={t("collab.title")} data-testid="notes-activity">
      <h2>{t("collab.title")}</h2>
      <RecordTasks recordType={props.recordType} recordId={props.recordId} />
      <Show when={session.canWrite() && props.recordType !== "ticket" && !props.recordType.startsWith("obj_")}>
        <LogActivity recordType={props.recordType} recordId={props.recordId} onLogged={() => setTimeout(() => void timeline.reload(), 800)} />
      </Show>
      <Show when={session.canWrite()}>
        <NoteEditor recordType={props.recordType} recordId={props.recordId} onCreated={created} />
      </Show>
      <FormError error={error() ?? timeline.error()} />
      <Show when={timeline.loaded() || pending().length} fallback={<Show when={!timeline.error()}><p class="muted">{t("common.loading")}</p></Show>}>
        <Show when={entries().length} fallback={<p class="empty">{t("collab.empty")}</p>}>
          <ol class="timeline" data-testid="timeline">
            <For each={entries()}>
              {(e) => {
                const note = () => { const id = noteIdOf(e); return id ? notes()[id] : undefined; };
                return (
                  <li class="timeline-entry" data-type={e.type} data-testid="timeline-entry">
                    <span class="timeline-icon" aria-hidden="true"><ActivityIcon type={e.type} /></span>
                    <div class="timeline-main">
                      <div class="timeline-head">
                        <strong>{objectEventLabel(e) ?? typeLabel(e.type)}</strong>
                        <span class="muted">{actorName(e)}</span>
                        <time class="muted" datetime={e.at} title={formatDate(e.at)}>{relativeTime(e.at, now())}</time>
                      </div>
                      <Show when={note()} fallback={<Show when={e.summary}><p class="timeline-summary">{e.summary}</p></Show>}>
                        {(n) => (
                          <>
                            <p class="note-body" data-testid="note-text">{n().body}</p>
                            <Show when={canChange(n())}>
                              <ConfirmButton small label={t("common.delete")} question={t("collab.deleteQuestion")} onConfirm={() => remove(n())} testid="note-delete" />
                            </Show>
                          </>
                        )}
                      </Show>
                    </div>
                  </li>
                );
              }}
            </For>
          </ol>
        </Show>
      </Show>
      <Show when={timeline.hasMore()}>
        <button type="button" class="secondary more" disabled={timeline.loading()} onClick={() => timeline.loadMore()} data-testid="timeline-more">{t("common.more")}</button>
      </Show>
    </section>
  );
}
