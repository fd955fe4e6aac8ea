import { call } from "../../api";

/** The customer pools (公海) part of the typed client. */
export interface PoolRulesSet { noFollowUpDays: number | null; noOpenDealDays: number | null; noWonDealDays: number | null; afterContractEndDays: number | null; warnDays: number }
export interface PoolLimits { dailyClaimLimit: number | null; cooldownDays: number; ownershipCap: number | null; capCountsWon: boolean }
export interface Pool {
  poolId: string; name: string; memberIds: string[]; teamIds: string[]; rules: PoolRulesSet; levels: Record<string, Partial<PoolRulesSet>>;
  limits: PoolLimits; isDefault: boolean; version: number; createdAt: string; updatedAt: string;
}
export type PoolInput = Omit<Pool, "poolId" | "version" | "createdAt" | "updatedAt">;
export interface PoolCustomer {
  companyId: string; poolId: string; state: "pooled" | "owned"; ownerId: string | null; level: string | null; name: string; industry: string | null;
  phone: string | null; domain: string | null; pooledAt: string | null; pooledReason: string | null; lastFollowUpAt: string | null;
  recycleAt: string | null; warnAt: string | null; version: number;
}
export type PoolStatus = { managed: false; companyId: string } | (PoolCustomer & { managed: true; levels: string[] });

const id = encodeURIComponent;
export const poolsApi = {
  list: () => call<{ items: Pool[] }>("GET", "/pools"),
  create: (input: PoolInput) => call<Pool>("POST", "/pools", input),
  update: (poolId: string, input: Partial<PoolInput> & { version: number }) => call<Pool>("PATCH", `/pools/${id(poolId)}`, input),
  remove: (poolId: string) => call<void>("DELETE", `/pools/${id(poolId)}`),
  customers: (poolId: string, cursor?: string | null) => call<{ items: PoolCustomer[]; cursor: string | null }>("GET", `/pools/${id(poolId)}/customers${cursor ? `?cursor=${id(cursor)}` : ""}`),
  add: (poolId: string, companyId: string) => call<PoolCustomer>("POST", `/pools/${id(poolId)}/customers`, { companyId }),
  claim: (poolId: string, companyId: string) => call<PoolCustomer>("POST", `/pools/${id(poolId)}/customers/${id(companyId)}/claim`),
  assign: (poolId: string, companyId: string, userId: string) => call<PoolCustomer>("POST", `/pools/${id(poolId)}/customers/${id(companyId)}/assign`, { userId }),
  giveBack: (companyId: string, reason: string) => call<PoolCustomer>("POST", `/companies/${id(companyId)}/return`, { reason }),
  status: (companyId: string) => call<PoolStatus>("GET", `/companies/${id(companyId)}/pool`),
  setLevel: (companyId: string, version: number, level: string | null) => call<PoolCustomer & { managed: true; levels: string[] }>("PUT", `/companies/${id(companyId)}/pool/level`, { version, level }),
};

export const RULE_KEYS = ["noFollowUpDays", "noOpenDealDays", "noWonDealDays", "afterContractEndDays"] as const;
