import { useSearchParams } from "@solidjs/router";
import type { ChartConfiguration } from "chart.js";
import { createEffect, createSignal, For, on, Show } from "solid-js";
import { api, SLA_METRICS, type SlaMetric, type SlaReport, type SlaReportBy } from "../../api";
import { FormError } from "../../components/form-error";
import { RecordTable } from "../../components/record-table";
import { UpgradeHint } from "../../components/upgrade-hint";
import { formatMinutes } from "../../lib/duration";
import { metricName, priorityName } from "../../lib/labels";
import { param } from "../../lib/next";
import { formatNumber, locale, t, type Key } from "../../i18n";
import { useSession } from "../../session";
import { ChartCanvas, ChartCard } from "./chart";

const BY: SlaReportBy[] = ["policy", "priority", "agent"];
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const COLORS = { met: "#067647", breached: "#b42318", firstResponse: "#3056d3", nextResponse: "#dc8a00", resolution: "#7a3fc4" };
type Row = SlaReport["rows"][number];

function monthOf(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}`;
}

export function SlaReportPage() {
  const session = useSession();
  return <Show when={session.has("sla")} fallback={<section class="card"><UpgradeHint feature="sla" /></section>}><Report /></Show>;
}

function Report() {
  const session = useSession();
  const [params, setParams] = useSearchParams();
  const today = new Date();
  const from = () => (MONTH.test(param(params.from)) ? param(params.from) : monthOf(new Date(today.getFullYear(), today.getMonth() - 5, 1)));
  const to = () => (MONTH.test(param(params.to)) ? param(params.to) : monthOf(today));
  const by = (): SlaReportBy => (BY.includes(param(params.by) as SlaReportBy) ? (param(params.by) as SlaReportBy) : "policy");
  const metric = (): SlaMetric => (SLA_METRICS.includes(param(params.metric) as SlaMetric) ? (param(params.metric) as SlaMetric) : "firstResponse");
  const [report, setReport] = createSignal<SlaReport>();
  const [error, setError] = createSignal<unknown>();
  let asked = 0;
  createEffect(on([from, to, by], ([f, tt, b]) => {
    const mine = ++asked;
    setError(undefined);
    api.reports.sla({ from: f, to: tt, by: b }).then((r) => mine === asked && setReport(r), (err) => mine === asked && setError(err));
  }));

  const rowLabel = (r: Row) => (by() === "priority" ? priorityName(r.key) : by() === "agent" ? r.label || session.memberName(r.key) : r.label);
  const monthLabel = (m: string) => new Intl.DateTimeFormat(locale(), { year: "numeric", month: "short", timeZone: "UTC" }).format(new Date(`${m}-01T00:00:00Z`));
  const percent = (x: number | null) => (x === null ? "—" : new Intl.NumberFormat(locale(), { style: "percent", maximumFractionDigits: 1 }).format(x));
  const minutes = (x: number | null) => (x === null ? "—" : formatMinutes(x));
  const rows = () => report()?.rows ?? [];
  const hasData = () => rows().some((r) => r.metrics[metric()].met + r.metrics[metric()].breached > 0);

  const barConfig = (): ChartConfiguration<"bar"> => ({
    type: "bar",
    data: {
      labels: rows().map(rowLabel),
      datasets: [
        { label: t("report.met"), data: rows().map((r) => r.metrics[metric()].met), backgroundColor: COLORS.met, maxBarThickness: 56 },
        { label: t("report.breached"), data: rows().map((r) => r.metrics[metric()].breached), backgroundColor: COLORS.breached, maxBarThickness: 56 },
      ],
    },
    options: {
      responsive: true, maintainAspectRatio: false, locale: locale(),
      scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: t("report.clocks") } } },
      plugins: { legend: { position: "bottom" } },
    },
  });
  const lineConfig = (): ChartConfiguration<"line"> => ({
    type: "line",
    data: {
      labels: (report()?.months ?? []).map((m) => monthLabel(m.month)),
      datasets: SLA_METRICS.map((m) => ({
        label: metricName(m),
        data: (report()?.months ?? []).map((x) => (x.metrics[m].compliance === null ? null : Math.round(x.metrics[m].compliance! * 1000) / 10)),
        borderColor: COLORS[m], backgroundColor: COLORS[m], tension: 0.2, spanGaps: false,
      })),
    },
    options: {
      responsive: true, maintainAspectRatio: false, locale: locale(),
      scales: { y: { min: 0, max: 100, ticks: { callback: (v) => `${v}%` }, title: { display: true, text: t("report.compliance") } } },
      plugins: { legend: { position: "bottom" }, tooltip: { callbacks: { label: (c) => `${c.dataset.label}: ${c.parsed.y}%` } } },
    },
  });

  return (
    <div class="stack" data-testid="sla-report">
      <div class="toolbar">
        <label class="inline-label"><span>{t("report.from")}</span>
          <input type="month" name="from" value={from()} max={to()} onChange={(e) => MONTH.test(e.currentTarget.value) && setParams({ from: e.currentTarget.value }, { replace: true })} />
        </label>
        <label class="inline-label"><span>{t("report.to")}</span>
          <input type="month" name="to" value={to()} min={from()} onChange={(e) => MONTH.test(e.currentTarget.value) && setParams({ to: e.currentTarget.value }, { replace: true })} />
        </label>
        <label class="inline-label"><span>{t("report.by")}</span>
          <select name="by" value={by()} onChange={(e) => setParams({ by: e.currentTarget.value }, { replace: true })}>
            <For each={BY}>{(b) => <option value={b}>{t(`by.${b}` as Key)}</option>}</For>
          </select>
        </label>
      </div>
      <FormError error={error()} />
      <Show when={report()} fallback={<Show when={!error()}><p class="muted">{t("common.loading")}</p></Show>}>
        <section class="card">
          <div class="section-head">
            <h2>{t(`report.per.${by()}` as Key)}</h2>
            <div class="tabs compact" role="tablist" aria-label={t("report.metric")}>
              <For each={SLA_METRICS}>
                {(m) => (
                  <button type="button" role="tab" class="tab" aria-selected={metric() === m} classList={{ active: metric() === m }}
                    onClick={() => setParams({ metric: m === "firstResponse" ? undefined : m }, { replace: true })}>{metricName(m)}</button>
                )}
              </For>
            </div>
          </div>
          <Show when={hasData()} fallback={<p class="empty" data-testid="report-empty">{t("report.empty")}</p>}>
            <ChartCanvas config={barConfig} label={t(`report.per.${by()}` as Key)} testid="sla-bar-chart" />
            <RecordTable<Row>
              testid="sla-table"
              rows={rows()}
              columns={[
                { label: t(`by.${by()}` as Key), primary: true, cell: rowLabel },
                { label: t("report.compliance"), cell: (r) => percent(r.metrics[metric()].compliance) },
                { label: t("report.met"), cell: (r) => formatNumber(r.metrics[metric()].met) },
                { label: t("report.breached"), cell: (r) => formatNumber(r.metrics[metric()].breached) },
                { label: t("report.p50"), cell: (r) => minutes(r.metrics[metric()].p50Minutes) },
                { label: t("report.p90"), cell: (r) => minutes(r.metrics[metric()].p90Minutes) },
              ]}
            />
          </Show>
        </section>
        <ChartCard title={t("report.byMonth")} config={lineConfig} testid="sla-month-chart" />
      </Show>
    </div>
  );
}
