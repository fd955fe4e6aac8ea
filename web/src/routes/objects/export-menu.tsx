import { ExportLinks, type ExportFormat } from "../../components/export-menu";
import { locale } from "../../i18n";

/**
 * Export of an object's records, CSV or Excel, with the list's current search. Plain links, as for the
 * built-in lists: the API answers a file download, so the browser saves it with the session cookie.
 */
export function ObjectExportMenu(props: { objectKey: string; q: () => string }) {
  const href = (format: ExportFormat) => {
    const q = new URLSearchParams({ lang: locale() });
    if (props.q()) q.set("q", props.q());
    return `/api/objects/${encodeURIComponent(props.objectKey)}/records/export.${format}?${q}`;
  };
  return <ExportLinks href={href} />;
}
