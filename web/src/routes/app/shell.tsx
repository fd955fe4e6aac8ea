import { useLocation, useNavigate } from "@solidjs/router";
import { createSignal, onCleanup, onMount, Show, Suspense, type ParentProps } from "solid-js";
import { api, onUnauthorized, type Me } from "../../api";
import { FormError } from "../../components/form-error";
import { hasStoredLocale, isLocale, setLocale, t } from "../../i18n";
import { SessionProvider } from "../../session";
import { NoWorkspace } from "./no-workspace";
import { TopBar } from "./top-bar";

/** The signed-in frame: loads who is signed in, sends a lapsed session to /login, shows the top bar. */
export function AppShell(props: ParentProps) {
  const navigate = useNavigate();
  const location = useLocation();
  const [me, setMe] = createSignal<Me>();
  const [error, setError] = createSignal<unknown>();

  const toLogin = () => navigate(`/login?next=${encodeURIComponent(location.pathname + location.search)}`, { replace: true });
  onUnauthorized(toLogin);
  onCleanup(() => onUnauthorized(undefined));

  const load = () =>
    api.me.get().then((m) => {
      if (!hasStoredLocale() && isLocale(m.user.locale)) setLocale(m.user.locale);
      setMe(m);
    }, setError);
  onMount(load);

  return (
    <Show
      when={me()}
      fallback={
        <main class="boot">
          <Show when={error()} fallback={<p class="muted">{t("common.loading")}</p>}><FormError error={error()} /></Show>
        </main>
      }
    >
      {(m) => (
        <SessionProvider me={m} refresh={load}>
          <div class="app">
            <TopBar />
            <main>
              <Show when={m().tenant} fallback={<NoWorkspace />}>
                <Suspense fallback={<p class="muted">{t("common.loading")}</p>}>{props.children}</Suspense>
              </Show>
            </main>
          </div>
        </SessionProvider>
      )}
    </Show>
  );
}
