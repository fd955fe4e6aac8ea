import { useSearchParams } from "@solidjs/router";
import type { ChartConfiguration } from "chart.js";
import { createEffect, createSignal, For, on, onMount, Show } from "solid-js";
import { FormError } from "../../components/form-error";
import { RecordTable } from "../../components/record-table";
import { formatMoney } from "../../lib/money";
import { param } from "../../lib/next";
import { salesApi, type Pipeline } from "../../lib/sales-api";
import { formatNumber, locale, t, type Key } from "../../i18n";
import { ChartCard } from "./chart";
import { type ComparedMetric, type FullSalesReport, reportsApi } from "./sales-api";

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const COLORS = { reached: "#3056d3", entered: "#9bb0f0", value: "#7a3fc4", weighted: "#067647", won: "#067647", previous: "#b8bfcc" };
const AMOUNTS = new Set<ComparedMetric>(["createdAmount", "wonAmount", "lostAmount", "averageDealSize"]);

const ym = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}`;

/** The preset periods of the picker, as month ranges. */
function presets(today = new Date()) {
  const y = today.getFullYear();
  const m = today.getMonth();
  const q = Math.floor(m / 3) * 3;
  return {
    thisMonth: { from: ym(today), to: ym(today) },
    lastMonth: { from: ym(new Date(y, m - 1, 1)), to: ym(new Date(y, m - 1, 1)) },
    thisQuarter: { from: ym(new Date(y, q, 1)), to: ym(new Date(y, q + 2, 1)) },
    thisYear: { from: `${y}-01`, to: `${y}-12` },
  };
}
type Preset = keyof ReturnType<typeof presets>;
const PRESETS: Preset[] = ["thisMonth", "lastMonth", "thisQuarter", "thisYear"];

/** The sales report: headline figures against the period before, funnel, value by stage, owners, teams, sources. */
export function SalesReportPage() {
  const [params, setParams] = useSearchParams();
  const [pipelines, setPipelines] = createSignal<Pipeline[]>();
  const [report, setReport] = createSignal<FullSalesReport>();
  const [error, setError] = createSignal<unknown>();
  onMount(() => salesApi.pipelines.list().then((r) => setPipelines(r.items), setError));
  const range = presets();
  const from = () => (MONTH.test(param(params.from)) ? param(params.from) : range.thisMonth.from);
  const to = () => (MONTH.test(param(params.to)) ? param(params.to) : range.thisMonth.to);
  const pipelineId = () => param(params.pipelineId) || pipelines()?.[0]?.pipelineId || "";
  const preset = () => PRESETS.find((p) => range[p].from === from() && range[p].to === to());
  let asked = 0;
  createEffect(on([pipelineId, from, to], ([p, f, tt]) => {
    if (!p) return;
    const mine = ++asked;
    setError(undefined);
    reportsApi.sales({ pipelineId: p, from: f, to: tt }).then((r) => mine === asked && setReport(r), (err) => mine === asked && setError(err));
  }));

  const money = (minor: number | null | undefined) => (minor === null || minor === undefined ? "—" : formatMoney(minor, report()?.pipeline.currency ?? "CNY", locale()));
  const percent = (x: number | null | undefined) => (x === null || x === undefined ? "—" : new Intl.NumberFormat(locale(), { style: "percent", maximumFractionDigits: 1 }).format(x));
  const figure = (metric: ComparedMetric, v: number | null) =>
    v === null ? "—" : metric === "winRate" ? percent(v) : metric === "averageCycleDays" ? t("salesReport.days", { n: formatNumber(v) }) : AMOUNTS.has(metric) ? money(v) : formatNumber(v);
  const signed = (metric: ComparedMetric, v: number | null) => (v === null ? "—" : `${v > 0 ? "+" : ""}${metric === "winRate" ? `${Math.round(v * 1000) / 10} pt` : figure(metric, v)}`);
  const monthLabel = (m: string) => new Intl.DateTimeFormat(locale(), { year: "numeric", month: "short", timeZone: "UTC" }).format(new Date(`${m}-01T00:00:00Z`));

  const funnelConfig = (): ChartConfiguration<"bar"> => ({
    type: "bar",
    data: {
      labels: (report()?.funnel ?? []).map((f) => f.name),
      datasets: [
        { label: t("salesReport.reached"), data: (report()?.funnel ?? []).map((f) => f.reached), backgroundColor: COLORS.reached, maxBarThickness: 40 },
        { label: t("salesReport.entered"), data: (report()?.funnel ?? []).map((f) => f.entered), backgroundColor: COLORS.entered, maxBarThickness: 40 },
      ],
    },
    options: { indexAxis: "y", responsive: true, maintainAspectRatio: false, locale: locale(), scales: { x: { beginAtZero: true, ticks: { precision: 0 } } }, plugins: { legend: { position: "bottom" } } },
  });
  const valueConfig = (): ChartConfiguration<"bar"> => ({
    type: "bar",
    data: {
      labels: (report()?.pipelineValue.stages ?? []).map((s) => s.name),
      datasets: [
        { label: t("salesReport.amount"), data: (report()?.pipelineValue.stages ?? []).map((s) => s.amount / 100), backgroundColor: COLORS.value, maxBarThickness: 48 },
        { label: t("salesReport.weighted"), data: (report()?.pipelineValue.stages ?? []).map((s) => s.weighted / 100), backgroundColor: COLORS.weighted, maxBarThickness: 48 },
      ],
    },
    options: { responsive: true, maintainAspectRatio: false, locale: locale(), scales: { y: { beginAtZero: true } }, plugins: { legend: { position: "bottom" } } },
  });
  const monthsConfig = (): ChartConfiguration<"bar"> => ({
    type: "bar",
    data: {
      labels: (report()?.months ?? []).map((m) => monthLabel(m.month)),
      datasets: [{ label: t("salesReport.metric.wonAmount"), data: (report()?.months ?? []).map((m) => m.wonAmount / 100), backgroundColor: COLORS.won, maxBarThickness: 56 }],
    },
    options: { responsive: true, maintainAspectRatio: false, locale: locale(), scales: { y: { beginAtZero: true } }, plugins: { legend: { display: false } } },
  });

  return (
    <div class="stack" data-testid="sales-report">
      <div class="toolbar">
        <label class="inline-label"><span>{t("salesReport.pipeline")}</span>
          <select name="pipelineId" value={pipelineId()} onChange={(e) => setParams({ pipelineId: e.currentTarget.value }, { replace: true })}>
            <For each={pipelines() ?? []}>{(p) => <option value={p.pipelineId}>{p.name}</option>}</For>
          </select>
        </label>
        <label class="inline-label"><span>{t("salesReport.period")}</span>
          <select name="preset" value={preset() ?? "custom"} onChange={(e) => {
            const p = e.currentTarget.value as Preset;
            if (p in range) setParams({ from: range[p].from, to: range[p].to }, { replace: true });
          }}>
            <For each={PRESETS}>{(p) => <option value={p}>{t(`salesReport.${p}` as Key)}</option>}</For>
            <option value="custom" disabled>{t("salesReport.custom")}</option>
          </select>
        </label>
        <label class="inline-label"><span>{t("report.from")}</span>
          <input type="month" name="from" value={from()} max={to()} onChange={(e) => MONTH.test(e.currentTarget.value) && setParams({ from: e.currentTarget.value }, { replace: true })} />
        </label>
        <label class="inline-label"><span>{t("report.to")}</span>
          <input type="month" name="to" value={to()} min={from()} onChange={(e) => MONTH.test(e.currentTarget.value) && setParams({ to: e.currentTarget.value }, { replace: true })} />
        </label>
        <Show when={pipelineId()}>
          <a class="button secondary" data-testid="sales-csv" download="" href={reportsApi.salesCsvUrl({ pipelineId: pipelineId(), from: from(), to: to(), lang: locale() })}>{t("salesReport.download")}</a>
        </Show>
      </div>
      <FormError error={error()} />
      <Show when={pipelines() && !pipelines()!.length}><p class="empty">{t("salesReport.noPipeline")}</p></Show>
      <Show when={report()} fallback={<Show when={!error() && pipelines()?.length}><p class="muted">{t("common.loading")}</p></Show>}>
        {(r) => (
          <>
            <section class="card">
              <div class="section-head">
                <h2>{t("salesReport.headline")}</h2>
                <span class="muted">{t("salesReport.previous", { from: r().previous.from, to: r().previous.to })}</span>
              </div>
              <RecordTable
                testid="sales-comparison"
                rows={r().comparison}
                columns={[
                  { label: t("report.metric"), primary: true, cell: (c) => t(`salesReport.metric.${c.metric}` as Key) },
                  { label: t("salesReport.current"), cell: (c) => figure(c.metric, c.current) },
                  { label: t("salesReport.before"), cell: (c) => figure(c.metric, c.previous) },
                  { label: t("salesReport.change"), cell: (c) => `${signed(c.metric, c.change)}${c.changeRatio === null || c.metric === "winRate" ? "" : ` (${percent(c.changeRatio)})`}` },
                ]}
              />
            </section>
            <ChartCard title={t("salesReport.funnel")} config={funnelConfig} testid="sales-funnel-chart">
              <RecordTable
                testid="sales-funnel"
                rows={r().funnel}
                columns={[
                  { label: t("salesReport.stage"), primary: true, cell: (f) => f.name },
                  { label: t("salesReport.reached"), cell: (f) => formatNumber(f.reached) },
                  { label: t("salesReport.entered"), cell: (f) => formatNumber(f.entered) },
                  { label: t("salesReport.conversion"), cell: (f) => percent(f.conversion) },
                ]}
              />
            </ChartCard>
            <ChartCard title={t("salesReport.value")} config={valueConfig} testid="sales-value-chart">
              <RecordTable
                testid="sales-value"
                rows={[...r().pipelineValue.stages, { stageId: "", name: t("salesReport.openTotal"), kind: "open" as const, probability: NaN, ...r().pipelineValue.open }]}
                columns={[
                  { label: t("salesReport.stage"), primary: true, cell: (s) => s.name },
                  { label: t("salesReport.probability"), cell: (s) => (Number.isNaN(s.probability) ? "" : `${s.probability}%`) },
                  { label: t("salesReport.deals"), cell: (s) => formatNumber(s.count) },
                  { label: t("salesReport.amount"), cell: (s) => money(s.amount) },
                  { label: t("salesReport.weighted"), cell: (s) => money(s.weighted) },
                ]}
              />
            </ChartCard>
            <ChartCard title={t("salesReport.byMonth")} config={monthsConfig} testid="sales-month-chart" />
            <div class="grid">
              <section class="card">
                <h2>{t("salesReport.byOwner")}</h2>
                <Show when={r().byOwner.length} fallback={<p class="empty">{t("salesReport.empty")}</p>}>
                  <RecordTable testid="sales-owners" rows={r().byOwner} columns={[
                    { label: t("salesReport.owner"), primary: true, cell: (o) => o.name },
                    { label: t("salesReport.metric.won"), cell: (o) => formatNumber(o.won) },
                    { label: t("salesReport.metric.wonAmount"), cell: (o) => money(o.wonAmount) },
                    { label: t("salesReport.metric.winRate"), cell: (o) => percent(o.winRate) },
                  ]} />
                </Show>
              </section>
              <section class="card">
                <h2>{t("salesReport.byTeam")}</h2>
                <Show when={r().byTeam.length} fallback={<p class="empty">{t("salesReport.empty")}</p>}>
                  <RecordTable testid="sales-teams" rows={r().byTeam} columns={[
                    { label: t("salesReport.team"), primary: true, cell: (o) => o.name },
                    { label: t("salesReport.metric.won"), cell: (o) => formatNumber(o.won) },
                    { label: t("salesReport.metric.wonAmount"), cell: (o) => money(o.wonAmount) },
                    { label: t("salesReport.metric.winRate"), cell: (o) => percent(o.winRate) },
                  ]} />
                </Show>
              </section>
            </div>
            <section class="card">
              <h2>{t("salesReport.sources")}</h2>
              <Show when={r().bySource.length} fallback={<p class="empty">{t("salesReport.empty")}</p>}>
                <RecordTable testid="sales-sources" rows={r().bySource} columns={[
                  { label: t("salesReport.source"), primary: true, cell: (s) => s.source ?? t("salesReport.noSource") },
                  { label: t("salesReport.metric.leads"), cell: (s) => formatNumber(s.leads) },
                  { label: t("salesReport.metric.created"), cell: (s) => formatNumber(s.created) },
                  { label: t("salesReport.metric.won"), cell: (s) => formatNumber(s.won) },
                  { label: t("salesReport.metric.wonAmount"), cell: (s) => money(s.wonAmount) },
                  { label: t("salesReport.wonPerLead"), cell: (s) => money(s.wonPerLead) },
                ]} />
              </Show>
            </section>
          </>
        )}
      </Show>
    </div>
  );
}
