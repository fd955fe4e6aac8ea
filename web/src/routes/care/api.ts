import { call, type Page } from "../../api";

/** The care area's part of the typed client: campaigns, their log, preview and test, the suppression list. */
export type TriggerKind = "birthday" | "anniversary" | "deal_won" | "before_date" | "inactivity" | "contract_end";
export const TRIGGER_KINDS: TriggerKind[] = ["birthday", "anniversary", "deal_won", "before_date", "inactivity", "contract_end"];
export type Trigger = { kind: TriggerKind; field?: string; days?: number };
export type Language = "zh-CN" | "en";
export const LANGUAGES: Language[] = ["zh-CN", "en"];
export type Templates = Partial<Record<Language, { subject: string; body: string }>>;
export const VARIABLES = ["contact.name", "contact.email", "owner.name", "company.name", "tenant.name", "unsubscribe.url"];

export interface Campaign {
  campaignId: string; name: string; trigger: Trigger; templates: Templates; sendHour: number; enabled: boolean;
  version: number; createdAt: string; updatedAt: string;
}
export type CampaignInput = Omit<Campaign, "campaignId" | "version" | "createdAt" | "updatedAt">;
export interface SendRow { contactId: string; email: string | null; occurrence: string; status: "sending" | "sent" | "suppressed" | "failed"; subject: string | null; error: string | null; at: string }
export interface Suppressed { email: string; reason: "unsubscribed" | "bounced" | "manual"; contactId: string | null; createdAt: string }
export interface Preview { language: Language; to: string | null; subject: string; text: string }
export interface UnsubscribeInfo { workspace: string; email: string; unsubscribed: boolean }

const qs = (q: Record<string, string | number | null | undefined>) => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== null && v !== undefined && v !== "") p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : "";
};
const base = "/care/campaigns";

export const careApi = {
  list: () => call<{ items: Campaign[] }>("GET", base),
  get: (id: string) => call<Campaign>("GET", `${base}/${encodeURIComponent(id)}`),
  create: (input: CampaignInput) => call<Campaign>("POST", base, input),
  replace: (id: string, input: CampaignInput & { version: number }) => call<Campaign>("PUT", `${base}/${encodeURIComponent(id)}`, input),
  remove: (id: string) => call<void>("DELETE", `${base}/${encodeURIComponent(id)}`),
  log: (id: string, cursor?: string | null) => call<Page<SendRow>>("GET", `${base}/${encodeURIComponent(id)}/log${qs({ cursor })}`),
  preview: (id: string, contactId: string) => call<Preview>("POST", `${base}/${encodeURIComponent(id)}/preview`, { contactId }),
  test: (id: string, contactId?: string | null) => call<{ to: string; subject: string }>("POST", `${base}/${encodeURIComponent(id)}/test`, contactId ? { contactId } : {}),
  suppressions: (cursor?: string | null) => call<Page<Suppressed>>("GET", `/care/suppressions${qs({ cursor })}`),
  suppress: (email: string) => call<{ email: string }>("POST", "/care/suppressions", { email }),
  unsuppress: (email: string) => call<void>("DELETE", `/care/suppressions/${encodeURIComponent(email)}`),
  unsubscribeInfo: (token: string) => call<UnsubscribeInfo>("GET", `/public/unsubscribe${qs({ token })}`),
  unsubscribe: (token: string) => call<UnsubscribeInfo>("POST", "/public/unsubscribe", { token }),
};
