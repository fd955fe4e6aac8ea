import { A } from "@solidjs/router";
import { createSignal, For, Match, Show, Switch } from "solid-js";
import { fieldText, formatDate, formatNumber, t } from "../i18n";
import { type FieldDef, type FieldObject, labelOf, useDefinitions } from "../lib/custom-fields";
import { useSession } from "../session";
import { CompanyPicker } from "./company-picker";
import { ContactPicker } from "./contact-picker";
import { Field } from "./field";
import type { Column } from "./record-table";

type Values = Record<string, unknown>;

const LINK_PATHS: Record<string, string> = { contact: "/contacts", company: "/companies", deal: "/deals", ticket: "/tickets" };

export function errorText(message: string | undefined) {
  if (!message) return undefined;
  if (message === "Unknown option.") return t("fields.unknownOption");
  if (message === "Does not match the expected format.") return t("fields.badPattern");
  return fieldText(message);
}

/** `datetime-local` speaks local time without a zone; the API stores ISO instants. */
function toLocalInput(iso: unknown): string {
  if (typeof iso !== "string" || !iso) return "";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "";
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/**
 * The inputs of an object's custom fields, one per active definition in form order. `values` is the
 * record's `custom` map; `onChange` gets the whole new map; `error(key)` reads the API's `custom.<key>`.
 */
export function CustomFieldInputs(props: { object: FieldObject; values: Values; onChange: (values: Values) => void; error?: (path: string) => string | undefined; quick?: boolean }) {
  const session = useSession();
  const defs = useDefinitions(() => props.object, () => session.has("customFields"), props.quick);
  const set = (key: string, value: unknown) => props.onChange({ ...props.values, [key]: value });
  return (
    <Show when={(defs() ?? []).length}>
      <div class="grid custom-fields" data-testid={`custom-fields-${props.object}`}>
        <For each={defs()}>
          {(d) => (
            <Field
              label={`${labelOf(d.labels, d.key)}${d.required ? " *" : ""}`}
              hint={labelOf(d.help) || undefined}
              error={errorText(props.error?.(`custom.${d.key}`))}
              group={["multi_select", "money", "record_link", "user", "checkbox"].includes(d.type)}
              class={d.type === "long_text" || d.type === "multi_select" ? "wide" : undefined}
            >
              <CustomFieldInput def={d} value={props.values[d.key]} onChange={(v) => set(d.key, v)} />
            </Field>
          )}
        </For>
      </div>
    </Show>
  );
}

/** One custom field's control, by type. */
export function CustomFieldInput(props: { def: FieldDef; value: unknown; onChange: (value: unknown) => void }) {
  const session = useSession();
  const d = () => props.def;
  const name = () => `custom.${d().key}`;
  const text = () => (props.value === undefined || props.value === null ? "" : String(props.value));
  const onText = (e: { currentTarget: { value: string } }) => props.onChange(e.currentTarget.value);
  const money = () => (props.value ?? {}) as { amount?: number; currency?: string };
  const link = () => (props.value ?? {}) as { objectType?: string; id?: string };
  const targets = () => d().validation.objectTypes ?? ["contact", "company", "deal", "ticket"];
  const chosen = () => (Array.isArray(props.value) ? (props.value as string[]) : []);
  const currency = () => session.me().tenant?.settings?.currency ?? "CNY";
  return (
    <Switch fallback={<input name={name()} value={text()} onInput={onText} required={d().required} />}>
      <Match when={d().type === "long_text"}>
        <textarea name={name()} rows={4} value={text()} onInput={onText} required={d().required} />
      </Match>
      <Match when={d().type === "number"}>
        <input name={name()} type="number" step="any" min={d().validation.min} max={d().validation.max} value={text()}
          onInput={(e) => props.onChange(e.currentTarget.value === "" ? null : Number(e.currentTarget.value))} />
      </Match>
      <Match when={d().type === "money"}>
        <span class="inline">
          <input name={`${name()}.amount`} aria-label={t("fields.amount")} type="number" step="any" value={money().amount ?? ""}
            onInput={(e) => props.onChange(e.currentTarget.value === "" ? null : { amount: Number(e.currentTarget.value), currency: money().currency ?? currency() })} />
          <input name={`${name()}.currency`} aria-label={t("fields.currency")} size={4} maxLength={3} value={money().currency ?? currency()}
            onInput={(e) => money().amount !== undefined && props.onChange({ amount: money().amount, currency: e.currentTarget.value.toUpperCase() })} />
        </span>
      </Match>
      <Match when={d().type === "date"}>
        <input name={name()} type="date" value={text()} onInput={onText} />
      </Match>
      <Match when={d().type === "datetime"}>
        <input name={name()} type="datetime-local" value={toLocalInput(props.value)}
          onInput={(e) => props.onChange(e.currentTarget.value ? new Date(e.currentTarget.value).toISOString() : null)} />
      </Match>
      <Match when={d().type === "single_select"}>
        <select name={name()} value={text()} onChange={onText}>
          <option value="">—</option>
          <For each={d().validation.options ?? []}>{(o) => <option value={o.key}>{labelOf(o.labels, o.key)}</option>}</For>
        </select>
      </Match>
      <Match when={d().type === "multi_select"}>
        <div class="checks">
          <For each={d().validation.options ?? []}>
            {(o) => (
              <label class="check">
                <input type="checkbox" name={name()} value={o.key} checked={chosen().includes(o.key)}
                  onChange={(e) => props.onChange(e.currentTarget.checked ? [...chosen(), o.key] : chosen().filter((k) => k !== o.key))} />
                <span>{labelOf(o.labels, o.key)}</span>
              </label>
            )}
          </For>
        </div>
      </Match>
      <Match when={d().type === "checkbox"}>
        <label class="check">
          <input type="checkbox" name={name()} checked={props.value === true} onChange={(e) => props.onChange(e.currentTarget.checked)} />
          <span>{labelOf(d().labels, d().key)}</span>
        </label>
      </Match>
      <Match when={d().type === "url"}>
        <input name={name()} type="url" value={text()} onInput={onText} placeholder="https://" />
      </Match>
      <Match when={d().type === "email"}>
        <input name={name()} type="email" value={text()} onInput={onText} />
      </Match>
      <Match when={d().type === "phone"}>
        <input name={name()} type="tel" value={text()} onInput={onText} />
      </Match>
      <Match when={d().type === "user"}>
        <select name={name()} aria-label={labelOf(d().labels, d().key)} value={text()} onChange={onText}>
          <option value="">{t("fields.pickUser")}</option>
          <For each={session.members()}>{(m) => <option value={m.userId}>{m.name || m.email}</option>}</For>
        </select>
      </Match>
      <Match when={d().type === "record_link"}>
        <span class="inline">
          <select name={`${name()}.objectType`} aria-label={t("fields.linkTargets")} value={link().objectType ?? targets()[0]}
            onChange={(e) => props.onChange(link().id ? { objectType: e.currentTarget.value, id: link().id } : null)}>
            <For each={targets()}>{(o) => <option value={o}>{t(`fields.object.${o}` as never)}</option>}</For>
          </select>
          <Switch fallback={
            <input name={`${name()}.id`} aria-label={t("fields.linkId")} value={link().id ?? ""}
              onInput={(e) => props.onChange(e.currentTarget.value.trim() ? { objectType: link().objectType ?? targets()[0], id: e.currentTarget.value.trim() } : null)} />
          }>
            <Match when={(link().objectType ?? targets()[0]) === "contact"}>
              <ContactPicker value={link().id} onChange={(id) => props.onChange(id ? { objectType: "contact", id } : null)} />
            </Match>
            <Match when={(link().objectType ?? targets()[0]) === "company"}>
              <CompanyPicker value={link().id} onChange={(id) => props.onChange(id ? { objectType: "company", id } : null)} />
            </Match>
          </Switch>
        </span>
      </Match>
    </Switch>
  );
}

/** A custom value as text (for detail pages and list columns). */
export function customValueText(d: FieldDef, value: unknown, memberName: (id: string) => string): string {
  if (value === undefined || value === null || value === "") return "—";
  switch (d.type) {
    case "single_select":
      return labelOf(d.validation.options?.find((o) => o.key === value)?.labels, String(value));
    case "multi_select":
      return (value as string[]).map((k) => labelOf(d.validation.options?.find((o) => o.key === k)?.labels, k)).join(", ");
    case "checkbox":
      return value ? t("common.yes") : t("common.no");
    case "number":
      return formatNumber(Number(value));
    case "money": {
      const m = value as { amount: number; currency: string };
      return `${formatNumber(m.amount)} ${m.currency}`;
    }
    case "datetime":
      return formatDate(String(value));
    case "user":
      return memberName(String(value));
    case "record_link":
      return (value as { id: string }).id;
    default:
      return String(value);
  }
}

/** One custom field's value as read: text in the reader's language, a link for a record link. */
export function CustomFieldValue(props: { def: FieldDef; value: unknown }) {
  const session = useSession();
  return (
    <Show when={props.def.type === "record_link" && props.value} fallback={customValueText(props.def, props.value, session.memberName)}>
      {(() => {
        const l = props.value as { objectType: string; id: string };
        return <A href={`${LINK_PATHS[l.objectType] ?? ""}/${l.id}`}>{t(`fields.object.${l.objectType}` as never)} · {l.id}</A>;
      })()}
    </Show>
  );
}

/** The custom values of a record, read-only, as a definition list. */
export function CustomFieldValues(props: { object: FieldObject; values: Values | undefined }) {
  const session = useSession();
  const defs = useDefinitions(() => props.object, () => session.has("customFields"));
  return (
    <Show when={(defs() ?? []).length}>
      <dl class="meta card custom-values" data-testid={`custom-values-${props.object}`}>
        <For each={defs()}>
          {(d) => (
            <>
              <dt>{labelOf(d.labels, d.key)}</dt>
              <dd data-testid={`custom-value-${d.key}`}><CustomFieldValue def={d} value={props.values?.[d.key]} /></dd>
            </>
          )}
        </For>
      </dl>
    </Show>
  );
}

/**
 * Extra list columns for custom fields, chosen per object and remembered in this browser. Returns the
 * chosen columns and a chooser listing the object's fields.
 */
export function useCustomColumns<T extends { custom?: Record<string, unknown> }>(object: FieldObject) {
  const session = useSession();
  const defs = useDefinitions(() => object, () => session.has("customFields"));
  const storageKey = `columns.${object}`;
  const read = (): string[] => {
    try {
      return JSON.parse(localStorage.getItem(storageKey) ?? "[]") as string[];
    } catch {
      return [];
    }
  };
  const [chosen, setChosen] = createSignal<string[]>(read());
  const toggle = (key: string, on: boolean) => {
    const next = on ? [...chosen(), key] : chosen().filter((k) => k !== key);
    setChosen(next);
    try {
      localStorage.setItem(storageKey, JSON.stringify(next));
    } catch {
      // private mode: the choice lasts for this page only
    }
  };
  const columns = (): Column<T>[] =>
    (defs() ?? []).filter((d) => chosen().includes(d.key)).map((d) => ({
      label: labelOf(d.labels, d.key),
      cell: (row: T) => customValueText(d, row.custom?.[d.key], session.memberName),
    }));
  const Chooser = () => (
    <Show when={(defs() ?? []).length}>
      <details class="column-chooser" data-testid={`columns-${object}`}>
        <summary>{t("fields.columns")}</summary>
        <div class="checks">
          <For each={defs()}>
            {(d) => (
              <label class="check">
                <input type="checkbox" checked={chosen().includes(d.key)} onChange={(e) => toggle(d.key, e.currentTarget.checked)} />
                <span>{labelOf(d.labels, d.key)}</span>
              </label>
            )}
          </For>
        </div>
      </details>
    </Show>
  );
  return { columns, Chooser };
}
