import { careBench } from "./care";
import { churnBench } from "./churn";

/** Customer care campaigns: the sweep at 1k and 100k contacts and the send rate (see care.ts). */
export { careBench };

/** Retention: customer-care campaigns and churn-risk scores, in one run. */
export async function retention(): Promise<Record<string, number>> {
  return { ...(await careBench()), ...(await churnBench()) };
}
