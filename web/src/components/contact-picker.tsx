import { createEffect, createSignal, For, on, Show } from "solid-js";
import { api, type Contact } from "../api";
import { createDebounced } from "../lib/debounce";
import { t } from "../i18n";

const names = new Map<string, string>();

/** Picks a contact by typing part of a name, email or phone; shows the chosen one with a way to clear it. */
export function ContactPicker(props: { value: string | null | undefined; onChange: (contactId: string | null) => void; id?: string }) {
  const [query, setQuery] = createSignal("");
  const [open, setOpen] = createSignal(false);
  const [name, setName] = createSignal("");
  const q = createDebounced(query, 250);
  const [results, setResults] = createSignal<Contact[] | undefined>();
  let asked = 0;
  createEffect(on([open, q], ([isOpen, text]) => {
    if (!isOpen) return;
    const mine = ++asked;
    api.contacts.list({ q: text || undefined, limit: 8 }).then(
      (p) => mine === asked && setResults(p.items),
      () => mine === asked && setResults([]),
    );
  }));
  // The chosen contact's name: known from the list it was picked in, or read once.
  createEffect(on(() => props.value, (contactId) => {
    if (!contactId) return setName("");
    const known = names.get(contactId);
    if (known) return setName(known);
    setName("");
    api.contacts.get(contactId).then((c) => { names.set(c.contactId, c.name); if (props.value === contactId) setName(c.name); }, () => setName("—"));
  }));
  const choose = (c: Contact) => {
    names.set(c.contactId, c.name);
    props.onChange(c.contactId);
    setQuery("");
    setOpen(false);
  };
  return (
    <div class="picker">
      <Show
        when={props.value}
        fallback={
          <input
            id={props.id}
            name="contact"
            autocomplete="off"
            placeholder={t("deals.pickContact")}
            value={query()}
            onFocus={() => setOpen(true)}
            onInput={(e) => { setQuery(e.currentTarget.value); setOpen(true); }}
            onKeyDown={(e) => e.key === "Escape" && setOpen(false)}
          />
        }
      >
        <span class="picked">
          <span>{name() || t("common.loading")}</span>
          <button type="button" class="link small" onClick={() => props.onChange(null)}>{t("company.clear")}</button>
        </span>
      </Show>
      <Show when={open() && !props.value}>
        <ul class="picker-options" role="listbox">
          <Show when={results()} fallback={<li class="muted">{t("common.loading")}</li>}>
            <For each={results()} fallback={<li class="muted">{t("deals.noContact")}</li>}>
              {(c) => (
                <li role="option">
                  <button type="button" class="option" onMouseDown={(e) => e.preventDefault()} onClick={() => choose(c)}>
                    {c.name}<Show when={c.email}><span class="muted"> · {c.email}</span></Show>
                  </button>
                </li>
              )}
            </For>
          </Show>
          <li><button type="button" class="link small" onClick={() => setOpen(false)}>{t("common.close")}</button></li>
        </ul>
      </Show>
    </div>
  );
}
