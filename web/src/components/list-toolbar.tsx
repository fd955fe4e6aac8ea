import type { JSX } from "solid-js";
import { t } from "../i18n";

/** Search, sort and tag filter above a record list. */
export function ListToolbar(props: {
  q: string; onQ: (q: string) => void; searchPlaceholder: string;
  sort: "name" | "updated"; onSort: (s: "name" | "updated") => void; sortDisabled?: boolean;
  tag: string; onTag: (tag: string) => void;
  /** An action at the end of the bar (the export menu). */
  actions?: JSX.Element;
}) {
  return (
    <div class="toolbar" role="search">
      <input type="search" name="q" class="search" aria-label={props.searchPlaceholder} placeholder={props.searchPlaceholder}
        value={props.q} onInput={(e) => props.onQ(e.currentTarget.value)} data-testid="search" />
      <label class="inline-label">
        <span>{t("list.sort")}</span>
        <select name="sort" value={props.sort} disabled={props.sortDisabled} title={props.sortDisabled ? t("list.sortBySearch") : undefined}
          onChange={(e) => props.onSort(e.currentTarget.value as "name" | "updated")}>
          <option value="name">{t("list.sortName")}</option>
          <option value="updated">{t("list.sortUpdated")}</option>
        </select>
      </label>
      <input type="search" name="tag" class="tag-filter" aria-label={t("list.tag")} placeholder={t("list.tag")} value={props.tag} onInput={(e) => props.onTag(e.currentTarget.value)} />
      {props.actions}
    </div>
  );
}
