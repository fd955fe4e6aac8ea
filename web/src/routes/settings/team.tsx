import { createSignal, onMount, Show } from "solid-js";
import { api, type Invitation, type Team } from "../../api";
import { FormError } from "../../components/form-error";
import { t } from "../../i18n";
import { useSession } from "../../session";
import { Invitations } from "./invitations";
import { InviteForm } from "./invite-form";
import { MemberTable } from "./member-table";

/** Team & roles: members with their role and teams, invitations out, and inviting someone new. */
export function TeamSettings() {
  const session = useSession();
  const [teams, setTeams] = createSignal<Team[]>([]);
  const [invitations, setInvitations] = createSignal<Invitation[]>([]);
  const [error, setError] = createSignal<unknown>();
  const loadInvitations = () => api.invitations.list().then((r) => setInvitations(r.items), setError);
  onMount(() => {
    session.refreshMembers();
    api.teams.list().then((r) => setTeams(r.items), setError);
    void loadInvitations();
  });
  return (
    <div class="stack">
      <FormError error={error()} />
      <section class="card">
        <h2>{t("team.members")}</h2>
        <MemberTable teams={teams()} />
      </section>
      <Show when={session.isAdmin()}>
        <section class="card">
          <h2>{t("team.invite")}</h2>
          <InviteForm teams={teams()} onInvited={loadInvitations} />
        </section>
      </Show>
      <section class="card">
        <h2>{t("team.pending")}</h2>
        <Invitations items={invitations()} teams={teams()} onChanged={loadInvitations} />
      </section>
    </div>
  );
}
