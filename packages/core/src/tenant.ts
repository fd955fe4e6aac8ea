import { z } from "zod";
import { assertScope, useActor, useTenant } from "./actor";
import { forgetPlan } from "./audit-retention";
import { LookupEntity } from "./db/lookup";
import { TenantEntity, type TenantItem } from "./db/tenant";
import { UsageEntity } from "./db/usage";
import { ConflictError, NotFoundError, ValidationError } from "./errors";
import { type FeatureKey, FEATURES, FeatureKeySchema, Plan, PlanKeySchema } from "./plan";
import { now } from "./ports";
import { Tx } from "./tx";
import { parse } from "./validation";
import { isValidTimeZone } from "./time-zone";
import { getCountries } from "libphonenumber-js";

export * as Tenant from "./tenant";

const cache = new WeakMap<object, Promise<TenantItem>>();

/** The current tenant, read once per request (memoized on the request's actor). */
export function current(): Promise<TenantItem> {
  const actor = useActor();
  const tenantId = useTenant();
  let p = cache.get(actor);
  if (!p) {
    p = TenantEntity.get({ tenantId }).go().then(({ data }) => {
      if (!data) throw new NotFoundError("workspace");
      return data;
    });
    cache.set(actor, p);
  }
  return p;
}

/** Seeds the per-request cache with a tenant read together with the session. */
export function prime(actor: object, tenant: TenantItem): void {
  cache.set(actor, Promise.resolve(tenant));
}

export async function features(): Promise<FeatureKey[]> {
  const t = await current();
  return Plan.enabledFeatures(t.plan, t.features);
}

/** Throws 403 `plan.feature_unavailable` unless the tenant has `feature` on. */
export async function requireFeature(feature: FeatureKey): Promise<void> {
  const t = await current();
  Plan.assertFeature(t.plan, t.features, feature);
}

export async function usage() {
  const { data } = await UsageEntity.get({ tenantId: useTenant() }).go();
  return { seats: data?.seats ?? 0, contacts: data?.contacts ?? 0, companies: data?.companies ?? 0 };
}

/** What the settings page shows: the plan, usage against its limits, and every feature's state. */
export async function overview() {
  const t = await current();
  const plan = Plan.get(t.plan);
  const enabled = Plan.enabledFeatures(t.plan, t.features);
  return {
    tenant: { tenantId: t.tenantId, slug: t.slug, name: t.name, settings: t.settings, version: t.version },
    plan: { key: plan.key, name: plan.name, seats: plan.seats, limits: plan.limits, auditDays: plan.auditDays },
    usage: await usage(),
    features: (Object.keys(FEATURES) as FeatureKey[]).map((key) => ({
      key,
      inPlan: plan.features.includes(key),
      optional: FEATURES[key].optional,
      enabled: enabled.includes(key),
    })),
    plans: Object.values(Plan.PLANS),
  };
}

export const SettingsInput = z.strictObject({
  version: z.number().int().positive(),
  name: z.string().trim().min(1).max(200).optional(),
  timeZone: z.string().max(64).optional(),
  phoneRegion: z.string().length(2).toUpperCase().optional(),
  locale: z.enum(["zh-CN", "en"]).optional(),
  currency: z.string().length(3).toUpperCase().optional(),
  /**
   * Units of the workspace's currency for one unit of another (e.g. {"USD": 7.1} in a CNY workspace): reports
   * that add deals of several currencies (campaign ROI) convert with the rates of the moment they are read.
   */
  exchangeRates: z.record(z.string().regex(/^[A-Z]{3}$/, "Use a three-letter currency code such as USD."), z.number().positive().max(1e9))
    .refine((r) => Object.keys(r).length <= 50, "At most 50 rates.").optional(),
});

/** Tenant defaults: name, time zone, phone region, language, currency. Admins only. */
export async function updateSettings(raw: unknown) {
  assertScope("settings:write");
  const input = parse(SettingsInput, raw);
  if (input.timeZone && !isValidTimeZone(input.timeZone)) throw new ValidationError("Unknown time zone.", { timeZone: "Use an IANA name such as Asia/Shanghai." });
  if (input.phoneRegion && !getCountries().includes(input.phoneRegion as never)) throw new ValidationError("Unknown region.", { phoneRegion: "Use a country code such as CN." });
  const before = await current();
  const { version, name, ...settings } = input;
  const after = { ...before, name: name ?? before.name, settings: { ...before.settings, ...settings }, version: before.version + 1, updatedAt: now().toISOString() };
  await put(before, after, version, "tenant.settings_updated");
  return after;
}

export const FeaturesInput = z.strictObject({ features: z.partialRecord(FeatureKeySchema, z.boolean()) });

/** Switches optional features on or off, within the plan. */
export async function setFeatures(raw: unknown) {
  assertScope("settings:write");
  const input = parse(FeaturesInput, raw);
  const before = await current();
  const plan = Plan.get(before.plan);
  const fields: Record<string, string> = {};
  for (const [key, on] of Object.entries(input.features)) {
    if (!FEATURES[key as FeatureKey].optional) fields[key] = "This feature cannot be switched off.";
    else if (on && !plan.features.includes(key as FeatureKey)) fields[key] = "Not in this plan.";
  }
  if (Object.keys(fields).length) throw new ValidationError("Some features cannot be changed.", fields, "plan.feature_unavailable");
  const after = { ...before, features: { ...before.features, ...input.features }, version: before.version + 1, updatedAt: now().toISOString() };
  await put(before, after, before.version, "tenant.features_changed");
  return overview();
}

async function put(before: TenantItem, after: TenantItem, expectedVersion: number, action: string) {
  await new Tx(before.tenantId)
    .add(
      () => TenantEntity.put(after).where((a, op) => op.eq(a.version, expectedVersion)),
      () => new ConflictError(),
    )
    .audit({ action, recordType: "tenant", recordId: before.tenantId, before: { name: before.name, ...before.settings, features: before.features, plan: before.plan }, after: { name: after.name, ...after.settings, features: after.features, plan: after.plan } })
    .event(action, { tenantId: before.tenantId })
    .run();
  cache.delete(useActor());
}

export const ChangePlanInput = z.strictObject({ plan: PlanKeySchema });

/** Platform admin: moves a tenant (by slug) to another plan. The caller has checked the platform secret. */
export async function changePlan(slug: string, raw: unknown) {
  const { plan } = parse(ChangePlanInput, raw);
  const { data: lookup } = await LookupEntity.get({ kind: "slug", key: slug.toLowerCase() }).go();
  if (!lookup?.value) throw new NotFoundError("workspace");
  const { data: before } = await TenantEntity.get({ tenantId: lookup.value }).go();
  if (!before) throw new NotFoundError("workspace");
  const after = { ...before, plan, version: before.version + 1, updatedAt: now().toISOString() };
  await new Tx(before.tenantId)
    .add(() => TenantEntity.put(after).where((a, op) => op.eq(a.version, before.version)), () => new ConflictError())
    .audit({ action: "tenant.plan_changed", recordType: "tenant", recordId: before.tenantId, before: { plan: before.plan }, after: { plan } })
    .event("tenant.plan_changed", { from: before.plan, to: plan })
    .run();
  forgetPlan(before.tenantId);
  return { tenantId: before.tenantId, slug: before.slug, plan };
}

/** Tenant settings with defaults, for domain code (phone region, time zone). */
export async function settings(): Promise<{ timeZone: string; phoneRegion: string; locale: string; currency: string; exchangeRates: Record<string, number> }> {
  const t = await current();
  return { timeZone: "Asia/Shanghai", phoneRegion: "CN", locale: "zh-CN", currency: "CNY", exchangeRates: {}, ...(t.settings ?? {}) };
}
