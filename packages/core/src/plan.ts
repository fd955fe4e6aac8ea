import { z } from "zod";
import { ForbiddenError } from "./errors";

export * as Plan from "./plan";

/** Features a route or module can require. `optional` ones a tenant admin may switch off. */
export const FEATURES = {
  contacts: { optional: false },
  companies: { optional: false },
  teams: { optional: true },
  deals: { optional: true },
  tickets: { optional: true },
  sla: { optional: true },
  care: { optional: true },
  churn: { optional: true },
  customFields: { optional: true },
  customObjects: { optional: true },
  pools: { optional: true },
  contracts: { optional: true },
  segments: { optional: true },
  marketing: { optional: true },
  approvals: { optional: true },
  visits: { optional: true },
  import: { optional: true },
  apiKeys: { optional: true },
  webhooks: { optional: true },
  reports: { optional: true },
  audit: { optional: true },
} as const;
export type FeatureKey = keyof typeof FEATURES;
export const FeatureKeySchema = z.enum(Object.keys(FEATURES) as [FeatureKey, ...FeatureKey[]]);

export interface PlanDef {
  key: string;
  name: { en: string; "zh-CN": string };
  seats: number | null;
  limits: { contacts: number | null; companies: number | null; pipelines: number | null; /** Active custom fields per object. */ customFields: number | null; /** Custom objects defined per tenant. */ customObjects?: number | null };
  /** How long audit entries are kept. */
  auditDays: number;
  features: FeatureKey[];
}

/** Plans are data: seats, record limits and features. `null` means unlimited. */
export const PLANS: Record<string, PlanDef> = {
  solo: {
    key: "solo",
    auditDays: 30,
    name: { en: "Solo", "zh-CN": "个人版" },
    seats: 2,
    limits: { contacts: 1000, companies: 500, pipelines: 1, customFields: 0, customObjects: 0 },
    features: ["contacts", "companies", "deals", "tickets", "import"],
  },
  team: {
    key: "team",
    auditDays: 180,
    name: { en: "Team", "zh-CN": "团队版" },
    seats: 10,
    limits: { contacts: 20000, companies: 10000, pipelines: 3, customFields: 50, customObjects: 0 },
    features: ["contacts", "companies", "teams", "deals", "tickets", "import", "reports", "customFields", "care", "audit", "pools", "contracts", "segments", "visits", "approvals"],
  },
  business: {
    key: "business",
    auditDays: 365,
    name: { en: "Business", "zh-CN": "商业版" },
    seats: 100,
    limits: { contacts: 200000, companies: 100000, pipelines: 10, customFields: 200, customObjects: 10 },
    features: ["contacts", "companies", "teams", "deals", "tickets", "sla", "care", "churn", "customFields", "import", "apiKeys", "webhooks", "reports", "audit", "pools", "contracts", "segments", "marketing", "approvals", "visits", "customObjects"],
  },
  enterprise: {
    key: "enterprise",
    auditDays: 1095,
    name: { en: "Enterprise", "zh-CN": "企业版" },
    seats: null,
    limits: { contacts: null, companies: null, pipelines: null, customFields: 500, customObjects: 50 },
    features: Object.keys(FEATURES) as FeatureKey[],
  },
};
export const ENTRY_PLAN = "solo";
export const PlanKeySchema = z.enum(Object.keys(PLANS) as [string, ...string[]]);

export function get(key: string): PlanDef {
  return PLANS[key] ?? PLANS[ENTRY_PLAN];
}

/** The features on for a tenant: the plan's, minus those the admin switched off. */
export function enabledFeatures(planKey: string, overrides: Record<string, boolean> | undefined): FeatureKey[] {
  return get(planKey).features.filter((f) => overrides?.[f] !== false);
}

export function assertFeature(planKey: string, overrides: Record<string, boolean> | undefined, feature: FeatureKey): void {
  if (!enabledFeatures(planKey, overrides).includes(feature)) {
    throw new ForbiddenError(`The "${feature}" feature is not available on this workspace's plan or is switched off.`, "plan.feature_unavailable");
  }
}

export function limitReached(what: string): ForbiddenError {
  return new ForbiddenError(`The plan's limit for ${what} is reached. Upgrade the plan to add more.`, "plan.limit_reached");
}
