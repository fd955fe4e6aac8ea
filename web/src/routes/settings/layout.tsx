import { A } from "@solidjs/router";
import { For, Show, type ParentProps } from "solid-js";
import { t, type Key } from "../../i18n";
import { useSession } from "../../session";

const TABS: { href: string; label: Key }[] = [
  { href: "/settings/profile", label: "settings.profile" },
  { href: "/settings/team", label: "settings.team" },
  { href: "/settings/teams", label: "settings.teams" },
  { href: "/settings/plan", label: "settings.plan" },
  { href: "/settings/workspace", label: "settings.workspace" },
  { href: "/settings/desk", label: "settings.desk" },
  { href: "/settings/notifications", label: "settings.notifications" },
  { href: "/settings/audit", label: "settings.audit" },
  { href: "/settings/api-keys", label: "settings.apiKeys" },
  { href: "/settings/api", label: "settings.apiReference" },
  { href: "/settings/lead-routing", label: "settings.leadRouting" },
  { href: "/settings/pipelines", label: "settings.pipelines" },
  { href: "/settings/churn", label: "churn.settings" },
  { href: "/settings/webhooks", label: "webhooks.title" },
  { href: "/settings/fields", label: "settings.fields" },
  { href: "/settings/data", label: "settings.data" },
  { href: "/settings/pools", label: "pools.settings" },
  { href: "/settings/robots", label: "robots.title" },
  { href: "/settings/approvals", label: "approvals.title" },
  { href: "/settings/conflicts", label: "conflicts.title" },
  { href: "/settings/objects", label: "objects.title" },
];

export function SettingsLayout(props: ParentProps) {
  const session = useSession();
  return (
    <section class="page settings">
      <h1>{t("settings.title")}</h1>
      <Show when={!session.isAdmin()}><p class="notice">{t("settings.readOnly")}</p></Show>
      <div class="settings-body">
        <nav class="subnav" aria-label={t("settings.title")}>
          <For each={TABS}>{(tab) => <A href={tab.href} activeClass="active">{t(tab.label)}</A>}</For>
        </nav>
        <div class="settings-content">{props.children}</div>
      </div>
    </section>
  );
}
