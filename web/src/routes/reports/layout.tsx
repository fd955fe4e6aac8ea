import { A, Navigate } from "@solidjs/router";
import { Show, type ParentProps } from "solid-js";
import { FeatureLocked } from "../../components/feature-locked";
import { t } from "../../i18n";
import { useSession } from "../../session";

/** Managers, admins and owners read the team's reports; everyone sees the goals they are part of. */
function useReportAccess() {
  const session = useSession();
  return () => ["owner", "admin", "manager"].includes(session.me().role ?? "");
}

/** `/reports` opens the sales report for those who may read it, and one's goals for everyone else. */
export function ReportsHome() {
  const canReport = useReportAccess();
  return <Navigate href={canReport() ? "/reports/sales" : "/reports/goals"} />;
}

/** Reports: one tab per report; the area needs the plan's `reports` feature. */
export function ReportsLayout(props: ParentProps) {
  const session = useSession();
  const canReport = useReportAccess();
  return (
    <Show when={session.has("reports")} fallback={<FeatureLocked feature="reports" />}>
      <section class="page reports">
        <h1>{t("reports.title")}</h1>
        <nav class="tabs" aria-label={t("reports.title")}>
          <Show when={canReport()}><A href="/reports/sales" class="tab" activeClass="active">{t("reports.sales")}</A></Show>
          <A href="/reports/goals" class="tab" activeClass="active">{t("reports.goals")}</A>
          <Show when={canReport()}><A href="/reports/sla" class="tab" activeClass="active">{t("reports.sla")}</A></Show>
          <Show when={canReport()}><A href="/reports/efficiency" class="tab" activeClass="active">{t("reports.efficiency")}</A></Show>
          <Show when={canReport()}><A href="/reports/lifecycle" class="tab" activeClass="active">{t("reports.lifecycle")}</A></Show>
          <Show when={canReport() && session.has("contracts")}><A href="/reports/receivables" class="tab" activeClass="active">{t("reports.receivables")}</A></Show>
          <Show when={canReport() && session.has("marketing")}><A href="/reports/roi" class="tab" activeClass="active">{t("marketing.title")}</A></Show>
        </nav>
        {props.children}
      </section>
    </Show>
  );
}
