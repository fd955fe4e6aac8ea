import { A, useLocation, useNavigate } from "@solidjs/router";
import { createEffect, createResource, createSignal, For, on, Show } from "solid-js";
import { createDebounced } from "../../lib/debounce";
import { t } from "../../i18n";
import { HIT_TYPES, searchApi } from "./search-api";

/** The top bar's search box: grouped best hits in a dropdown as one types; Enter opens the full results. */
export function SearchBox() {
  const navigate = useNavigate();
  const location = useLocation();
  const [q, setQ] = createSignal("");
  const [open, setOpen] = createSignal(false);
  const debounced = createDebounced(() => q().trim(), 250);
  const [result] = createResource(() => (open() && debounced() ? debounced() : false), (term) => searchApi.search(term, 5).catch(() => null));
  createEffect(on(() => location.pathname, () => setOpen(false), { defer: true }));
  const any = () => !!result() && HIT_TYPES.some((type) => result()!.groups[type].length > 0);
  const submit = (e: Event) => {
    e.preventDefault();
    if (!q().trim()) return;
    setOpen(false);
    navigate(`/search?q=${encodeURIComponent(q().trim())}`);
  };
  return (
    <form class="search-box" role="search" onSubmit={submit} style={{ position: "relative" }} onFocusOut={(e) => {
      if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setTimeout(() => setOpen(false), 150);
    }}>
      <input type="search" value={q()} placeholder={t("search.placeholder")} aria-label={t("search.label")} data-testid="search-box"
        onInput={(e) => { setQ(e.currentTarget.value); setOpen(true); }} onFocus={() => setOpen(true)}
        onKeyDown={(e) => e.key === "Escape" && setOpen(false)} style={{ "min-width": "12rem" }} />
      <Show when={open() && debounced() && result()}>
        <div class="card search-dropdown" data-testid="search-dropdown"
          style={{ position: "absolute", top: "100%", left: 0, "z-index": 50, "min-width": "20rem", "max-height": "70vh", overflow: "auto", padding: ".5rem" }}>
          <Show when={any()} fallback={<p class="muted">{t("search.none", { q: debounced() })}</p>}>
            <For each={HIT_TYPES.filter((type) => result()!.groups[type].length)}>
              {(type) => (
                <div class="search-group">
                  <strong class="muted">{t(`search.group.${type}`)}</strong>
                  <ul style={{ "list-style": "none", margin: ".25rem 0", padding: 0 }}>
                    <For each={result()!.groups[type]}>
                      {(hit) => (
                        <li>
                          <A href={hit.link} data-testid={`search-hit-${type}`} onClick={() => setOpen(false)}>{hit.name}</A>
                          <Show when={hit.subtitle}><span class="muted"> · {hit.subtitle}</span></Show>
                        </li>
                      )}
                    </For>
                  </ul>
                </div>
              )}
            </For>
          </Show>
          <A href={`/search?q=${encodeURIComponent(debounced())}`} onClick={() => setOpen(false)}>{t("search.all", { q: debounced() })}</A>
        </div>
      </Show>
    </form>
  );
}
