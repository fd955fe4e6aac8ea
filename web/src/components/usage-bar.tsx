import { Show } from "solid-js";
import { formatNumber, t } from "../i18n";

/** How much of a plan's limit is used; `limit` null means unlimited. */
export function UsageBar(props: { label: string; used: number; limit: number | null; testid?: string }) {
  const ratio = () => (props.limit ? Math.min(1, props.used / props.limit) : 0);
  return (
    <div class="usage" data-testid={props.testid}>
      <div class="usage-head">
        <span>{props.label}</span>
        <span>
          {props.limit === null
            ? t("plan.usageUnlimited", { used: formatNumber(props.used) })
            : t("plan.usageOf", { used: formatNumber(props.used), limit: formatNumber(props.limit) })}
        </span>
      </div>
      <Show when={props.limit !== null}>
        <div class="bar" role="progressbar" aria-label={props.label} aria-valuemin={0} aria-valuemax={props.limit!} aria-valuenow={props.used}>
          <div class="bar-fill" classList={{ full: ratio() >= 1, high: ratio() >= 0.8 }} style={{ width: `${Math.round(ratio() * 100)}%` }} />
        </div>
      </Show>
    </div>
  );
}
