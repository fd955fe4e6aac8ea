import { foundation } from "./foundation";
import { service } from "./service";
import { retention } from "./retention";
import { sales } from "./sales";
import { connect } from "./connect";

/** Benchmark suites by name; each returns its figures. Later issues add theirs. */
export const suites: Record<string, () => Promise<Record<string, number>>> = {
  foundation,
  service,
  retention,
  sales,
  connect,
};
