import { useSearchParams } from "@solidjs/router";
import type { ChartConfiguration } from "chart.js";
import { createEffect, createSignal, For, on, Show } from "solid-js";
import { FormError } from "../../components/form-error";
import { RecordTable } from "../../components/record-table";
import { formatNumber, locale, t, type Key } from "../../i18n";
import { formatMinutes } from "../../lib/duration";
import { param } from "../../lib/next";
import { ChartCard } from "./chart";
import { efficiencyApi, type EfficiencyReport, KINDS, localToday, PERIODS, type PeriodKind, periodOf } from "./efficiency-api";

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const KIND_COLORS = { call: "#3056d3", meeting: "#7a3fc4", visit: "#067647", email: "#dc8a00" };
type Row = EfficiencyReport["rows"][number];

/** The work-efficiency report: a period, a team, a row per member, charts and a CSV download. */
export function EfficiencyReportPage() {
  const [params, setParams] = useSearchParams();
  const period = (): PeriodKind => (PERIODS.includes(param(params.period) as PeriodKind) ? (param(params.period) as PeriodKind) : "month");
  // The workspace's today once the server said it (its zone may not be the browser's), the browser's before.
  const [zoneToday, setZoneToday] = createSignal<string>();
  const anchor = () => (DAY.test(param(params.date)) ? param(params.date) : zoneToday() ?? localToday());
  const range = () => {
    const p = period();
    if (p !== "custom") return periodOf(p, anchor());
    const from = DAY.test(param(params.from)) ? param(params.from) : periodOf("month", anchor()).from;
    const to = DAY.test(param(params.to)) ? param(params.to) : anchor();
    return { from, to: to < from ? from : to };
  };
  const teamId = () => param(params.teamId) || undefined;
  const [report, setReport] = createSignal<EfficiencyReport>();
  const [error, setError] = createSignal<unknown>();
  let asked = 0;
  createEffect(on([range, teamId], ([r, team]) => {
    const mine = ++asked;
    setError(undefined);
    efficiencyApi.get({ from: r.from, to: r.to, teamId: team }).then((x) => {
      if (mine !== asked) return;
      setReport(x);
      if (!zoneToday()) setZoneToday(x.today);
    }, (err) => mine === asked && setError(err));
  }));

  const rows = () => report()?.rows ?? [];
  const minutes = (x: number | null) => (x === null ? "—" : formatMinutes(x));
  const dayLabel = (d: string) => new Intl.DateTimeFormat(locale(), { month: "short", day: "numeric", timeZone: "UTC" }).format(new Date(`${d}T00:00:00Z`));
  const perMember = (datasets: ChartConfiguration<"bar">["data"]["datasets"], yTitle: string, stacked = false): ChartConfiguration<"bar"> => ({
    type: "bar",
    data: { labels: rows().map((r) => r.name), datasets },
    options: {
      responsive: true, maintainAspectRatio: false, locale: locale(),
      scales: { x: { stacked }, y: { stacked, beginAtZero: true, ticks: stacked || yTitle === t("efficiency.count") ? { precision: 0 } : {}, title: { display: true, text: yTitle } } },
      plugins: { legend: { position: "bottom" } },
    },
  });
  const activitiesChart = () => perMember(KINDS.map((k) => ({ label: t(`efficiency.kind.${k}` as Key), data: rows().map((r) => r.activities[k]), backgroundColor: KIND_COLORS[k], maxBarThickness: 48 })), t("efficiency.count"), true);
  const dealsChart = () => perMember([
    { label: t("efficiency.dealsTouched"), data: rows().map((r) => r.dealsTouched), backgroundColor: "#9fb3f0", maxBarThickness: 48 },
    { label: t("efficiency.dealsMoved"), data: rows().map((r) => r.dealsMoved), backgroundColor: "#3056d3", maxBarThickness: 48 },
  ], t("efficiency.count"));
  const ticketsChart = () => perMember([{ label: t("efficiency.ticketsHandled"), data: rows().map((r) => r.ticketsHandled), backgroundColor: "#067647", maxBarThickness: 48 }], t("efficiency.count"));
  const frChart = () => perMember([
    { label: t("efficiency.frMedian"), data: rows().map((r) => r.firstResponse.medianMinutes), backgroundColor: "#dc8a00", maxBarThickness: 48 },
    { label: t("efficiency.frP90"), data: rows().map((r) => r.firstResponse.p90Minutes), backgroundColor: "#b42318", maxBarThickness: 48 },
  ], t("efficiency.minutes"));
  const dailyChart = (): ChartConfiguration<"line"> => ({
    type: "line",
    data: {
      labels: (report()?.series ?? []).map((s) => dayLabel(s.day)),
      datasets: [
        { label: t("efficiency.activities"), data: (report()?.series ?? []).map((s) => s.activities.total), borderColor: "#3056d3", backgroundColor: "#3056d3", tension: 0.2 },
        { label: t("efficiency.dealsMoved"), data: (report()?.series ?? []).map((s) => s.dealsMoved), borderColor: "#7a3fc4", backgroundColor: "#7a3fc4", tension: 0.2 },
        { label: t("efficiency.ticketsHandled"), data: (report()?.series ?? []).map((s) => s.ticketsHandled), borderColor: "#067647", backgroundColor: "#067647", tension: 0.2 },
        { label: t("efficiency.tasksDone"), data: (report()?.series ?? []).map((s) => s.tasksDone), borderColor: "#dc8a00", backgroundColor: "#dc8a00", tension: 0.2 },
      ],
    },
    options: { responsive: true, maintainAspectRatio: false, locale: locale(), scales: { y: { beginAtZero: true, ticks: { precision: 0 } } }, plugins: { legend: { position: "bottom" } } },
  });

  const setPeriod = (p: string) => {
    const r = range();
    setParams(p === "custom" ? { period: p, from: r.from, to: r.to } : { period: p === "month" ? undefined : p, from: undefined, to: undefined }, { replace: true });
  };
  const totalRow = (): Row | undefined => report() && { ...report()!.totals, userId: "", name: t("efficiency.total"), teamIds: [] };

  return (
    <div class="stack" data-testid="efficiency-report">
      <div class="toolbar">
        <label class="inline-label"><span>{t("efficiency.period")}</span>
          <select name="period" value={period()} onChange={(e) => setPeriod(e.currentTarget.value)}>
            <For each={PERIODS}>{(p) => <option value={p}>{t(`efficiency.period.${p}` as Key)}</option>}</For>
          </select>
        </label>
        <Show when={period() !== "custom"} fallback={
          <>
            <label class="inline-label"><span>{t("report.from")}</span>
              <input type="date" name="from" value={range().from} max={range().to} onChange={(e) => DAY.test(e.currentTarget.value) && setParams({ from: e.currentTarget.value }, { replace: true })} />
            </label>
            <label class="inline-label"><span>{t("report.to")}</span>
              <input type="date" name="to" value={range().to} min={range().from} onChange={(e) => DAY.test(e.currentTarget.value) && setParams({ to: e.currentTarget.value }, { replace: true })} />
            </label>
          </>
        }>
          <label class="inline-label"><span>{t("efficiency.date")}</span>
            <input type="date" name="date" value={anchor()} onChange={(e) => DAY.test(e.currentTarget.value) && setParams({ date: e.currentTarget.value }, { replace: true })} />
          </label>
        </Show>
        <label class="inline-label"><span>{t("efficiency.team")}</span>
          <select name="teamId" value={teamId() ?? ""} onChange={(e) => setParams({ teamId: e.currentTarget.value || undefined }, { replace: true })}>
            <option value="">{t("efficiency.allTeams")}</option>
            <For each={report()?.teams ?? []}>{(team) => <option value={team.teamId}>{team.name}</option>}</For>
          </select>
        </label>
        <a class="button secondary" data-testid="efficiency-csv" download="" href={efficiencyApi.csvUrl({ ...range(), teamId: teamId(), lang: locale() })}>{t("efficiency.download")}</a>
      </div>
      <FormError error={error()} />
      <Show when={report()} fallback={<Show when={!error()}><p class="muted">{t("common.loading")}</p></Show>}>
        {(r) => (
          <>
            <p class="muted" data-testid="efficiency-range">{t("efficiency.range", { from: r().from, to: r().to, zone: r().timeZone })}</p>
            <section class="card">
              <h2>{t("efficiency.members")}</h2>
              <Show when={rows().length} fallback={<p class="empty">{t("efficiency.empty")}</p>}>
                <RecordTable<Row>
                  testid="efficiency-table"
                  rows={[...rows(), totalRow()!]}
                  columns={[
                    { label: t("efficiency.member"), primary: true, cell: (x) => x.name },
                    ...KINDS.map((k) => ({ label: t(`efficiency.kind.${k}` as Key), cell: (x: Row) => formatNumber(x.activities[k]) })),
                    { label: t("efficiency.activities"), cell: (x) => formatNumber(x.activities.total) },
                    { label: t("efficiency.dealsTouched"), cell: (x) => formatNumber(x.dealsTouched) },
                    { label: t("efficiency.dealsMoved"), cell: (x) => formatNumber(x.dealsMoved) },
                    { label: t("efficiency.ticketsHandled"), cell: (x) => formatNumber(x.ticketsHandled) },
                    { label: t("efficiency.frMedian"), cell: (x) => minutes(x.firstResponse.medianMinutes) },
                    { label: t("efficiency.frP90"), cell: (x) => minutes(x.firstResponse.p90Minutes) },
                    { label: t("efficiency.tasksDone"), cell: (x) => formatNumber(x.tasksDone) },
                    { label: t("efficiency.tasksOverdue"), cell: (x) => formatNumber(x.tasksOverdue) },
                  ]}
                />
              </Show>
              <p class="muted">{t("efficiency.note")}</p>
            </section>
            <Show when={rows().length}>
              <ChartCard title={t("efficiency.chart.activities")} config={activitiesChart} testid="efficiency-activities-chart" />
              <ChartCard title={t("efficiency.chart.deals")} config={dealsChart} testid="efficiency-deals-chart" />
              <ChartCard title={t("efficiency.chart.tickets")} config={ticketsChart} testid="efficiency-tickets-chart" />
              <ChartCard title={t("efficiency.chart.firstResponse")} config={frChart} testid="efficiency-fr-chart" />
              <Show when={(report()?.series.length ?? 0) > 1}>
                <ChartCard title={t("efficiency.chart.daily")} config={dailyChart} testid="efficiency-daily-chart" />
              </Show>
            </Show>
          </>
        )}
      </Show>
    </div>
  );
}
