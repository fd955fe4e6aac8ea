import { createSignal, For, Show } from "solid-js";
import { api, ROLES, type Member, type Role, type Team } from "../../api";
import { ConfirmButton } from "../../components/confirm-button";
import { FormError } from "../../components/form-error";
import { RecordTable } from "../../components/record-table";
import { TeamChecks, teamNames } from "../../components/team-checks";
import { roleName } from "../../lib/labels";
import { t } from "../../i18n";
import { useSession } from "../../session";

export function MemberTable(props: { teams: Team[] }) {
  const session = useSession();
  return (
    <RecordTable<Member>
      testid="members"
      rows={session.members()}
      columns={[
        { label: t("field.name"), primary: true, cell: (m) => <>{m.name}<Show when={m.userId === session.me().user.userId}> <span class="muted">({t("team.you")})</span></Show></> },
        { label: t("auth.email"), cell: (m) => m.email },
        ...(session.isAdmin()
          ? [{ label: t("team.roleAndTeams"), cell: (m: Member) => <MemberEditor member={m} teams={props.teams} /> }]
          : [
              { label: t("team.role"), cell: (m: Member) => roleName(m.role) },
              { label: t("team.teams"), cell: (m: Member) => teamNames(props.teams, m.teamIds) },
            ]),
      ]}
    />
  );
}

/** Role and teams of one member, saved together with the member's version. */
function MemberEditor(props: { member: Member; teams: Team[] }) {
  const session = useSession();
  const [role, setRole] = createSignal<Role>(props.member.role);
  const [teamIds, setTeamIds] = createSignal<string[]>(props.member.teamIds);
  const [error, setError] = createSignal<unknown>();
  const [busy, setBusy] = createSignal(false);
  const iAmOwner = () => session.me().role === "owner";
  const roles = () => ROLES.filter((r) => r !== "owner" || iAmOwner() || props.member.role === "owner");
  const changed = () => role() !== props.member.role || [...teamIds()].sort().join() !== [...props.member.teamIds].sort().join();
  const run = async (action: () => Promise<unknown>) => {
    setBusy(true);
    setError(undefined);
    try {
      await action();
      await session.refreshMembers();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const save = () => run(() => api.members.update(props.member.userId, { version: props.member.version, role: role(), teamIds: teamIds() }));
  // Fresh rows replace this editor, so reloading is refreshing the members.
  const reload = () => void session.refreshMembers();
  return (
    <div class="member-editor">
      <select aria-label={t("team.role")} value={role()} disabled={props.member.role === "owner" && !iAmOwner()} onChange={(e) => setRole(e.currentTarget.value as Role)} data-testid="member-role">
        <For each={roles()}>{(r) => <option value={r}>{roleName(r)}</option>}</For>
      </select>
      <TeamChecks teams={props.teams} value={teamIds()} onChange={setTeamIds} />
      <div class="actions">
        <button type="button" class="small" disabled={!changed() || busy()} onClick={save}>{t("common.save")}</button>
        <Show when={props.member.role !== "owner" && props.member.userId !== session.me().user.userId}>
          <ConfirmButton label={t("team.remove")} question={t("team.removeQuestion", { name: props.member.name })}
            onConfirm={() => run(() => api.members.remove(props.member.userId))} />
        </Show>
      </div>
      <FormError error={error()} onReload={reload} />
    </div>
  );
}
