import { createSignal, For, Show } from "solid-js";
import { api, INVITABLE_ROLES, type InvitableRole, type Team } from "../../api";
import { Field } from "../../components/field";
import { FormError } from "../../components/form-error";
import { TeamChecks } from "../../components/team-checks";
import { createForm } from "../../lib/form";
import { roleName } from "../../lib/labels";
import { t, type Key } from "../../i18n";

export function InviteForm(props: { teams: Team[]; onInvited: () => unknown }) {
  const f = createForm({ email: "", role: "member" as InvitableRole, teamIds: [] as string[] });
  const [sentTo, setSentTo] = createSignal("");
  const submit = f.submit(async () => {
    setSentTo("");
    const inv = await api.invitations.create({ email: f.values.email.trim(), role: f.values.role, teamIds: [...f.values.teamIds] });
    setSentTo(inv.email);
    f.reset({ email: "", role: f.values.role, teamIds: [] });
    await props.onInvited();
  });
  return (
    <form class="stack" onSubmit={submit} data-testid="invite-form">
      <div class="grid">
        <Field label={t("auth.email")} error={f.fieldError("email")}>
          <input name="email" type="email" required value={f.values.email} onInput={f.input("email")} />
        </Field>
        <Field label={t("team.role")} error={f.fieldError("role")}>
          <select name="role" value={f.values.role} onChange={f.input("role")}>
            <For each={INVITABLE_ROLES}>{(r) => <option value={r}>{roleName(r)}</option>}</For>
          </select>
        </Field>
        <Field label={t("team.teams")} error={f.fieldError("teamIds")} class="wide" group>
          <TeamChecks teams={props.teams} value={f.values.teamIds} onChange={(ids) => f.setValues("teamIds", ids)} />
        </Field>
      </div>
      <p class="muted">{t(`role.${f.values.role}Hint` as Key)}</p>
      <FormError error={f.error()} />
      <Show when={sentTo()}><p class="notice" role="status">{t("team.invited", { email: sentTo() })}</p></Show>
      <div class="actions"><button type="submit" disabled={f.busy()}>{t("team.sendInvite")}</button></div>
    </form>
  );
}
