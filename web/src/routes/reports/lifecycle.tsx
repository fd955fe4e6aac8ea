import { useSearchParams } from "@solidjs/router";
import type { ChartConfiguration } from "chart.js";
import { createResource, Show } from "solid-js";
import { FormError } from "../../components/form-error";
import { stageName } from "../../components/lifecycle-stage";
import { RecordTable } from "../../components/record-table";
import { lifecycleApi, STAGES, type LifecycleReport } from "../../lib/lifecycle-api";
import { param } from "../../lib/next";
import { formatNumber, locale, t } from "../../i18n";
import { ChartCanvas } from "./chart";

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const TYPES = ["all", "contact", "company"] as const;
const COLORS: Record<string, string> = {
  subscriber: "#8a94a6", lead: "#3056d3", qualified: "#5b7be8", opportunity: "#dc8a00",
  customer: "#067647", at_risk: "#e25c1f", churned: "#b42318", won_back: "#7a3fc4",
};
const iso = (d: Date) => d.toISOString().slice(0, 10);

/** The lifecycle report: records per stage now, moves between stages per day, and the median time in each stage. */
export function LifecycleReportPage() {
  const [params, setParams] = useSearchParams();
  const to = () => (DAY.test(param(params.to)) ? param(params.to) : iso(new Date()));
  const from = () => (DAY.test(param(params.from)) ? param(params.from) : iso(new Date(Date.parse(to()) - 29 * 86_400_000)));
  const type = () => (TYPES.includes(param(params.type) as never) ? param(params.type) : "all");
  const [report] = createResource(() => ({ from: from(), to: to(), recordType: type() }), (q) => lifecycleApi.report(q));

  const stageConfig = (r: LifecycleReport): ChartConfiguration<"bar"> => ({
    type: "bar",
    data: {
      labels: r.stages.map((s) => stageName(s.stage)),
      datasets: [
        ...(r.recordType !== "company" ? [{ label: t("lifecycle.report.contacts"), data: r.stages.map((s) => s.contacts), backgroundColor: "#3056d3", maxBarThickness: 56 }] : []),
        ...(r.recordType !== "contact" ? [{ label: t("lifecycle.report.companies"), data: r.stages.map((s) => s.companies), backgroundColor: "#7a3fc4", maxBarThickness: 56 }] : []),
      ],
    },
    options: {
      responsive: true, maintainAspectRatio: false, locale: locale(),
      scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } },
      plugins: { legend: { position: "bottom" } },
    },
  });
  const flowConfig = (r: LifecycleReport): ChartConfiguration<"bar"> => ({
    type: "bar",
    data: {
      labels: r.days.map((d) => d.day.slice(5)),
      datasets: STAGES.filter((s) => r.days.some((d) => d.entered[s])).map((s) => ({
        label: stageName(s), data: r.days.map((d) => d.entered[s] ?? 0), backgroundColor: COLORS[s],
      })),
    },
    options: {
      responsive: true, maintainAspectRatio: false, locale: locale(),
      scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } },
      plugins: { legend: { position: "bottom" } },
    },
  });

  return (
    <div data-testid="lifecycle-report">
      <div class="toolbar">
        <label class="inline-label">
          <span>{t("lifecycle.report.from")}</span>
          <input type="date" name="from" value={from()} max={to()} onChange={(e) => DAY.test(e.currentTarget.value) && setParams({ from: e.currentTarget.value }, { replace: true })} />
        </label>
        <label class="inline-label">
          <span>{t("lifecycle.report.to")}</span>
          <input type="date" name="to" value={to()} min={from()} onChange={(e) => DAY.test(e.currentTarget.value) && setParams({ to: e.currentTarget.value }, { replace: true })} />
        </label>
        <label class="inline-label">
          <span>{t("lifecycle.report.records")}</span>
          <select name="type" value={type()} onChange={(e) => setParams({ type: e.currentTarget.value === "all" ? undefined : e.currentTarget.value }, { replace: true })}>
            <option value="all">{t("lifecycle.report.all")}</option>
            <option value="contact">{t("lifecycle.report.contacts")}</option>
            <option value="company">{t("lifecycle.report.companies")}</option>
          </select>
        </label>
      </div>
      <FormError error={report.error} />
      <Show when={report()} fallback={<Show when={!report.error}><p class="muted">{t("common.loading")}</p></Show>}>
        {(r) => (
          <>
            <section class="card">
              <h2>{t("lifecycle.report.now")}</h2>
              <ChartCanvas config={() => stageConfig(r())} label={t("lifecycle.report.stageChart")} testid="lifecycle-stage-chart" />
              <RecordTable
                testid="lifecycle-stages"
                rows={r().stages}
                columns={[
                  { label: t("lifecycle.title"), primary: true, cell: (s) => stageName(s.stage) },
                  { label: t("lifecycle.report.contacts"), cell: (s) => formatNumber(s.contacts) },
                  { label: t("lifecycle.report.companies"), cell: (s) => formatNumber(s.companies) },
                  { label: t("lifecycle.report.total"), cell: (s) => formatNumber(s.total) },
                ]}
              />
            </section>
            <section class="card">
              <h2>{t("lifecycle.report.flow")}</h2>
              <ChartCanvas config={() => flowConfig(r())} label={t("lifecycle.report.flowChart")} testid="lifecycle-flow-chart" />
              <Show when={r().flows.length} fallback={<p class="empty">{t("lifecycle.report.noFlow")}</p>}>
                <RecordTable
                  testid="lifecycle-flows"
                  rows={r().flows}
                  columns={[
                    { label: t("lifecycle.report.fromStage"), primary: true, cell: (f) => stageName(f.from) },
                    { label: t("lifecycle.report.toStage"), cell: (f) => stageName(f.to) },
                    { label: t("lifecycle.report.count"), cell: (f) => formatNumber(f.count) },
                  ]}
                />
              </Show>
            </section>
            <section class="card">
              <h2>{t("lifecycle.report.time")}</h2>
              <RecordTable
                testid="lifecycle-time"
                rows={r().timeInStage}
                columns={[
                  { label: t("lifecycle.title"), primary: true, cell: (s) => stageName(s.stage) },
                  { label: t("lifecycle.report.median"), cell: (s) => (s.medianDays === null ? "—" : formatNumber(s.medianDays)) },
                  { label: t("lifecycle.report.stays"), cell: (s) => formatNumber(s.stays) },
                ]}
              />
            </section>
          </>
        )}
      </Show>
    </div>
  );
}
