import {
  BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip,
  type ChartConfiguration,
} from "chart.js";
import { createEffect, onCleanup, type JSX } from "solid-js";

// Only the pieces the reports use, so the reports chunk stays small; Chart.js draws on a canvas and sets
// styles through the DOM, which a CSP without inline scripts allows.
Chart.register(BarController, BarElement, CategoryScale, LinearScale, LineController, LineElement, PointElement, Legend, Tooltip);
Chart.defaults.font.family = getComputedStyle(document.documentElement).fontFamily || "system-ui, sans-serif";
Chart.defaults.color = "#5d6577";

/**
 * A Chart.js chart that follows `config` (read reactively: data and labels, including the language).
 * The canvas carries a text description for screen readers; the table beside each chart has the numbers.
 */
export function ChartCanvas(props: { config: () => ChartConfiguration<"bar" | "line">; label: string; testid?: string }) {
  let canvas!: HTMLCanvasElement;
  let chart: Chart<"bar" | "line"> | undefined;
  createEffect(() => {
    const config = props.config();
    if (!chart) {
      chart = new Chart(canvas, config);
      return;
    }
    chart.data = config.data;
    chart.options = config.options ?? {};
    chart.update();
  });
  onCleanup(() => chart?.destroy());
  return (
    <div class="chart-box" data-testid={props.testid}>
      <canvas ref={canvas} role="img" aria-label={props.label} />
    </div>
  );
}

/** A report card: a heading and its chart (the heading is the chart's description), then anything else given. */
export function ChartCard(props: { title: string; config: () => ChartConfiguration<"bar" | "line">; testid?: string; children?: JSX.Element }) {
  return (
    <section class="card">
      <h2>{props.title}</h2>
      <ChartCanvas config={props.config} label={props.title} testid={props.testid} />
      {props.children}
    </section>
  );
}
