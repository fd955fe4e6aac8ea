import { A, useSearchParams } from "@solidjs/router";
import type { ChartConfiguration } from "chart.js";
import { createEffect, createSignal, on, Show } from "solid-js";
import { ApiError } from "../../api";
import { FeatureLocked } from "../../components/feature-locked";
import { FormError } from "../../components/form-error";
import { RecordTable } from "../../components/record-table";
import { formatNumber, type Key, locale, t } from "../../i18n";
import { param } from "../../lib/next";
import { formatMoney, minorDigits } from "../../lib/money";
import { useSession } from "../../session";
import { type GroupBy, marketingApi, type RoiReport } from "../marketing/marketing-api";
import { ChartCard } from "./chart";

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const GROUPS: GroupBy[] = ["campaign", "source", "month"];
type Row = RoiReport["rows"][number];

/** The campaign ROI report: a period in months, grouped by campaign, source or month; charts, a table and CSV. */
export function RoiReportPage() {
  const session = useSession();
  const [params, setParams] = useSearchParams();
  const from = () => (MONTH.test(param(params.from)) ? param(params.from) : undefined);
  const to = () => (MONTH.test(param(params.to)) ? param(params.to) : undefined);
  const groupBy = (): GroupBy => (GROUPS.includes(param(params.groupBy) as GroupBy) ? (param(params.groupBy) as GroupBy) : "campaign");
  const [report, setReport] = createSignal<RoiReport>();
  const [error, setError] = createSignal<unknown>();
  let asked = 0;
  createEffect(on([from, to, groupBy], ([f, tt, g]) => {
    if (!session.has("marketing")) return;
    const mine = ++asked;
    setError(undefined);
    marketingApi.roi({ from: f, to: tt, groupBy: g }).then((r) => mine === asked && setReport(r), (err) => mine === asked && setError(err));
  }));

  // A 403 other than a locked feature: the admin has not given this person report access.
  const denied = () => { const e = error(); return e instanceof ApiError && e.status === 403 && e.code !== "plan.feature_unavailable"; };
  const currency = () => report()?.currency ?? "CNY";
  const money = (minor: number | null) => (minor === null ? "—" : formatMoney(minor, currency(), locale()));
  const major = (minor: number) => minor / 10 ** minorDigits(currency());
  const pct = (roi: number | null) => (roi === null ? "—" : `${formatNumber(Math.round(roi * 1000) / 10)}%`);
  const label = (r: Row) => r.name ?? (r.key === "-" ? t("marketing.none") : groupBy() === "campaign" ? t("marketing.deleted") : r.key);
  const rows = () => report()?.rows ?? [];
  const options = (yTitle: string) => ({
    responsive: true, maintainAspectRatio: false, locale: locale(),
    scales: { y: { beginAtZero: true, title: { display: true, text: yTitle } } },
    plugins: { legend: { position: "bottom" as const } },
  });
  const costChart = (): ChartConfiguration<"bar"> => ({
    type: "bar",
    data: {
      labels: rows().map(label),
      datasets: [
        { label: t("marketing.cost"), data: rows().map((r) => major(r.cost)), backgroundColor: "#b42318", maxBarThickness: 48 },
        { label: t("marketing.wonAmount"), data: rows().map((r) => major(r.wonAmount)), backgroundColor: "#067647", maxBarThickness: 48 },
      ],
    },
    options: options(currency()),
  });
  const roiChart = (): ChartConfiguration<"bar"> => ({
    type: "bar",
    data: { labels: rows().filter((r) => r.roi !== null).map(label), datasets: [{ label: t("marketing.roi"), data: rows().filter((r) => r.roi !== null).map((r) => Math.round(r.roi! * 1000) / 10), backgroundColor: "#3056d3", maxBarThickness: 48 }] },
    options: options("%"),
  });
  const trendChart = (): ChartConfiguration<"line"> => ({
    type: "line",
    data: {
      labels: (report()?.series ?? []).map((s) => s.month),
      datasets: [
        { label: t("marketing.cost"), data: (report()?.series ?? []).map((s) => major(s.cost)), borderColor: "#b42318", backgroundColor: "#b42318", tension: 0.2 },
        { label: t("marketing.wonAmount"), data: (report()?.series ?? []).map((s) => major(s.wonAmount)), borderColor: "#067647", backgroundColor: "#067647", tension: 0.2 },
      ],
    },
    options: options(currency()),
  });
  const setMonth = (key: "from" | "to", v: string) => MONTH.test(v) && setParams({ [key]: v }, { replace: true });

  return (
    <Show when={session.has("marketing")} fallback={<FeatureLocked feature="marketing" title={t("marketing.reportTitle")} />}>
      <div class="stack" data-testid="roi-report">
        <Show when={!denied()}>
          <div class="toolbar">
            <label class="inline-label"><span>{t("report.from")}</span>
              <input type="month" name="from" value={report()?.from ?? from() ?? ""} onChange={(e) => setMonth("from", e.currentTarget.value)} />
            </label>
            <label class="inline-label"><span>{t("report.to")}</span>
              <input type="month" name="to" value={report()?.to ?? to() ?? ""} onChange={(e) => setMonth("to", e.currentTarget.value)} />
            </label>
            <label class="inline-label"><span>{t("marketing.groupBy")}</span>
              <select name="groupBy" value={groupBy()} onChange={(e) => setParams({ groupBy: e.currentTarget.value === "campaign" ? undefined : e.currentTarget.value }, { replace: true })}>
                {GROUPS.map((g) => <option value={g}>{t(`marketing.by.${g}` as Key)}</option>)}
              </select>
            </label>
            <a class="button secondary" data-testid="roi-csv" download="" href={marketingApi.roiCsvUrl({ from: report()?.from ?? from(), to: report()?.to ?? to(), groupBy: groupBy(), lang: locale() })}>{t("marketing.download")}</a>
          </div>
        </Show>
        <Show when={denied()} fallback={<FormError error={error()} />}>
          <p class="empty" role="status" data-testid="roi-no-access">{t("marketing.noAccess")}</p>
        </Show>
        <Show when={report()} fallback={<Show when={!error()}><p class="muted">{t("common.loading")}</p></Show>}>
          {(r) => (
            <>
              <section class="card">
                <h2>{t("marketing.reportTitle")}</h2>
                <Show when={rows().length} fallback={<p class="empty">{t("marketing.reportEmpty")}</p>}>
                  <RecordTable<Row>
                    testid="roi-table"
                    rows={[...rows(), { ...r().totals, key: "", name: t("marketing.total"), channel: null }]}
                    columns={[
                      { label: t(`marketing.by.${groupBy()}` as Key), primary: true, cell: label },
                      { label: t("marketing.cost"), cell: (x) => money(x.cost) },
                      { label: t("marketing.leads"), cell: (x) => formatNumber(x.leads) },
                      { label: t("marketing.qualified"), cell: (x) => formatNumber(x.qualified) },
                      { label: t("marketing.deals"), cell: (x) => formatNumber(x.deals) },
                      { label: t("marketing.won"), cell: (x) => formatNumber(x.won) },
                      { label: t("marketing.wonAmount"), cell: (x) => money(x.wonAmount) },
                      { label: t("marketing.costPerLead"), cell: (x) => money(x.costPerLead) },
                      { label: t("marketing.roi"), cell: (x) => pct(x.roi) },
                    ]}
                  />
                </Show>
                <Show when={r().totals.wonUnconverted > 0}>
                  <p class="notice" role="status" data-testid="roi-unconverted">
                    {t("marketing.unconverted", { count: formatNumber(r().totals.wonUnconverted), currency: r().currency })} <A href="/settings/workspace">{t("marketing.setRates")}</A>
                  </p>
                </Show>
                <p class="muted">{t("marketing.reportNote")}</p>
              </section>
              <Show when={rows().length}>
                <ChartCard title={t("marketing.chart.costWon")} config={costChart} testid="roi-cost-chart" />
                <ChartCard title={t("marketing.chart.roi")} config={roiChart} testid="roi-roi-chart" />
                <Show when={r().series.length > 1}>
                  <ChartCard title={t("marketing.chart.trend")} config={trendChart} testid="roi-trend-chart" />
                </Show>
              </Show>
            </>
          )}
        </Show>
      </div>
    </Show>
  );
}
