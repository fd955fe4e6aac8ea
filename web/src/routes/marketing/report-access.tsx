import { createResource, For, Show } from "solid-js";
import { FormError } from "../../components/form-error";
import { type Key, t } from "../../i18n";
import { createForm } from "../../lib/form";
import { useSession } from "../../session";
import { marketingApi } from "./marketing-api";

const GRANTABLE = ["manager", "member", "viewer"] as const;

/** Admins choose who reads the ROI report: roles, and members given the marketing capability. */
export function ReportAccess() {
  const session = useSession();
  const [settings, { mutate }] = createResource(() => marketingApi.settings());
  const f = createForm({ roles: [] as string[], users: [] as string[], loaded: false });
  const roles = () => (f.values.loaded ? f.values.roles : settings()?.reportRoles ?? []);
  const users = () => (f.values.loaded ? f.values.users : settings()?.reportUserIds ?? []);
  const toggle = (list: string[], v: string, on: boolean) => (on ? [...new Set([...list, v])] : list.filter((x) => x !== v));
  const edit = (next: { roles?: string[]; users?: string[] }) => f.setValues({ roles: next.roles ?? roles(), users: next.users ?? users(), loaded: true });
  const save = f.submit(async () => {
    const saved = await marketingApi.saveSettings({ reportRoles: roles().filter((r) => r !== "owner" && r !== "admin"), reportUserIds: users(), version: settings()?.version ?? 0 });
    mutate(saved);
    f.setValues({ loaded: false });
  });
  return (
    <section class="card" data-testid="roi-access">
      <h2>{t("marketing.access")}</h2>
      <p class="muted">{t("marketing.accessHint")}</p>
      <Show when={settings()}>
        <form onSubmit={save} class="stack">
          <fieldset>
            <legend>{t("marketing.accessRoles")}</legend>
            <For each={GRANTABLE}>{(role) => (
              <label class="check"><input type="checkbox" name={`role-${role}`} checked={roles().includes(role)} onChange={(e) => edit({ roles: toggle(roles(), role, e.currentTarget.checked) })} /> {t(`role.${role}` as Key)}</label>
            )}</For>
          </fieldset>
          <fieldset>
            <legend>{t("marketing.accessMembers")}</legend>
            <For each={session.members().filter((m) => m.role !== "owner" && m.role !== "admin")}>{(m) => (
              <label class="check"><input type="checkbox" name={`user-${m.userId}`} checked={users().includes(m.userId)} onChange={(e) => edit({ users: toggle(users(), m.userId, e.currentTarget.checked) })} /> {m.name || m.email}</label>
            )}</For>
          </fieldset>
          <FormError error={f.error()} />
          <div class="actions"><button type="submit" disabled={f.busy() || !f.values.loaded}>{t("common.save")}</button></div>
        </form>
      </Show>
    </section>
  );
}
