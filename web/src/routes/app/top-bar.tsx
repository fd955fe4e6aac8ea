import { A, useLocation, useNavigate } from "@solidjs/router";
import { createEffect, createSignal, For, on, Show } from "solid-js";
import { api } from "../../api";
import { LockIcon, MenuIcon } from "../../components/icons";
import { LangSwitch } from "../../components/lang-switch";
import { t, type Key } from "../../i18n";
import { useSession } from "../../session";
import { NotificationBell } from "../notifications/bell";
import { SearchBox } from "../search/search-box";
import { WorkspaceSwitcher } from "./workspace-switcher";
import { CustomObjectNav } from "../objects/nav";

/** The areas in the nav; an area whose feature the workspace lacks shows locked, not as a link. */
const NAV: { href: string; label: Key; feature?: string }[] = [
  { href: "/contacts", label: "nav.contacts", feature: "contacts" },
  { href: "/companies", label: "nav.companies", feature: "companies" },
  { href: "/pools", label: "nav.pools", feature: "pools" },
  { href: "/leads", label: "nav.leads", feature: "deals" },
  { href: "/deals", label: "nav.deals", feature: "deals" },
  { href: "/tickets", label: "nav.tickets", feature: "tickets" },
  { href: "/tasks", label: "nav.tasks" },
  { href: "/reports", label: "nav.reports", feature: "reports" },
  { href: "/churn", label: "nav.churn", feature: "churn" },
  { href: "/care", label: "nav.care", feature: "care" },
  { href: "/duplicates", label: "nav.duplicates", feature: "contacts" },
  { href: "/segments", label: "nav.segments", feature: "segments" },
  { href: "/marketing", label: "nav.marketing", feature: "marketing" },
  { href: "/approvals", label: "nav.approvals", feature: "approvals" },
  { href: "/visits", label: "nav.visits", feature: "visits" },
  { href: "/settings", label: "nav.settings" },
];

export function TopBar() {
  const session = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const [open, setOpen] = createSignal(false);
  createEffect(on(() => location.pathname, () => setOpen(false), { defer: true }));

  const logout = async () => {
    await api.auth.logout().catch(() => undefined);
    navigate("/login", { replace: true });
  };

  return (
    <header class="topbar app-bar" classList={{ open: open() }}>
      <A href="/contacts" class="brand">{t("app.name")}</A>
      <WorkspaceSwitcher />
      <Show when={session.me().tenant}><SearchBox /></Show>
      <span class="spacer" />
      <Show when={session.me().tenant}><NotificationBell /></Show>
      <LangSwitch />
      <button type="button" class="menu-toggle secondary" aria-expanded={open()} aria-controls="main-nav" aria-label={t("nav.menu")} onClick={() => setOpen(!open())}>
        <MenuIcon />
      </button>
      <div class="menu" id="main-nav">
        <nav aria-label={t("nav.main")}>
          <For each={NAV}>
            {(item) => (
              <Show
                when={!item.feature || session.has(item.feature)}
                fallback={
                  <span class="nav-locked" aria-disabled="true" title={t("feature.lockedHint")} data-testid={`nav-locked-${item.feature}`}>
                    <LockIcon title={t("feature.locked")} /> {t(item.label)}
                  </span>
                }
              >
                <A href={item.href} activeClass="active" data-testid={`nav-${item.href.slice(1)}`}>{t(item.label)}</A>
              </Show>
            )}
          </For>
          <CustomObjectNav />
        </nav>
        <div class="account">
          <span class="who" title={session.me().user.email}>{session.me().user.name || session.me().user.email}</span>
          <button type="button" class="link" onClick={logout} data-testid="logout">{t("nav.logout")}</button>
        </div>
      </div>
    </header>
  );
}
