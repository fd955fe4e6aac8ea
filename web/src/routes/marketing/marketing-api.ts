import { call } from "../../api";

/** The marketing resources of the API client (types mirror packages/core/src/marketing). */
export const CHANNELS = ["trade_show", "online_ad", "email", "referral", "event", "social", "other"] as const;
export type Channel = (typeof CHANNELS)[number];
export const CAMPAIGN_STATUSES = ["planned", "active", "completed", "cancelled"] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

export interface CostLine { lineId: string; date: string; amount: number; note: string | null }
export interface Campaign {
  campaignId: string; name: string; channel: Channel; status: CampaignStatus; startDate: string | null; endDate: string | null;
  description: string | null; currency: string; costs: CostLine[]; totalCost: number; version: number; createdAt: string; updatedAt: string;
}
export interface CampaignFields { name?: string; channel?: Channel; status?: CampaignStatus; startDate?: string | null; endDate?: string | null; description?: string | null }

export type GroupBy = "campaign" | "source" | "month";
export interface RoiFigures { cost: number; leads: number; qualified: number; deals: number; won: number; wonAmount: number; wonUnconverted: number; costPerLead: number | null; roi: number | null }
export interface RoiReport {
  from: string; to: string; groupBy: GroupBy; campaignId: string | null; currency: string;
  rows: (RoiFigures & { key: string; name: string | null; channel: string | null })[];
  totals: RoiFigures;
  series: (RoiFigures & { month: string })[];
}
export interface RoiParams { from?: string; to?: string; groupBy?: GroupBy; campaignId?: string; lang?: string }
export interface RoiSettings { reportRoles: string[]; reportUserIds: string[]; version: number }

const qs = (params: object) => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== "") p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : "";
};
const id = encodeURIComponent;

export const marketingApi = {
  list: () => call<{ items: Campaign[] }>("GET", "/marketing/campaigns"),
  create: (input: CampaignFields & { name: string; channel: Channel }) => call<Campaign>("POST", "/marketing/campaigns", input),
  update: (campaignId: string, input: CampaignFields & { version: number }) => call<Campaign>("PATCH", `/marketing/campaigns/${id(campaignId)}`, input),
  remove: (campaignId: string) => call<void>("DELETE", `/marketing/campaigns/${id(campaignId)}`),
  addCost: (campaignId: string, input: { date: string; amount: number; note?: string | null }) => call<Campaign>("POST", `/marketing/campaigns/${id(campaignId)}/costs`, input),
  removeCost: (campaignId: string, lineId: string) => call<Campaign>("DELETE", `/marketing/campaigns/${id(campaignId)}/costs/${id(lineId)}`),
  settings: () => call<RoiSettings>("GET", "/marketing/settings"),
  saveSettings: (input: { reportRoles: string[]; reportUserIds: string[]; version: number }) => call<RoiSettings>("PUT", "/marketing/settings", input),
  roi: (params: RoiParams) => call<RoiReport>("GET", `/reports/roi${qs(params)}`),
  /** Where the browser downloads the CSV (a plain link: the session cookie goes along). */
  roiCsvUrl: (params: RoiParams) => `/api/reports/roi.csv${qs(params)}`,
};
