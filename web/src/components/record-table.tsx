import { For, type JSX } from "solid-js";

export interface Column<T> {
  label: string;
  cell: (row: T) => JSX.Element;
  /** The column that names the row: shown as the card's title on a phone. */
  primary?: boolean;
}

/** A table on wide screens; on a phone each row becomes a card whose cells carry their column's label. */
export function RecordTable<T>(props: { columns: Column<T>[]; rows: T[]; testid?: string }) {
  return (
    <table class="records" data-testid={props.testid}>
      <thead>
        <tr><For each={props.columns}>{(c) => <th scope="col">{c.label}</th>}</For></tr>
      </thead>
      <tbody>
        <For each={props.rows}>
          {(row) => (
            <tr>
              <For each={props.columns}>
                {(c) => <td data-label={c.label} classList={{ primary: !!c.primary }}>{c.cell(row)}</td>}
              </For>
            </tr>
          )}
        </For>
      </tbody>
    </table>
  );
}
