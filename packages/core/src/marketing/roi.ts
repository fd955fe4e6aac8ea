import { z } from "zod";
import { assertScope, hasScope, isAdmin, useActor, useTenant } from "../actor";
import { MarketingSettingsEntity, MarketingStatEntity, type MarketingSettingsItem } from "../db/marketing-campaign";
import { MembershipEntity } from "../db/membership";
import { ConflictError, ForbiddenError, ValidationError } from "../errors";
import { now } from "../ports";
import { ReportCsv } from "../sales/report-csv";
import { ReportMath } from "../sales/report-math";
import { Tenant } from "../tenant";
import { Tx } from "../tx";
import { Id, parse } from "../validation";
import { MarketingCampaign } from "./campaign";
import { RoiMath } from "./roi-math";

export * as Roi from "./roi";

// ---- who may read the report ----

/** Roles that may read the report unless the admin changes it; owners and admins always may. */
export const DEFAULT_ROLES = ["owner", "admin", "manager"] as const;
const GRANTABLE = z.enum(["manager", "member", "viewer"]);
export const SettingsInput = z.strictObject({
  /** Roles besides owner and admin that may read the ROI report. */
  reportRoles: z.array(GRANTABLE).max(3),
  /** Members who may read it whatever their role (the marketing capability). */
  reportUserIds: z.array(Id).max(500),
  version: z.number().int().min(0).optional(),
});
export const Settings = z.strictObject({ reportRoles: z.array(z.string()), reportUserIds: z.array(z.string()), version: z.number().int() });
export type Settings = z.infer<typeof Settings>;

async function loadSettings(): Promise<MarketingSettingsItem | null> {
  const { data } = await MarketingSettingsEntity.get({ tenantId: useTenant() }).go();
  return data ?? null;
}

function presentSettings(s: MarketingSettingsItem | null): Settings {
  const roles = s?.reportRoles ?? [...DEFAULT_ROLES];
  return { reportRoles: [...new Set(["owner", "admin", ...roles])], reportUserIds: s?.reportUserIds ?? [], version: s?.version ?? 0 };
}

export async function getSettings(): Promise<Settings> {
  assertScope("settings:read");
  await Tenant.requireFeature("marketing");
  return presentSettings(await loadSettings());
}

/** Sets who may read the report (admins). `version` guards against a concurrent change (409). */
export async function updateSettings(raw: unknown): Promise<Settings> {
  assertScope("settings:write");
  await Tenant.requireFeature("marketing");
  const input = parse(SettingsInput, raw);
  const tenantId = useTenant();
  const userIds = [...new Set(input.reportUserIds)];
  if (userIds.length) {
    const { data } = await MembershipEntity.get(userIds.map((userId) => ({ tenantId, userId }))).go();
    const known = new Set(data.map((m) => m.userId));
    const i = userIds.findIndex((id) => !known.has(id));
    if (i >= 0) throw new ValidationError("Not a member of this workspace.", { [`reportUserIds.${input.reportUserIds.indexOf(userIds[i])}`]: "Unknown member." });
  }
  const before = await loadSettings();
  if (input.version !== undefined && input.version !== (before?.version ?? 0)) throw new ConflictError();
  const after: MarketingSettingsItem = { tenantId, reportRoles: [...new Set(input.reportRoles)], reportUserIds: userIds, version: (before?.version ?? 0) + 1, updatedAt: now().toISOString() };
  await new Tx(tenantId)
    .add(() => (before ? MarketingSettingsEntity.put(after).where((a, op) => op.eq(a.version, before.version)) : MarketingSettingsEntity.create(after)), () => new ConflictError())
    .audit({ action: "marketing_settings.updated", recordType: "marketing_settings", recordId: tenantId, before: before ? presentSettings(before) : null, after: presentSettings(after) })
    .run();
  return presentSettings(after);
}

/**
 * Whether the actor may read the ROI report: owners, admins and the system; API keys with the reports
 * scope; users whose role the settings list or who hold the marketing capability. The report holds
 * aggregates only, so reading it does not widen which deals a person sees.
 */
export async function canRead(): Promise<boolean> {
  const actor = useActor();
  if (actor.type === "system" || isAdmin(actor)) return true;
  if (actor.type === "key") return hasScope(actor.scopes, "reports:read");
  if (actor.type !== "user" || !actor.role) return false;
  const s = presentSettings(await loadSettings());
  return s.reportRoles.includes(actor.role) || s.reportUserIds.includes(actor.userId);
}

async function assertCanRead() {
  await Tenant.requireFeature("marketing");
  if (!(await canRead())) throw new ForbiddenError("The ROI report is for the roles an admin gave report access.", "forbidden.scope");
}

// ---- the report ----

const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "Use YYYY-MM.");
export const MAX_MONTHS = 36;
export const RoiQuery = z.strictObject({
  /** First and last month of the period (inclusive, in the workspace's time zone); the last 12 months by default. */
  from: Month.optional(),
  to: Month.optional(),
  groupBy: z.enum(["campaign", "source", "month"]).default("campaign"),
  campaignId: Id.optional(),
});
export const RoiCsvQuery = RoiQuery.extend({ lang: z.enum(["en", "zh-CN"]).optional() });

const FiguresSchema = z.strictObject({
  cost: z.number().int(), leads: z.number().int(), qualified: z.number().int(), deals: z.number().int(), won: z.number().int(), wonAmount: z.number().int(),
  /** Won deals in a currency without an exchange rate: in `won`, not in `wonAmount` (Settings → exchange rates). */
  wonUnconverted: z.number().int(),
  costPerLead: z.number().nullable(), roi: z.number().nullable(),
});
export const RoiReport = z.strictObject({
  from: z.string(),
  to: z.string(),
  groupBy: z.enum(["campaign", "source", "month"]),
  campaignId: z.string().nullable(),
  currency: z.string(),
  /** One row per group: `key` is the campaign id, the source (lower case) or the month; `-` is none. */
  rows: z.array(FiguresSchema.extend({ key: z.string(), name: z.string().nullable(), channel: z.string().nullable() })),
  totals: FiguresSchema,
  /** Every month of the period, for charts. */
  series: z.array(FiguresSchema.extend({ month: z.string() })),
});
export type RoiReport = z.infer<typeof RoiReport>;

function shiftMonth(month: string, by: number): string {
  const [y, m] = month.split("-").map(Number);
  const i = y * 12 + (m - 1) + by;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, "0")}`;
}

/**
 * Cost, leads, qualified leads, deals, won deals and amount, cost per lead and ROI per campaign, source or
 * month of a period. Reads one counter partition per month and the campaign names: never the deals.
 */
export async function report(raw: unknown): Promise<RoiReport> {
  const q = parse(RoiQuery, raw ?? {});
  await assertCanRead();
  const tenantId = useTenant();
  const { timeZone, currency, exchangeRates } = await Tenant.settings();
  const money = { currency, rates: exchangeRates };
  const to = q.to ?? (q.from ? shiftMonth(q.from, 11) : ReportMath.monthOf(now(), timeZone));
  const from = q.from ?? shiftMonth(to, -11);
  if (from > to) throw new ValidationError("`from` is after `to`.", { from: "After to." });
  const months = RoiMath.monthsBetween(from, to);
  if (months.length > MAX_MONTHS) throw new ValidationError(`Ask for at most ${MAX_MONTHS} months.`, { from: "Range too long." });
  const [pages, campaigns] = await Promise.all([
    Promise.all(months.map((month) => MarketingStatEntity.query.primary({ tenantId, month }).go({ pages: "all" }))),
    MarketingCampaign.directory(),
  ]);
  const stats: RoiMath.Stat[] = pages.flatMap((p) => p.data).filter((s) => !q.campaignId || s.campaignKey === q.campaignId);
  const grouped = RoiMath.aggregate(stats, q.groupBy, money);
  const byMonth = new Map(RoiMath.aggregate(stats, "month", money).groups.map((g) => [g.key, g.counts]));
  const rows = grouped.groups.map(({ key, counts }) => {
    const c = q.groupBy === "campaign" ? campaigns.get(key) : undefined;
    return { key, name: q.groupBy === "campaign" ? (c?.name ?? null) : key === RoiMath.NONE ? null : key, channel: c?.channel ?? null, ...RoiMath.figures(counts) };
  });
  return {
    from, to, groupBy: q.groupBy, campaignId: q.campaignId ?? null, currency, rows, totals: RoiMath.figures(grouped.total),
    series: months.map((month) => ({ month, ...RoiMath.figures(byMonth.get(month) ?? RoiMath.zero()) })),
  };
}

const L = {
  en: {
    title: "Campaign ROI", campaign: "Campaign", source: "Source", month: "Month", none: "(none)", deleted: "(deleted campaign)", total: "Total",
    cost: "Cost", leads: "Leads", qualified: "Qualified leads", deals: "Deals", won: "Won deals", wonAmount: "Won amount", costPerLead: "Cost per lead", roi: "ROI %",
    unconverted: "Won deals without an exchange rate (not in the won amount)",
  },
  "zh-CN": {
    title: "市场活动 ROI", campaign: "市场活动", source: "来源", month: "月份", none: "（无）", deleted: "（已删除的活动）", total: "合计",
    cost: "成本", leads: "线索", qualified: "合格线索", deals: "商机", won: "赢单数", wonAmount: "赢单金额", costPerLead: "单条线索成本", roi: "ROI %",
    unconverted: "无汇率的赢单数（未计入赢单金额）",
  },
} as const;

/** The report as CSV text (UTF-8 with BOM): amounts in the major unit, ROI as a percentage. */
export function toText(r: RoiReport, lang: ReportCsv.Lang): string {
  const t = L[lang];
  const money = (minor: number | null) => (minor === null ? "" : ReportMath.toMajor(minor, r.currency));
  const pct = (v: number | null) => (v === null ? "" : Math.round(v * 1000) / 10);
  const cells = (f: RoiMath.Figures) => [money(f.cost), f.leads, f.qualified, f.deals, f.won, money(f.wonAmount), money(f.costPerLead), pct(f.roi), f.wonUnconverted];
  const label = (row: RoiReport["rows"][number]) => row.name ?? (row.key === RoiMath.NONE ? t.none : t.deleted);
  return ReportCsv.toCsv([{
    title: `${t.title} ${r.from}…${r.to} (${r.currency})`,
    header: [t[r.groupBy], t.cost, t.leads, t.qualified, t.deals, t.won, t.wonAmount, t.costPerLead, t.roi, t.unconverted],
    rows: [...r.rows.map((row) => [label(row), ...cells(row)]), [t.total, ...cells(r.totals)]],
  }]);
}

/** The report as a CSV download; headers in the workspace language unless `lang` is given. */
export async function csv(raw: unknown) {
  const { lang, ...rest } = parse(RoiCsvQuery, raw ?? {});
  const r = await report(rest);
  const language: ReportCsv.Lang = lang ?? ((await Tenant.settings()).locale === "en" ? "en" : "zh-CN");
  return { filename: `roi-${r.groupBy}-${r.from}-${r.to}.csv`, text: toText(r, language) };
}
