import { createSignal, For, Show } from "solid-js";
import { t } from "../i18n";

/** Chips for the current tags; Enter or a comma adds what was typed, × removes one. */
export function TagsInput(props: { value: string[]; onChange: (tags: string[]) => void; id?: string; name?: string; placeholder?: string; disabled?: boolean }) {
  const [draft, setDraft] = createSignal("");
  const add = () => {
    const parts = draft().split(/[,，]/).map((s) => s.trim()).filter(Boolean);
    if (parts.length) props.onChange([...new Set([...props.value, ...parts])]);
    setDraft("");
  };
  return (
    <div class="tags-input">
      <For each={props.value}>
        {(tag) => (
          <span class="tag">
            {tag}
            <button type="button" class="tag-remove" disabled={props.disabled} aria-label={t("tags.remove", { tag })} onClick={() => props.onChange(props.value.filter((x) => x !== tag))}>×</button>
          </span>
        )}
      </For>
      <input
        id={props.id}
        name={props.name ?? "tags"}
        placeholder={props.placeholder ?? t("tags.add")}
        disabled={props.disabled}
        value={draft()}
        onInput={(e) => {
          setDraft(e.currentTarget.value);
          if (/[,，]/.test(e.currentTarget.value)) add();
        }}
        onKeyDown={(e) => {
          if (e.key === "Enter") {
            e.preventDefault();
            add();
          } else if (e.key === "Backspace" && !draft() && props.value.length) {
            props.onChange(props.value.slice(0, -1));
          }
        }}
        onBlur={add}
      />
    </div>
  );
}

/** Read-only chips; nothing at all when there are none, so a phone card drops the empty line. */
export function Tags(props: { tags: string[] }) {
  return <Show when={props.tags.length}><span class="tags"><For each={props.tags}>{(tag) => <span class="tag">{tag}</span>}</For></span></Show>;
}
