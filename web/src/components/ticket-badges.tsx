import { Match, Switch } from "solid-js";
import type { Priority, SlaClock, TicketSla, TicketStatus } from "../api";
import { formatMinutes } from "../lib/duration";
import { priorityName, statusName } from "../lib/labels";
import { clockView, ticketClockView, type ClockView } from "../lib/sla";
import { t } from "../i18n";

export function StatusBadge(props: { status: TicketStatus }) {
  return <span class={`badge status-${props.status}`} data-testid="status-badge">{statusName(props.status)}</span>;
}

export function PriorityBadge(props: { priority: Priority }) {
  return <span class={`badge priority-${props.priority}`} data-testid="priority-badge">{priorityName(props.priority)}</span>;
}

/** A countdown in words: "2 h 5 min left", "overdue by 10 min" (red), "paused", "met", "breached". */
export function ClockBadge(props: { view: ClockView }) {
  const v = () => props.view;
  const minutes = () => ("minutes" in v() ? (v() as { minutes: number }).minutes : 0);
  return (
    <Switch>
      <Match when={v().kind === "left"}><span class="badge sla-left" data-testid="sla-badge">{t("sla.left", { time: formatMinutes(minutes()) })}</span></Match>
      <Match when={v().kind === "warning"}><span class="badge sla-warning" data-testid="sla-badge">{t("sla.left", { time: formatMinutes(minutes()) })}</span></Match>
      <Match when={v().kind === "overdue"}><span class="badge sla-overdue" data-testid="sla-badge">{t("sla.overdue", { time: formatMinutes(minutes()) })}</span></Match>
      <Match when={v().kind === "paused"}><span class="badge sla-paused" data-testid="sla-badge">{t("sla.paused")}</span></Match>
      <Match when={v().kind === "met"}><span class="badge sla-met">{t("sla.met")}</span></Match>
      <Match when={v().kind === "breached"}><span class="badge sla-overdue">{t("sla.breached")}</span></Match>
    </Switch>
  );
}

/** The ticket's headline SLA countdown; `now` ticks (see useNow). */
export function SlaBadge(props: { sla: TicketSla | undefined; now: number }) {
  return <ClockBadge view={ticketClockView(props.sla, props.now)} />;
}

export function ClockStatus(props: { clock: SlaClock; now: number }) {
  return <ClockBadge view={clockView(props.clock, props.now)} />;
}
