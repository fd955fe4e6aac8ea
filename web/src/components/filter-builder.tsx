import { createResource, For, Match, Show, Switch } from "solid-js";
import { type Key, t } from "../i18n";
import { type FieldDef, labelOf, definitionsOf } from "../lib/custom-fields";
import type { Condition, Filter, SegmentObject } from "../lib/segments-api";
import { useSession } from "../session";

/** How a field compares (mirrors packages/core/src/segments/filter.ts). */
type Kind = "text" | "number" | "money" | "date" | "datetime" | "select" | "multi" | "checkbox" | "user" | "link" | "tags";

const OPERATORS: Record<Kind, string[]> = {
  text: ["contains", "equals", "empty", "not_empty"],
  number: ["between", "empty", "not_empty"],
  money: ["between", "empty", "not_empty"],
  date: ["between", "within_days", "older_than_days", "empty", "not_empty"],
  datetime: ["between", "within_days", "older_than_days", "empty", "not_empty"],
  select: ["is", "is_any_of", "empty", "not_empty"],
  multi: ["has_any", "has_all", "empty", "not_empty"],
  checkbox: ["is"],
  user: ["is", "is_any_of", "empty", "not_empty"],
  link: ["empty", "not_empty"],
  tags: ["has_any", "has_all", "empty", "not_empty"],
};
const STAGES = ["subscriber", "lead", "qualified", "opportunity", "customer", "at_risk", "churned", "won_back"];
const BANDS = ["healthy", "watch", "at_risk"];
const BUILT_IN: Array<[string, Kind]> = [
  ["name", "text"], ["email", "text"], ["phone", "text"], ["source", "text"], ["tags", "tags"], ["lifecycleStage", "select"],
  ["ownerId", "user"], ["healthBand", "select"], ["createdAt", "datetime"], ["updatedAt", "datetime"], ["lastActivityAt", "datetime"],
];
const CUSTOM_KIND: Record<string, Kind> = {
  text: "text", long_text: "text", url: "text", email: "text", phone: "text", number: "number", money: "money", date: "date",
  datetime: "datetime", single_select: "select", multi_select: "multi", checkbox: "checkbox", user: "user", record_link: "link",
};

interface FieldChoice { field: string; label: string; kind: Kind; options?: Array<{ key: string; label: string }> }

function choices(defs: FieldDef[]): FieldChoice[] {
  const builtIn = BUILT_IN.map(([field, kind]): FieldChoice => ({
    field, kind, label: t(`filter.field.${field}` as Key),
    options: field === "lifecycleStage" ? STAGES.map((s) => ({ key: s, label: t(`lifecycle.stage.${s}` as Key) }))
      : field === "healthBand" ? BANDS.map((b) => ({ key: b, label: t(`filter.band.${b}` as Key) })) : undefined,
  }));
  const custom = defs.filter((d) => CUSTOM_KIND[d.type]).map((d): FieldChoice => ({
    field: `custom.${d.key}`, kind: CUSTOM_KIND[d.type], label: labelOf(d.labels, d.key),
    options: d.validation?.options?.map((o) => ({ key: o.key, label: labelOf(o.labels, o.key) })),
  }));
  return [...builtIn, ...custom];
}

const list = (s: string) => s.split(/[,，]/).map((x) => x.trim()).filter(Boolean);

/**
 * Builds a filter (conditions combined with all/any) over contacts or companies, with operators by field
 * type. The caller owns the state (the list pages keep it in the address); `onChange` gets a whole filter.
 */
export function FilterBuilder(props: { object: SegmentObject; value: Filter; onChange: (f: Filter) => void; error?: string }) {
  const session = useSession();
  const [defs] = createResource(() => props.object, (o) => definitionsOf(o));
  const all = () => choices(defs() ?? []);
  const choiceOf = (field: string) => all().find((c) => c.field === field);
  const set = (i: number, c: Condition) => props.onChange({ ...props.value, conditions: props.value.conditions.map((x, j) => (j === i ? c : x)) });
  const remove = (i: number) => props.onChange({ ...props.value, conditions: props.value.conditions.filter((_, j) => j !== i) });
  const add = () => props.onChange({ ...props.value, conditions: [...props.value.conditions, { field: "name", op: "contains", value: "" }] });

  return (
    <div class="filter-builder card" data-testid="filter-builder">
      <div class="row">
        <select aria-label={t("filter.title")} value={props.value.match} onChange={(e) => props.onChange({ ...props.value, match: e.currentTarget.value as "all" | "any" })} data-testid="filter-match">
          <option value="all">{t("filter.match.all")}</option>
          <option value="any">{t("filter.match.any")}</option>
        </select>
      </div>
      <For each={props.value.conditions}>
        {(c, i) => {
          const choice = () => choiceOf(c.field);
          const kind = () => choice()?.kind ?? "text";
          return (
            <div class="row filter-condition" data-testid="filter-condition">
              <select aria-label={t("filter.title")} value={c.field} data-testid="filter-field" onChange={(e) => {
                const next = choiceOf(e.currentTarget.value);
                set(i(), { field: e.currentTarget.value, op: OPERATORS[next?.kind ?? "text"][0], value: next?.kind === "checkbox" ? true : undefined });
              }}>
                <For each={all()}>{(f) => <option value={f.field}>{f.label}</option>}</For>
              </select>
              <select aria-label={t("filter.title")} value={c.op} data-testid="filter-op" onChange={(e) => set(i(), { field: c.field, op: e.currentTarget.value, value: kind() === "checkbox" ? true : undefined })}>
                <For each={OPERATORS[kind()]}>{(op) => <option value={op}>{t(`filter.op.${op}` as Key)}</option>}</For>
              </select>
              <Switch>
                <Match when={c.op === "empty" || c.op === "not_empty"}>{null}</Match>
                <Match when={kind() === "checkbox"}>
                  <select value={String(c.value ?? true)} onChange={(e) => set(i(), { ...c, value: e.currentTarget.value === "true" })}>
                    <option value="true">{t("filter.yes")}</option>
                    <option value="false">{t("filter.no")}</option>
                  </select>
                </Match>
                <Match when={c.op === "between" && (kind() === "number" || kind() === "money")}>
                  <input type="number" placeholder={t("filter.min")} value={(c.value as { min?: number })?.min ?? ""} onChange={(e) => set(i(), { ...c, value: { ...(c.value as object), min: e.currentTarget.value === "" ? undefined : Number(e.currentTarget.value) } })} />
                  <input type="number" placeholder={t("filter.max")} value={(c.value as { max?: number })?.max ?? ""} onChange={(e) => set(i(), { ...c, value: { ...(c.value as object), max: e.currentTarget.value === "" ? undefined : Number(e.currentTarget.value) } })} />
                </Match>
                <Match when={c.op === "between"}>
                  <input type="date" aria-label={t("filter.from")} value={(c.value as { from?: string })?.from ?? ""} onChange={(e) => set(i(), { ...c, value: { ...(c.value as object), from: e.currentTarget.value || undefined } })} />
                  <input type="date" aria-label={t("filter.to")} value={(c.value as { to?: string })?.to ?? ""} onChange={(e) => set(i(), { ...c, value: { ...(c.value as object), to: e.currentTarget.value || undefined } })} />
                </Match>
                <Match when={c.op === "within_days" || c.op === "older_than_days"}>
                  <input type="number" min="0" value={String(c.value ?? "")} onChange={(e) => set(i(), { ...c, value: Number(e.currentTarget.value) })} />
                </Match>
                <Match when={kind() === "user" && c.op === "is"}>
                  <select value={String(c.value ?? "")} onChange={(e) => set(i(), { ...c, value: e.currentTarget.value })}>
                    <option value="" />
                    <For each={session.members()}>{(m) => <option value={m.userId}>{m.name}</option>}</For>
                  </select>
                </Match>
                <Match when={choice()?.options && c.op === "is"}>
                  <select value={String(c.value ?? "")} onChange={(e) => set(i(), { ...c, value: e.currentTarget.value })}>
                    <option value="" />
                    <For each={choice()!.options}>{(o) => <option value={o.key}>{o.label}</option>}</For>
                  </select>
                </Match>
                <Match when={Array.isArray(c.value) || ["is_any_of", "has_any", "has_all"].includes(c.op)}>
                  <input type="text" title={t("filter.valueHint")} placeholder={choice()?.options?.map((o) => o.key).join(", ") ?? t("filter.valueHint")}
                    value={Array.isArray(c.value) ? (c.value as string[]).join(", ") : ""} onChange={(e) => set(i(), { ...c, value: list(e.currentTarget.value) })} data-testid="filter-value" />
                </Match>
                <Match when={true}>
                  <input type="text" value={String(c.value ?? "")} onChange={(e) => set(i(), { ...c, value: e.currentTarget.value })} data-testid="filter-value" />
                </Match>
              </Switch>
              <button type="button" class="secondary" onClick={() => remove(i())} aria-label={t("filter.remove")}>×</button>
            </div>
          );
        }}
      </For>
      <Show when={props.error}><p class="error" role="alert">{props.error}</p></Show>
      <div class="row">
        <button type="button" class="secondary" onClick={add} data-testid="filter-add">{t("filter.add")}</button>
        <Show when={props.value.conditions.length}>
          <button type="button" class="secondary" onClick={() => props.onChange({ match: "all", conditions: [] })}>{t("filter.clear")}</button>
        </Show>
      </div>
    </div>
  );
}

