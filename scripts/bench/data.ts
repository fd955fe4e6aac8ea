import { importFigures } from "./data-import";
import { searchFigures } from "./data-search";
import { exportFigures } from "./data-export";

/** Data (#7): import, export, duplicate scan and search figures, each part in its own module. */
export async function data(): Promise<Record<string, number>> {
  return { ...(await importFigures()), ...(await searchFigures()), ...(await exportFigures()) };
}
