import { createMemo, createSignal, For, Show } from "solid-js";
import { api, type Member, type Note, type RecordType } from "../../api";
import { FormError } from "../../components/form-error";
import { t } from "../../i18n";
import { useSession } from "../../session";

/** The "@query" just before the caret, if the person is typing a mention. */
function mentionAt(text: string, caret: number): { start: number; query: string } | undefined {
  const m = /(^|\s)@([^@\n]{0,30})$/.exec(text.slice(0, caret));
  return m ? { start: caret - m[2].length - 1, query: m[2] } : undefined;
}

const label = (m: Member) => m.name || m.email;

/** A note textarea: typing @ offers teammates by name; picking one inserts "@Name" and mentions them. */
export function NoteEditor(props: { recordType: RecordType; recordId: string; onCreated: (note: Note) => void }) {
  const session = useSession();
  let area: HTMLTextAreaElement | undefined;
  const [body, setBody] = createSignal("");
  const [picked, setPicked] = createSignal<Member[]>([]);
  const [mention, setMention] = createSignal<{ start: number; query: string }>();
  const [active, setActive] = createSignal(0);
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<unknown>();
  const listId = `mentions-${props.recordId}`;

  const matches = createMemo(() => {
    const m = mention();
    if (!m) return [];
    const q = m.query.toLowerCase();
    return session.members()
      .filter((x) => label(x).toLowerCase().includes(q) || x.email.toLowerCase().startsWith(q))
      .sort((a, b) => Number(!label(a).toLowerCase().startsWith(q)) - Number(!label(b).toLowerCase().startsWith(q)))
      .slice(0, 8);
  });
  // A query with a space that matches nobody is ordinary text, not a mention.
  const open = () => !!mention() && (matches().length > 0 || !mention()!.query.includes(" "));

  const track = () => {
    if (!area) return;
    setBody(area.value);
    setMention(mentionAt(area.value, area.selectionStart));
    setActive(0);
  };

  const pick = (member: Member) => {
    const m = mention();
    if (!m || !area) return;
    const caret = area.selectionStart;
    const insert = `@${label(member)} `;
    const text = body().slice(0, m.start) + insert + body().slice(caret);
    area.value = text;
    setBody(text);
    const at = m.start + insert.length;
    area.setSelectionRange(at, at);
    area.focus();
    setMention(undefined);
    if (!picked().some((x) => x.userId === member.userId)) setPicked([...picked(), member]);
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (!open()) return;
    const n = matches().length;
    if (e.key === "ArrowDown" && n) { e.preventDefault(); setActive((active() + 1) % n); }
    else if (e.key === "ArrowUp" && n) { e.preventDefault(); setActive((active() - 1 + n) % n); }
    else if ((e.key === "Enter" || e.key === "Tab") && n) { e.preventDefault(); pick(matches()[active()]); }
    else if (e.key === "Escape") { e.preventDefault(); setMention(undefined); }
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    const text = body().trim();
    if (!text || busy()) return;
    setBusy(true);
    setError(undefined);
    try {
      // Only the mentions still in the text count: deleting "@Name" takes the mention back.
      const mentions = picked().filter((m) => text.includes(`@${label(m)}`)).map((m) => m.userId);
      const note = await api.notes.create(props.recordType, props.recordId, { body: text, mentions });
      setBody("");
      setPicked([]);
      if (area) area.value = "";
      props.onCreated(note);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="note-editor" onSubmit={submit} data-testid="note-editor">
      <div class="mention-wrap">
        <textarea
          ref={area}
          name="note"
          rows={3}
          placeholder={t("collab.placeholder")}
          aria-label={t("collab.placeholder")}
          role="combobox"
          aria-autocomplete="list"
          aria-expanded={open()}
          aria-controls={listId}
          aria-activedescendant={open() && matches().length ? `${listId}-${active()}` : undefined}
          onInput={track}
          onClick={track}
          onKeyDown={onKeyDown}
          onBlur={() => setTimeout(() => setMention(undefined), 150)}
          data-testid="note-body"
        />
        <Show when={open()}>
          <ul class="mention-list" role="listbox" id={listId} aria-label={t("collab.mentions")} data-testid="mention-list">
            <For each={matches()} fallback={<li class="muted">{t("collab.noMatch")}</li>}>
              {(m, i) => (
                <li
                  id={`${listId}-${i()}`}
                  role="option"
                  aria-selected={i() === active()}
                  classList={{ active: i() === active() }}
                  onMouseDown={(e) => { e.preventDefault(); pick(m); }}
                  data-testid="mention-option"
                >
                  <span>{label(m)}</span> <span class="muted">{m.email}</span>
                </li>
              )}
            </For>
          </ul>
        </Show>
      </div>
      <FormError error={error()} />
      <div class="actions">
        <button type="submit" disabled={busy() || !body().trim()} data-testid="note-submit">{t("collab.add")}</button>
      </div>
    </form>
  );
}
