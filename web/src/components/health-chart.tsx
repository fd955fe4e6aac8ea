import type { ChartConfiguration } from "chart.js";
import { ChartCanvas } from "../routes/reports/chart";
import { t } from "../i18n";

/** The score by day as a stepped line (a point only where the score changed), with the band lines. */
export function HealthChart(props: { history: { day: string; score: number }[]; thresholds: { healthy: number; atRisk: number } }) {
  const config = (): ChartConfiguration<"line"> => {
    const labels = props.history.map((p) => p.day);
    const flat = (v: number) => labels.map(() => v);
    return {
      type: "line",
      data: {
        labels,
        datasets: [
          { label: t("churn.score"), data: props.history.map((p) => p.score), stepped: true, borderColor: "#3557d6", backgroundColor: "#3557d6", pointRadius: 3 },
          { label: t("churn.band.healthy"), data: flat(props.thresholds.healthy), borderColor: "#1f7a4d", borderDash: [4, 4], pointRadius: 0, borderWidth: 1 },
          { label: t("churn.band.at_risk"), data: flat(props.thresholds.atRisk), borderColor: "#c0392b", borderDash: [4, 4], pointRadius: 0, borderWidth: 1 },
        ],
      },
      options: { responsive: true, maintainAspectRatio: false, animation: false, scales: { y: { min: 0, max: 100 } }, plugins: { legend: { display: false } } },
    };
  };
  return <ChartCanvas config={config as () => ChartConfiguration<"bar" | "line">} label={t("churn.historyLabel")} testid="health-chart" />;
}
