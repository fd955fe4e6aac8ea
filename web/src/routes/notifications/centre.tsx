import { useNavigate, useSearchParams } from "@solidjs/router";
import { createEffect, createSignal, For, Show } from "solid-js";
import { api, type AppNotification, type NotificationKind } from "../../api";
import { FormError } from "../../components/form-error";
import { param, safeNext } from "../../lib/next";
import { setUnread, unread } from "../../lib/notifications";
import { useNow } from "../../lib/now";
import { createPaged } from "../../lib/paged";
import { relativeTime } from "../../lib/relative-time";
import { formatDate, t, type Key } from "../../i18n";

const TABS: ("all" | NotificationKind)[] = ["all", "mention", "assigned", "sla", "churn"];
const PAGE = 30;

/** The notification centre: newest first, filtered by kind; opening one marks it read. */
export function NotificationCentre() {
  const navigate = useNavigate();
  const now = useNow();
  const [params, setParams] = useSearchParams();
  const tab = () => {
    const k = param(params.kind);
    return (TABS as string[]).includes(k) ? (k as (typeof TABS)[number]) : "all";
  };
  const [error, setError] = createSignal<unknown>();
  const list = createPaged(tab, async (kind, cursor) => {
    const page = await api.notifications.list({ kind: kind === "all" ? undefined : kind, cursor, limit: PAGE });
    setUnread(page.unread);
    return page;
  });
  createEffect(() => list.error() && setError(list.error()));

  const markLocal = (id: string) =>
    list.setItems(list.items().map((n) => (n.notificationId === id && !n.readAt ? { ...n, readAt: new Date().toISOString() } : n)));

  const open = async (n: AppNotification) => {
    setError(undefined);
    if (!n.readAt) {
      try {
        await api.notifications.read(n.notificationId);
        markLocal(n.notificationId);
        setUnread(Math.max(0, unread() - 1));
      } catch (err) {
        setError(err);
        return;
      }
    }
    // Links are the app's own paths; anything else is not followed.
    const to = n.link ? safeNext(n.link, "") : "";
    if (to) navigate(to);
  };
  const readAll = async () => {
    setError(undefined);
    try {
      await api.notifications.readAll();
      const at = new Date().toISOString();
      list.setItems(list.items().map((n) => (n.readAt ? n : { ...n, readAt: at })));
      setUnread(0);
    } catch (err) {
      setError(err);
    }
  };

  return (
    <section class="page notifications-page">
      <div class="page-head">
        <h1>{t("notifications.title")}</h1>
        <button type="button" class="secondary" disabled={unread() === 0} onClick={readAll} data-testid="read-all">{t("notifications.markAll")}</button>
      </div>
      <nav class="tabs" aria-label={t("notifications.title")}>
        <For each={TABS}>
          {(k) => (
            <button type="button" class="tab" classList={{ active: tab() === k }} aria-pressed={tab() === k}
              onClick={() => setParams({ kind: k === "all" ? undefined : k }, { replace: true })} data-testid={`tab-${k}`}>
              {t(`notifications.tab.${k}` as Key)}
            </button>
          )}
        </For>
      </nav>
      <FormError error={error()} />
      <Show when={list.loaded()} fallback={<Show when={!list.error()}><p class="muted">{t("common.loading")}</p></Show>}>
        <Show when={list.items().length} fallback={<p class="empty">{t("notifications.empty")}</p>}>
          <ul class="plain notification-list" data-testid="notification-list">
            <For each={list.items()}>
              {(n) => (
                <li>
                  <button type="button" class="notification" classList={{ unread: !n.readAt }} onClick={() => open(n)}
                    data-testid="notification" data-kind={n.kind} data-unread={n.readAt ? undefined : "true"}>
                    <span class="notification-head">
                      <Show when={!n.readAt}><span class="dot" role="img" aria-label={t("notifications.unread")} /></Show>
                      <strong>{n.title}</strong>
                    </span>
                    <Show when={n.body}><span class="notification-body">{n.body}</span></Show>
                    <span class="muted notification-meta">
                      {t(`notifyKind.${n.kind}` as Key)} · <time datetime={n.createdAt} title={formatDate(n.createdAt)}>{relativeTime(n.createdAt, now())}</time>
                    </span>
                  </button>
                </li>
              )}
            </For>
          </ul>
        </Show>
      </Show>
      <Show when={list.hasMore()}>
        <button type="button" class="secondary more" disabled={list.loading()} onClick={() => list.loadMore()} data-testid="load-more">{t("common.more")}</button>
      </Show>
    </section>
  );
}
