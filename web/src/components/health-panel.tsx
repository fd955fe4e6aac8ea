import { createEffect, createSignal, For, lazy, on, Show, Suspense } from "solid-js";
import { formatDate, t, type Key } from "../i18n";
import { useSession } from "../session";
import { churnApi, type CustomerType, type Health, type HealthSignal } from "../routes/churn/api";
import { FormError } from "./form-error";
import { HealthBadge } from "./health-badge";
import { UpgradeHint } from "./upgrade-hint";

// Chart.js loads only when a panel with history is on screen.
const HealthChart = lazy(() => import("./health-chart").then((m) => ({ default: m.HealthChart })));

function signalValue(s: HealthSignal): string {
  if (s.key === "unsubscribed") return s.value ? t("common.yes") : t("common.no");
  if (s.value === null) return t("churn.never");
  return s.key === "activity" || s.key === "won" ? t("churn.days", { n: s.value }) : String(s.value);
}

/** A customer's health on its page: score and band, the signals that explain it, the history chart. */
export function HealthPanel(props: { recordType: CustomerType; recordId: string }) {
  const session = useSession();
  const [health, setHealth] = createSignal<Health>();
  const [error, setError] = createSignal<unknown>();
  createEffect(on(() => [props.recordId, session.has("churn")] as const, ([id, on]) => {
    setHealth(undefined);
    if (on) churnApi.health(props.recordType, id).then(setHealth, setError);
  }));
  return (
    <section class="card stack" data-testid="health-panel">
      <h2>{t("churn.health")}</h2>
      <Show when={session.has("churn")} fallback={<UpgradeHint feature="churn" testid="locked-churn" />}>
        <FormError error={error()} />
        <Show when={health()} fallback={<Show when={!error()}><p class="muted">{t("common.loading")}</p></Show>}>
          {(h) => (
            <>
              <p>
                <strong data-testid="health-score">{t("churn.scoreOf", { score: h().score })}</strong>{" "}
                <HealthBadge band={h().band} />
                <Show when={h().atRiskSince}>{(since) => <span class="muted"> {t("churn.atRiskSince", { date: formatDate(since()) })}</span>}</Show>
              </p>
              <div class="table-scroll">
                <table data-testid="health-signals">
                  <caption class="muted">{t("churn.signals")}</caption>
                  <thead><tr><th>{t("churn.signal")}</th><th>{t("churn.value")}</th><th>{t("churn.points")}</th></tr></thead>
                  <tbody>
                    <For each={h().signals}>
                      {(s) => (
                        <tr data-testid={`signal-${s.key}`}>
                          <td>{t(`churn.signal.${s.key}` as Key)}</td>
                          <td>{signalValue(s)}</td>
                          <td>{s.points > 0 ? `−${Math.round(s.points * 10) / 10}` : "0"}</td>
                        </tr>
                      )}
                    </For>
                  </tbody>
                </table>
              </div>
              <h3>{t("churn.history")}</h3>
              <Show when={h().history.length > 1} fallback={<p class="muted">{t("churn.historyEmpty")}</p>}>
                <Suspense fallback={<p class="muted">{t("common.loading")}</p>}>
                  <HealthChart history={h().history} thresholds={h().thresholds} />
                </Suspense>
              </Show>
            </>
          )}
        </Show>
      </Show>
    </section>
  );
}
