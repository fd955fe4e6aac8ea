import { createSignal, Show } from "solid-js";
import { api, type Invitation, type Team } from "../../api";
import { ConfirmButton } from "../../components/confirm-button";
import { FormError } from "../../components/form-error";
import { RecordTable } from "../../components/record-table";
import { teamNames } from "../../components/team-checks";
import { roleName } from "../../lib/labels";
import { formatDate, t } from "../../i18n";
import { useSession } from "../../session";

export function Invitations(props: { items: Invitation[]; teams: Team[]; onChanged: () => unknown }) {
  const session = useSession();
  const [error, setError] = createSignal<unknown>();
  const revoke = async (id: string) => {
    setError(undefined);
    try {
      await api.invitations.revoke(id);
    } catch (err) {
      setError(err);
    }
    await props.onChanged();
  };
  return (
    <>
      <FormError error={error()} />
      <Show when={props.items.length} fallback={<p class="empty">{t("team.noPending")}</p>}>
        <RecordTable<Invitation>
          testid="invitations"
          rows={props.items}
          columns={[
            { label: t("auth.email"), primary: true, cell: (i) => i.email },
            { label: t("team.role"), cell: (i) => roleName(i.role) },
            { label: t("team.teams"), cell: (i) => teamNames(props.teams, i.teamIds ?? []) },
            { label: t("team.sentAt"), cell: (i) => formatDate(i.createdAt) },
            { label: t("team.expiresAt"), cell: (i) => formatDate(i.expiresAt) },
            ...(session.isAdmin()
              ? [{ label: "", cell: (i: Invitation) => <ConfirmButton label={t("team.revoke")} question={t("team.revokeQuestion")} onConfirm={() => revoke(i.invitationId)} /> }]
              : []),
          ]}
        />
      </Show>
    </>
  );
}
