import { createEffect, createSignal, For, on, Show } from "solid-js";
import { call } from "../../api";
import { Field } from "../../components/field";
import { t } from "../../i18n";
import { labelOf } from "../../lib/custom-fields";
import { createDebounced } from "../../lib/debounce";
import type { Relation, RelationTarget } from "./api";

export type Picked = { id: string; title: string };
export type RelationValues = Record<string, Picked[]>;

const SEARCH_TYPE: Record<RelationTarget, "contacts" | "companies" | "deals"> = { contact: "contacts", company: "companies", deal: "deals" };
type Hit = { id: string; name: string; subtitle: string | null };

/** Picks records of one target type by typing part of a name (the global search, one type). */
function RecordSearch(props: { target: RelationTarget; onPick: (p: Picked) => void; testid: string }) {
  const [query, setQuery] = createSignal("");
  const q = createDebounced(query, 250);
  const [hits, setHits] = createSignal<Hit[]>([]);
  let asked = 0;
  createEffect(on(q, (text) => {
    const mine = ++asked;
    if (!text.trim()) return setHits([]);
    call<{ groups: Record<string, Hit[]> }>("GET", `/search?types=${SEARCH_TYPE[props.target]}&limit=8&q=${encodeURIComponent(text.trim())}`).then(
      (r) => mine === asked && setHits(r.groups[SEARCH_TYPE[props.target]] ?? []),
      () => mine === asked && setHits([]),
    );
  }));
  return (
    <div class="picker">
      <input type="search" value={query()} placeholder={t("objects.searchTarget")} onInput={(e) => setQuery(e.currentTarget.value)} data-testid={props.testid} />
      <Show when={hits().length}>
        <ul class="picker-results" role="listbox">
          <For each={hits()}>
            {(h) => (
              <li role="option">
                <button type="button" class="link" onClick={() => { props.onPick({ id: h.id, title: h.name }); setQuery(""); setHits([]); }} data-testid="relation-hit">
                  {h.name}<Show when={h.subtitle}> <span class="muted">{h.subtitle}</span></Show>
                </button>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </div>
  );
}

/** The inputs of an object's relations: chosen records as chips, a search to add one (or replace the one). */
export function RelationInputs(props: { relations: Relation[]; values: RelationValues; onChange: (v: RelationValues) => void; error?: (path: string) => string | undefined }) {
  const set = (key: string, list: Picked[]) => props.onChange({ ...props.values, [key]: list });
  return (
    <For each={props.relations}>
      {(r) => (
        <Field label={labelOf(r.labels, r.key)} error={props.error?.(`relations.${r.key}`)} group>
          <div class="chips" data-testid={`relation-${r.key}`}>
            <For each={props.values[r.key] ?? []}>
              {(p) => (
                <span class="chip">
                  {p.title}
                  <button type="button" class="link" aria-label={t("objects.remove")} onClick={() => set(r.key, (props.values[r.key] ?? []).filter((x) => x.id !== p.id))}>×</button>
                </span>
              )}
            </For>
          </div>
          <Show when={r.many || !(props.values[r.key] ?? []).length}>
            <RecordSearch target={r.target} testid={`relation-search-${r.key}`}
              onPick={(p) => !(props.values[r.key] ?? []).some((x) => x.id === p.id) && set(r.key, r.many ? [...(props.values[r.key] ?? []), p] : [p])} />
          </Show>
        </Field>
      )}
    </For>
  );
}

/** What the API takes as `relations`: ids per relation key. */
export const relationIds = (v: RelationValues) => Object.fromEntries(Object.entries(v).map(([k, list]) => [k, list.map((p) => p.id)]));
