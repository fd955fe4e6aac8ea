import { A, useLocation } from "@solidjs/router";
import { createEffect, on, onCleanup, onMount, Show } from "solid-js";
import { BellIcon } from "../../components/icons";
import { refreshUnread, unread } from "../../lib/notifications";
import { t } from "../../i18n";

const POLL_MS = 30_000;

/** The top bar's bell: the unread count, polled every 30 s, and the way to the notification centre. */
export function NotificationBell() {
  const location = useLocation();
  onMount(() => {
    void refreshUnread();
    const timer = setInterval(() => { if (document.visibilityState !== "hidden") void refreshUnread(); }, POLL_MS);
    onCleanup(() => clearInterval(timer));
  });
  createEffect(on(() => location.pathname, () => void refreshUnread(), { defer: true }));
  return (
    <A href="/notifications" class="bell" aria-label={t("notifications.bell", { n: unread() })} title={t("notifications.bell", { n: unread() })} data-testid="bell">
      <BellIcon />
      <Show when={unread() > 0}><span class="bell-count" data-testid="bell-count">{unread() > 99 ? "99+" : unread()}</span></Show>
    </A>
  );
}
