import { foundation } from "./foundation";

/** Benchmark suites by name; each returns its figures. Later issues add theirs. */
export const suites: Record<string, () => Promise<Record<string, number>>> = {
  foundation,
};
