import { createEffect, createSignal, For, on, Show } from "solid-js";
import type { Company } from "../api";
import { api } from "../api";
import { createDebounced } from "../lib/debounce";
import { companyName, rememberCompany } from "../lib/company-names";
import { t } from "../i18n";

/** Picks a company by typing part of its name; shows the chosen one with a way to clear it. */
export function CompanyPicker(props: { value: string | null | undefined; onChange: (companyId: string | null) => void; id?: string }) {
  const [query, setQuery] = createSignal("");
  const [open, setOpen] = createSignal(false);
  const q = createDebounced(query, 250);
  const [results, setResults] = createSignal<Company[] | undefined>();
  let asked = 0;
  createEffect(on([open, q], ([isOpen, text]) => {
    if (!isOpen) return;
    const mine = ++asked;
    api.companies.list({ q: text || undefined, limit: 8 }).then(
      (p) => mine === asked && setResults(p.items),
      () => mine === asked && setResults([]),
    );
  }));
  const choose = (companyId: string, name: string) => {
    rememberCompany({ companyId, name });
    props.onChange(companyId);
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
            name="company"
            autocomplete="off"
            placeholder={t("company.pick")}
            value={query()}
            onFocus={() => setOpen(true)}
            onInput={(e) => { setQuery(e.currentTarget.value); setOpen(true); }}
            onKeyDown={(e) => e.key === "Escape" && setOpen(false)}
          />
        }
      >
        <span class="picked">
          <span>{companyName(props.value!) || t("common.loading")}</span>
          <button type="button" class="link small" onClick={() => props.onChange(null)}>{t("company.clear")}</button>
        </span>
      </Show>
      <Show when={open() && !props.value}>
        <ul class="picker-options" role="listbox">
          <Show when={results()} fallback={<li class="muted">{t("common.loading")}</li>}>
            <For each={results()} fallback={<li class="muted">{t("company.none")}</li>}>
              {(c) => (
                <li role="option">
                  <button type="button" class="option" onMouseDown={(e) => e.preventDefault()} onClick={() => choose(c.companyId, c.name)}>
                    {c.name}<Show when={c.domain}><span class="muted"> · {c.domain}</span></Show>
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
