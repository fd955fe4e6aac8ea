import { A } from "@solidjs/router";
import { Show, type ParentProps } from "solid-js";
import { FeatureLocked } from "../../components/feature-locked";
import { t } from "../../i18n";
import { useSession } from "../../session";

/** Reports: one tab per report; the area needs the plan's `reports` feature. */
export function ReportsLayout(props: ParentProps) {
  const session = useSession();
  return (
    <Show when={session.has("reports")} fallback={<FeatureLocked feature="reports" />}>
      <section class="page reports">
        <h1>{t("reports.title")}</h1>
        <nav class="tabs" aria-label={t("reports.title")}>
          <A href="/reports/sales" class="tab" activeClass="active">{t("reports.sales")}</A>
          <A href="/reports/goals" class="tab" activeClass="active">{t("reports.goals")}</A>
          <A href="/reports/sla" class="tab" activeClass="active">{t("reports.sla")}</A>
        </nav>
        {props.children}
      </section>
    </Show>
  );
}
