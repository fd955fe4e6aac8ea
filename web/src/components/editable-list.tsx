import { For, type JSX, Show } from "solid-js";
import { Dynamic } from "solid-js/web";
import { FormError } from "./form-error";

/**
 * A settings card of things an admin adds and edits in place: the heading with the "new" button (admins),
 * an intro, the error, the new form under the heading, and a row per item that becomes its form while it is
 * edited. The caller keeps which item is edited (`"new"` for the new form) so its forms can close it.
 */
export function EditableList<T>(props: {
  testid: string;
  title: string;
  intro?: string;
  /** Shown between the intro and the list (usage, a one-time secret). */
  children?: JSX.Element;
  error?: unknown;
  onReload?: () => void;
  canAdd: boolean;
  newLabel: string;
  newTestid: string;
  newForm: () => JSX.Element;
  editing: string | undefined;
  setEditing: (id: string | undefined) => void;
  items: T[];
  loading: boolean;
  empty: string;
  ordered?: boolean;
  itemTestid: string;
  idOf: (item: T) => string;
  row: (item: T, index: () => number) => JSX.Element;
  form: (item: T) => JSX.Element;
}) {
  return (
    <section class="card stack" data-testid={props.testid}>
      <div class="section-head">
        <h2>{props.title}</h2>
        <Show when={props.canAdd && props.editing !== "new"}>
          <button type="button" class="small" onClick={() => props.setEditing("new")} data-testid={props.newTestid}>{props.newLabel}</button>
        </Show>
      </div>
      <Show when={props.intro}><p class="muted">{props.intro}</p></Show>
      {props.children}
      <FormError error={props.error} onReload={props.onReload} />
      <Show when={props.editing === "new"}>
        <div class="policy new">
          <h3>{props.newLabel}</h3>
          {props.newForm()}
        </div>
      </Show>
      <Show when={props.items.length || props.loading} fallback={<p class="empty">{props.empty}</p>}>
        <Dynamic component={props.ordered ? "ol" : "ul"} class="policy-list">
          <For each={props.items}>
            {(item, i) => (
              <li class="policy" data-testid={props.itemTestid}>
                <Show when={props.editing === props.idOf(item)} fallback={props.row(item, i)}>
                  {props.form(item)}
                </Show>
              </li>
            )}
          </For>
        </Dynamic>
      </Show>
    </section>
  );
}
