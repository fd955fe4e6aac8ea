import { stringify } from "csv-stringify/sync";
import type { Goal } from "./goal";
import { ReportMath } from "./report-math";
import type { SalesReport } from "./sales-report";

export * as ReportCsv from "./report-csv";

/**
 * Reports as CSV for spreadsheets: UTF-8 with a byte-order mark (without it Excel reads Chinese as
 * mojibake), one block per table (a title row, a header row, the rows, a blank line), amounts in the
 * currency's major unit and ratios as percentages. Headers follow the workspace language.
 */
export type Lang = "en" | "zh-CN";

const L = {
  en: {
    summary: "Summary", metric: "Metric", current: "This period", previous: "Previous period", change: "Change", changePct: "Change %",
    funnel: "Funnel", stage: "Stage", entered: "Entered", reached: "Reached", conversion: "Conversion %",
    owners: "Won by owner", owner: "Owner", teams: "Won by team", team: "Team", won: "Won", wonAmount: "Won amount", lost: "Lost", winRate: "Win rate %",
    sources: "Lead sources", source: "Source", none: "(none)", leads: "New leads", created: "Deals created", createdAmount: "Created amount", wonPerLead: "Won amount per lead",
    value: "Pipeline value", probability: "Probability %", count: "Deals", amount: "Amount", weighted: "Weighted amount", openTotal: "Open total",
    months: "By month", month: "Month", lostAmount: "Lost amount", averageDealSize: "Average deal size", averageCycleDays: "Average sales cycle (days)",
    goals: "Goals", subject: "For", target: "Target", value_: "Actual", progress: "Progress %", period: "Period",
    wonDeals: "Won deals", newLeads: "New leads", activities: "Activities", collectedAmount: "Collected (payments)",
  },
  "zh-CN": {
    summary: "概览", metric: "指标", current: "本期", previous: "上期", change: "变化", changePct: "变化 %",
    funnel: "销售漏斗", stage: "阶段", entered: "进入", reached: "到达", conversion: "转化率 %",
    owners: "负责人赢单", owner: "负责人", teams: "团队赢单", team: "团队", won: "赢单数", wonAmount: "赢单金额", lost: "输单数", winRate: "赢率 %",
    sources: "线索来源", source: "来源", none: "（无）", leads: "新线索", created: "新建商机", createdAmount: "新建金额", wonPerLead: "每条线索赢单金额",
    value: "管道价值", probability: "赢率概率 %", count: "商机数", amount: "金额", weighted: "加权金额", openTotal: "进行中合计",
    months: "按月", month: "月份", lostAmount: "输单金额", averageDealSize: "平均成交额", averageCycleDays: "平均销售周期（天）",
    goals: "目标", subject: "对象", target: "目标值", value_: "实际值", progress: "完成率 %", period: "期间",
    wonDeals: "赢单数", newLeads: "新线索", activities: "活动数", collectedAmount: "回款金额",
  },
} as const;

const pct = (r: number | null) => (r === null ? "" : Math.round(r * 1000) / 10);
const AMOUNTS = new Set(["createdAmount", "wonAmount", "averageDealSize", "lostAmount"]);

/** Rows to CSV text with a BOM. */
export function toCsv(blocks: Array<{ title: string; header: string[]; rows: unknown[][] }>): string {
  const records: unknown[][] = [];
  blocks.forEach((b, i) => {
    if (i > 0) records.push([]);
    records.push([b.title], b.header, ...b.rows);
  });
  return stringify(records, { bom: true, record_delimiter: "\r\n" });
}

/** The whole sales report as CSV. */
export function sales(r: SalesReport.Report, lang: Lang): string {
  const t = L[lang];
  const money = (minor: number | null) => (minor === null ? "" : ReportMath.toMajor(minor, r.pipeline.currency));
  const label = (m: string) => (t as Record<string, string>)[m] ?? m;
  const fmt = (metric: string, v: number | null) => (v === null ? "" : metric === "winRate" ? pct(v) : AMOUNTS.has(metric) ? money(v) : v);
  return toCsv([
    {
      title: `${t.summary}: ${r.pipeline.name} (${r.pipeline.currency}) ${r.from}…${r.to} / ${r.previous.from}…${r.previous.to}`,
      header: [t.metric, t.current, t.previous, t.change, t.changePct],
      rows: r.comparison.map((c) => [label(c.metric), fmt(c.metric, c.current), fmt(c.metric, c.previous), fmt(c.metric, c.change), pct(c.changeRatio)]),
    },
    { title: t.funnel, header: [t.stage, t.entered, t.reached, t.conversion], rows: r.funnel.map((f) => [f.name, f.entered, f.reached, pct(f.conversion)]) },
    {
      title: t.value,
      header: [t.stage, t.probability, t.count, t.amount, t.weighted],
      rows: [...r.pipelineValue.stages.map((s) => [s.name, s.probability, s.count, money(s.amount), money(s.weighted)]), [t.openTotal, "", r.pipelineValue.open.count, money(r.pipelineValue.open.amount), money(r.pipelineValue.open.weighted)]],
    },
    { title: t.owners, header: [t.owner, t.won, t.wonAmount, t.lost, t.winRate], rows: r.byOwner.map((o) => [o.name, o.won, money(o.wonAmount), o.lost, pct(o.winRate)]) },
    { title: t.teams, header: [t.team, t.won, t.wonAmount, t.lost, t.winRate], rows: r.byTeam.map((o) => [o.name, o.won, money(o.wonAmount), o.lost, pct(o.winRate)]) },
    {
      title: t.sources,
      header: [t.source, t.leads, t.created, t.createdAmount, t.won, t.wonAmount, t.lost, t.winRate, t.wonPerLead],
      rows: r.bySource.map((s) => [s.source ?? t.none, s.leads, s.created, money(s.createdAmount), s.won, money(s.wonAmount), s.lost, pct(s.winRate), money(s.wonPerLead)]),
    },
    {
      title: t.months,
      header: [t.month, t.leads, t.created, t.createdAmount, t.won, t.wonAmount, t.lost, t.lostAmount, t.winRate, t.averageDealSize, t.averageCycleDays],
      rows: r.months.map((m) => [m.month, m.leads, m.created, money(m.createdAmount), m.won, money(m.wonAmount), m.lost, money(m.lostAmount), pct(m.winRate), money(m.averageDealSize), m.averageCycleDays ?? ""]),
    },
  ]);
}

/** Goals with their progress as CSV (won amounts in the pipeline's or the workspace's currency). */
export function goals(list: Goal.GoalList, lang: Lang, currency: string): string {
  const t = L[lang];
  const v = (metric: string, n: number) => (metric === "wonAmount" || metric === "collectedAmount" ? ReportMath.toMajor(n, currency) : n);
  return toCsv([
    {
      title: `${t.goals}: ${list.period} / ${list.previous}`,
      header: [t.subject, t.metric, t.period, t.target, t.value_, t.progress, t.previous, t.change, t.changePct],
      rows: list.items.map((g) => [
        g.subjectName, (t as Record<string, string>)[g.metric] ?? g.metric, g.period, v(g.metric, g.target), v(g.metric, g.progress.value),
        pct(g.progress.ratio), v(g.metric, g.progress.previous), v(g.metric, g.progress.change), pct(g.progress.changeRatio),
      ]),
    },
  ]);
}
