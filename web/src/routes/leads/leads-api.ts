import { call, type Page, type TimelineEntry } from "../../api";

/** The leads resources of the API client: leads, conversion, routing rules, the public form. */

export type LeadStatus = "new" | "working" | "converted" | "disqualified";
export const LEAD_STATUSES: LeadStatus[] = ["new", "working", "converted", "disqualified"];

/** Amounts are integers in the currency's minor unit (fen, cents). */
export interface Lead {
  leadId: string; name: string; companyName: string | null; email: string | null; phone: string | null;
  source: string | null; region: string | null; tags: string[]; amount: number | null; currency: string | null;
  message: string | null; status: LeadStatus; ownerId: string; shared: boolean; routedBy: string | null;
  contactId: string | null; companyId: string | null; dealId: string | null; convertedAt: string | null;
  campaignId?: string;
  version: number; createdAt: string; updatedAt: string;
}
export type LeadFields = {
  name?: string; companyName?: string | null; email?: string | null; phone?: string | null; source?: string | null;
  region?: string | null; tags?: string[]; amount?: number | null; currency?: string | null; message?: string | null;
  ownerId?: string; shared?: boolean; campaignId?: string | null;
};
export interface LeadFilters { q?: string; status?: LeadStatus; ownerId?: string; source?: string; tag?: string; cursor?: string; limit?: number }
export interface Conversion { lead: Lead; contactId: string; companyId: string | null; dealId: string; existingContact: boolean; existingCompany: boolean }

export interface Conditions { sources?: string[]; regions?: string[]; tags?: string[]; amountMin?: number; amountMax?: number }
export type Action = { type: "owner"; ownerId: string } | { type: "round_robin"; teamId: string } | { type: "fewest_open"; teamId: string };
export interface Rule { ruleId?: string; name: string; conditions: Conditions; action: Action }
export interface Routing { rules: Rule[]; defaultOwnerId: string | null; version: number }

const qs = (params: object) => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== "") p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : "";
};
const id = encodeURIComponent;

export const leadsApi = {
  list: (filters: LeadFilters) => call<Page<Lead>>("GET", `/leads${qs(filters)}`),
  get: (leadId: string) => call<Lead>("GET", `/leads/${id(leadId)}`),
  create: (input: LeadFields & { name: string }) => call<Lead>("POST", "/leads", input),
  update: (leadId: string, input: LeadFields & { version: number; status?: LeadStatus }) => call<Lead>("PATCH", `/leads/${id(leadId)}`, input),
  remove: (leadId: string) => call<void>("DELETE", `/leads/${id(leadId)}`),
  convert: (leadId: string, input: { version: number; pipelineId: string; dealTitle?: string; amount?: number | null }) =>
    call<Conversion>("POST", `/leads/${id(leadId)}/convert`, input),
  timeline: (leadId: string, params: { cursor?: string; limit?: number } = {}) => call<Page<TimelineEntry>>("GET", `/leads/${id(leadId)}/timeline${qs(params)}`),
  routing: {
    get: () => call<Routing>("GET", "/lead-routing"),
    put: (input: Routing) => call<Routing>("PUT", "/lead-routing", input),
    openLeads: () => call<Record<string, number>>("GET", "/lead-routing/open-leads"),
  },
};

/** The public web form's endpoint for a workspace, as the snippet posts to it. */
export function formEndpoint(origin: string, slug: string): string {
  return `${origin}/api/public/forms/${id(slug)}/leads`;
}
