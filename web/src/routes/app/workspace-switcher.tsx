import { createSignal, For, Show } from "solid-js";
import { api } from "../../api";
import { FormError } from "../../components/form-error";
import { t } from "../../i18n";
import { useSession } from "../../session";

/**
 * Shown when the person belongs to several workspaces. Switching reloads the page so no list or cache
 * of the previous workspace survives.
 */
export function WorkspaceSwitcher() {
  const session = useSession();
  const [error, setError] = createSignal<unknown>();
  const current = () => session.me().tenant?.tenantId ?? "";
  const choose = async (tenantId: string) => {
    if (!tenantId || tenantId === current()) return;
    try {
      await api.me.switch(tenantId);
      window.location.assign("/contacts");
    } catch (err) {
      setError(err);
    }
  };
  return (
    <Show when={session.me().workspaces.length > 1} fallback={<span class="workspace-name">{session.me().tenant?.name}</span>}>
      <select class="workspace-switch" aria-label={t("nav.workspace")} data-testid="workspace-switch" value={current()} onChange={(e) => choose(e.currentTarget.value)}>
        <Show when={!current()}><option value="">{t("nav.chooseWorkspace")}</option></Show>
        <For each={session.me().workspaces}>{(w) => <option value={w.tenantId}>{w.name}</option>}</For>
      </select>
      <FormError error={error()} />
    </Show>
  );
}
