import { For } from "solid-js";
import { locale, t } from "../../i18n";
import "../../components/export-menu.css";

/**
 * Export of an object's records, CSV or Excel, with the list's current search. Plain links, as for the
 * built-in lists: the API answers a file download, so the browser saves it with the session cookie.
 */
export function ObjectExportMenu(props: { objectKey: string; q: () => string }) {
  const href = (format: "csv" | "xlsx") => {
    const q = new URLSearchParams({ lang: locale() });
    if (props.q()) q.set("q", props.q());
    return `/api/objects/${encodeURIComponent(props.objectKey)}/records/export.${format}?${q}`;
  };
  return (
    <details class="export-menu" data-testid="export-menu">
      <summary class="secondary" title={t("export.hint")}>{t("export.menu")}</summary>
      <ul role="menu">
        <For each={["csv", "xlsx"] as const}>
          {(f) => <li role="none"><a role="menuitem" href={href(f)} download="" data-testid={`export-${f}`}>{t(f === "csv" ? "export.csv" : "export.xlsx")}</a></li>}
        </For>
      </ul>
    </details>
  );
}
