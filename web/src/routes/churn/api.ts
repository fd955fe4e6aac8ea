import { call } from "../../api";

/** The churn area's part of the typed client: health per customer, the band list, the scoring rules. */
export type Band = "healthy" | "watch" | "at_risk";
export const BANDS: Band[] = ["at_risk", "watch", "healthy"];
export type SignalKey = "activity" | "won" | "openTickets" | "breaches" | "lostDeals" | "unsubscribed";
export const SIGNAL_KEYS: SignalKey[] = ["activity", "won", "openTickets", "breaches", "lostDeals", "unsubscribed"];
export type CustomerType = "contact" | "company";

export interface HealthSignal { key: SignalKey; value: number | null; weight: number; penalty: number; points: number }
export interface Health {
  recordType: CustomerType; recordId: string; score: number; band: Band; signals: HealthSignal[];
  thresholds: { healthy: number; atRisk: number }; value: number; valueBasis: string; atRiskSince: string | null;
  history: { day: string; score: number }[]; computedAt: string;
}
export interface CustomerRow {
  recordType: CustomerType; recordId: string; name: string; ownerId: string; score: number; band: Band; value: number;
  atRiskSince: string | null; computedAt: string;
}
export interface ChurnSettings {
  weights: Record<SignalKey, number>;
  full: { activityDays: number; wonDays: number; openTickets: number; breaches: number; lostDeals: number };
  thresholds: { healthy: number; atRisk: number };
  version: number;
}

export const churnApi = {
  health: (type: CustomerType, id: string) => call<Health>("GET", `/${type === "contact" ? "contacts" : "companies"}/${encodeURIComponent(id)}/health`),
  customers: (q: { band: Band; cursor?: string | null; limit?: number }) => {
    const p = new URLSearchParams({ band: q.band, limit: String(q.limit ?? 50) });
    if (q.cursor) p.set("cursor", q.cursor);
    return call<{ items: CustomerRow[]; cursor: string | null; valueBasis: string }>("GET", `/churn/customers?${p}`);
  },
  settings: () => call<ChurnSettings>("GET", "/churn/settings"),
  saveSettings: (s: ChurnSettings) => call<ChurnSettings>("PUT", "/churn/settings", s),
};
