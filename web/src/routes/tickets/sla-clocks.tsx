import { For, Show } from "solid-js";
import type { SlaClock, TicketSla } from "../../api";
import { ClockStatus } from "../../components/ticket-badges";
import { formatMinutes } from "../../lib/duration";
import { metricName } from "../../lib/labels";
import { formatDate, t } from "../../i18n";

/** The policy that applies and each of its clocks: countdown, due or finish time, and the target. */
export function SlaClocks(props: { sla: TicketSla | undefined; now: number }) {
  return (
    <section class="card sla-clocks" data-testid="sla-clocks">
      <div class="section-head">
        <h2>{t("sla.title")}</h2>
        <Show when={props.sla}><span class="muted">{t("sla.policy", { name: props.sla!.policyName })}</span></Show>
      </div>
      <Show when={props.sla?.clocks.length} fallback={<p class="muted">{t("sla.none")}</p>}>
        <ul class="clocks">
          <For each={props.sla!.clocks}>{(c) => <Clock clock={c} now={props.now} />}</For>
        </ul>
      </Show>
    </section>
  );
}

function Clock(props: { clock: SlaClock; now: number }) {
  const c = () => props.clock;
  const when = () => {
    if (c().completedAt) return t("sla.completed", { at: formatDate(c().completedAt!) });
    if (c().dueAt && !c().paused) return t("sla.due", { at: formatDate(c().dueAt!) });
    return "";
  };
  return (
    <li class="clock" data-testid={`clock-${c().metric}`}>
      <span class="clock-metric">{metricName(c().metric)}</span>
      <ClockStatus clock={c()} now={props.now} />
      <span class="muted clock-when">{when()}</span>
      <span class="muted clock-target">
        {t("sla.target", { time: formatMinutes(c().targetMinutes) })} · {c().businessHours ? t("sla.businessHours") : t("sla.calendarTime")}
      </span>
    </li>
  );
}
