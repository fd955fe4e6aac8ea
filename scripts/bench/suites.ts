import { foundation } from "./foundation";
import { service } from "./service";
import { retention } from "./retention";
import { sales } from "./sales";
import { connect } from "./connect";
import { data } from "./data";
import { tenantExport } from "./tenant-export";

/** Benchmark suites by name; each returns its figures. Later issues add theirs. */
export const suites: Record<string, () => Promise<Record<string, number>>> = {
  foundation,
  service,
  retention,
  sales,
  connect,
  data,
  "tenant-export": tenantExport,
};
