import type { ChartConfiguration } from "chart.js";
import { createResource, createSignal, For, Show } from "solid-js";
import { FeatureLocked } from "../../components/feature-locked";
import { FormError } from "../../components/form-error";
import { locale, t, type Key } from "../../i18n";
import { formatMoney } from "../../lib/money";
import { useSession } from "../../session";
import { contractsApi } from "../contracts/api";
import { ChartCanvas } from "./chart";

type GroupBy = "owner" | "company" | "month";

/** Receivables (应收): planned, collected, outstanding and overdue per owner, customer or month, as a chart, table and CSV. */
export function ReceivablesReportPage() {
  const session = useSession();
  const [groupBy, setGroupBy] = createSignal<GroupBy>("owner");
  const [report] = createResource(() => (session.has("contracts") ? groupBy() : undefined), (g) => contractsApi.receivables(g));
  const currency = () => session.me().tenant?.settings?.currency ?? "CNY";
  const money = (n: number) => formatMoney(n, currency(), locale());
  const label = (key: string, fallback: string) => (groupBy() === "owner" ? session.memberName(key) || key : fallback || key);
  const chart = (): ChartConfiguration<"bar"> => {
    const items = report()?.items ?? [];
    return {
      type: "bar",
      data: {
        labels: items.map((r) => label(r.key, r.label)),
        datasets: [
          { label: t("receivables.collected"), data: items.map((r) => r.collected / 100), backgroundColor: "#2f9e6e", stack: "s", maxBarThickness: 48 },
          { label: t("receivables.due"), data: items.map((r) => (r.outstanding - r.overdue) / 100), backgroundColor: "#9fb3f0", stack: "s", maxBarThickness: 48 },
          { label: t("receivables.overdue"), data: items.map((r) => r.overdue / 100), backgroundColor: "#d64545", stack: "s", maxBarThickness: 48 },
        ],
      },
      options: { responsive: true, maintainAspectRatio: false, locale: locale(), scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true } }, plugins: { legend: { position: "bottom" } } },
    };
  };
  return (
    <Show when={session.has("contracts")} fallback={<FeatureLocked feature="contracts" />}>
      <div data-testid="receivables-report">
        <div class="row">
          <For each={["owner", "company", "month"] as GroupBy[]}>
            {(g) => <button type="button" class="tab" classList={{ active: groupBy() === g }} onClick={() => setGroupBy(g)}>{t(`receivables.by.${g}` as Key)}</button>}
          </For>
          <a class="button secondary" href={`/api/reports/receivables.csv?groupBy=${groupBy()}&lang=${locale()}`} download="" data-testid="receivables-csv">{t("receivables.csv")}</a>
        </div>
        <FormError error={report.error} />
        <Show when={report()}>
          {(r) => (
            <>
              <ChartCanvas config={chart} label={t("receivables.chart")} testid="receivables-chart" />
              <div class="card table-scroll">
                <table>
                  <thead><tr><th>{t(`receivables.by.${groupBy()}` as Key)}</th><th>{t("receivables.planned")}</th><th>{t("receivables.collected")}</th><th>{t("receivables.outstanding")}</th><th>{t("receivables.overdue")}</th></tr></thead>
                  <tbody>
                    <For each={r().items}>
                      {(row) => <tr><td>{label(row.key, row.label)}</td><td>{money(row.planned)}</td><td>{money(row.collected)}</td><td>{money(row.outstanding)}</td><td classList={{ "error-text": row.overdue > 0 }}>{money(row.overdue)}</td></tr>}
                    </For>
                    <tr><th>{t("receivables.total")}</th><th>{money(r().total.planned)}</th><th>{money(r().total.collected)}</th><th>{money(r().total.outstanding)}</th><th>{money(r().total.overdue)}</th></tr>
                  </tbody>
                </table>
                <Show when={!r().items.length}><p class="muted">{t("receivables.empty")}</p></Show>
              </div>
            </>
          )}
        </Show>
      </div>
    </Show>
  );
}
