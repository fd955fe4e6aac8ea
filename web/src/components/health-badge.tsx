import { t, type Key } from "../i18n";
import type { Band } from "../routes/churn/api";

const CLASS: Record<Band, string> = { healthy: "sla-met", watch: "warn", at_risk: "danger" };

/** A health band as a coloured badge: green healthy, amber watch, red at risk. */
export function HealthBadge(props: { band: Band; score?: number }) {
  return (
    <span class={`badge ${CLASS[props.band]}`} data-testid="health-band">
      {t(`churn.band.${props.band}` as Key)}{props.score !== undefined ? ` · ${props.score}` : ""}
    </span>
  );
}
