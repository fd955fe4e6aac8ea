/**
 * `npm run bench [-- suite ...]`: runs the named benchmark suites (all when none is named) and prints one
 * figure per line as `key: value`. Ratios compare figures measured in the same run.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
import { aliases, suites } from "./bench/suites";

const asked = process.argv.slice(2).filter((a) => !a.startsWith("-")).flatMap((a) => aliases[a] ?? [a]);
const unknown = asked.filter((a) => !(a in suites));
if (unknown.length) {
  console.error(`Unknown suite(s): ${unknown.join(", ")}. Known: ${[...Object.keys(suites), ...Object.keys(aliases)].join(", ")}`);
  process.exit(2);
}
const { startBenchDb } = await import("./bench/db");
const db = await startBenchDb();
try {
  for (const name of asked.length ? asked : Object.keys(suites)) {
    const figures = await suites[name]();
    for (const [k, v] of Object.entries(figures)) console.log(`${k}: ${typeof v === "number" ? +v.toFixed(3) : v}`);
  }
} finally {
  db.stop();
}
process.exit(0);
