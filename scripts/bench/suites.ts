import { foundation } from "./foundation";
import { service } from "./service";
import { retention } from "./retention";
import { sales } from "./sales";
import { connect } from "./connect";
import { importFigures } from "./data-import";
import { searchFigures } from "./data-search";
import { exportFigures } from "./data-export";
import { tenantExport } from "./tenant-export";

/** Benchmark suites by name; each returns its figures. Later issues add theirs. */
export const suites: Record<string, () => Promise<Record<string, number>>> = {
  foundation,
  service,
  retention,
  sales,
  connect,
  "data-import": importFigures,
  "data-search": searchFigures,
  "data-export": exportFigures,
  "tenant-export": tenantExport,
};

/** Names that stand for several suites, run in order, each printing its figures as soon as it ends. */
export const aliases: Record<string, string[]> = {
  data: ["data-import", "data-search", "data-export"],
};
