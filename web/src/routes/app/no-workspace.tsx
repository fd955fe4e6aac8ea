import { createSignal, For, Show } from "solid-js";
import { api } from "../../api";
import { FormError } from "../../components/form-error";
import { roleName } from "../../lib/labels";
import { t } from "../../i18n";
import { useSession } from "../../session";

/** Signed in but not in a workspace: removed from the last one, or none chosen yet. */
export function NoWorkspace() {
  const session = useSession();
  const [error, setError] = createSignal<unknown>();
  const choose = async (tenantId: string) => {
    try {
      await api.me.switch(tenantId);
      window.location.assign("/contacts");
    } catch (err) {
      setError(err);
    }
  };
  return (
    <section class="card narrow" data-testid="no-workspace">
      <h1>{t("workspace.noneTitle")}</h1>
      <Show when={session.me().workspaces.length} fallback={<p>{t("workspace.none")}</p>}>
        <p>{t("workspace.choose")}</p>
        <ul class="plain">
          <For each={session.me().workspaces}>
            {(w) => <li><button type="button" class="secondary" onClick={() => choose(w.tenantId)}>{w.name} · {roleName(w.role)}</button></li>}
          </For>
        </ul>
      </Show>
      <FormError error={error()} />
    </section>
  );
}
