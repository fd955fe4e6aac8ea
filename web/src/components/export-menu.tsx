import { For } from "solid-js";
import { locale, t } from "../i18n";
import "./export-menu.css";

/**
 * Export of a list view: CSV or Excel with the list's current filters. Plain links: the API answers a file
 * download (Content-Disposition), so the browser saves it with the session cookie, and nothing is held in
 * the page's memory however long the list.
 */
export function ExportMenu(props: { path: "contacts" | "companies" | "deals" | "tickets" | "leads"; filters: () => Record<string, string | number | undefined | null> }) {
  const href = (format: ExportFormat) => {
    const q = new URLSearchParams({ format, lang: locale() });
    for (const [k, v] of Object.entries(props.filters())) if (v !== undefined && v !== null && v !== "") q.set(k, String(v));
    return `/api/${props.path}/export?${q}`;
  };
  return <ExportLinks href={href} />;
}

export type ExportFormat = "csv" | "xlsx";

/** The menu itself: a CSV and an Excel link to wherever `href` says each format downloads from. */
export function ExportLinks(props: { href: (format: ExportFormat) => string }) {
  return (
    <details class="export-menu" data-testid="export-menu">
      <summary class="secondary" title={t("export.hint")}>{t("export.menu")}</summary>
      <ul role="menu">
        <For each={["csv", "xlsx"] as const}>
          {(f) => <li role="none"><a role="menuitem" href={props.href(f)} download="" data-testid={`export-${f}`}>{t(f === "csv" ? "export.csv" : "export.xlsx")}</a></li>}
        </For>
      </ul>
    </details>
  );
}
