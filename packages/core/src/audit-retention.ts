import { TenantEntity } from "./db/tenant";
import { ENTRY_PLAN, Plan } from "./plan";

/** Plans change rarely: a workspace's plan is remembered for a minute per process. */
const TTL_MS = 60_000;
const MAX_CACHED = 10_000;
const plans = new Map<string, { plan: string; until: number }>();

/** How many days the workspace's plan keeps audit entries (the entry plan's until the workspace exists). */
export async function auditDays(tenantId: string): Promise<number> {
  const hit = plans.get(tenantId);
  if (hit && hit.until > Date.now()) return Plan.get(hit.plan).auditDays;
  const { data } = await TenantEntity.get({ tenantId }).go({ attributes: ["plan"] });
  const plan = data?.plan ?? ENTRY_PLAN;
  if (plans.size >= MAX_CACHED) plans.clear();
  plans.set(tenantId, { plan, until: Date.now() + TTL_MS });
  return Plan.get(plan).auditDays;
}

/** Forgets a workspace's plan after it changed, so new entries get the new retention at once. */
export function forgetPlan(tenantId: string): void {
  plans.delete(tenantId);
}
