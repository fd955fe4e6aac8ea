import { createSignal, onMount, Show } from "solid-js";
import { api, type Team } from "../../api";
import { ConfirmButton } from "../../components/confirm-button";
import { Field } from "../../components/field";
import { FormError } from "../../components/form-error";
import { LockIcon } from "../../components/icons";
import { RecordTable } from "../../components/record-table";
import { createForm } from "../../lib/form";
import { t } from "../../i18n";
import { useSession } from "../../session";

/** Teams: managers see their teams' records. Creating one needs the plan's `teams` feature. */
export function TeamsSettings() {
  const session = useSession();
  const [teams, setTeams] = createSignal<Team[]>([]);
  const [error, setError] = createSignal<unknown>();
  const load = () => api.teams.list().then((r) => setTeams(r.items), setError);
  onMount(load);
  const memberCount = (teamId: string) => session.members().filter((m) => m.teamIds.includes(teamId)).length;
  return (
    <div class="stack">
      <section class="card">
        <h2>{t("settings.teams")}</h2>
        <FormError error={error()} />
        <Show when={teams().length} fallback={<p class="empty">{t("teams.none")}</p>}>
          <RecordTable<Team>
            testid="teams"
            rows={teams()}
            columns={[
              { label: t("teams.name"), primary: true, cell: (team) => (session.isAdmin() ? <TeamRename team={team} onSaved={load} /> : team.name) },
              { label: t("teams.members"), cell: (team) => String(memberCount(team.teamId)) },
              ...(session.isAdmin() ? [{ label: "", cell: (team: Team) => <TeamDelete team={team} onDeleted={load} /> }] : []),
            ]}
          />
        </Show>
      </section>
      <Show when={session.isAdmin()}>
        <section class="card">
          <h2>{t("teams.create")}</h2>
          <Show when={session.has("teams")} fallback={<p class="locked" data-testid="teams-locked"><LockIcon /> {t("teams.locked")}</p>}>
            <TeamCreate onCreated={load} />
          </Show>
        </section>
      </Show>
    </div>
  );
}

function TeamCreate(props: { onCreated: () => unknown }) {
  const f = createForm({ name: "" });
  const submit = f.submit(async () => {
    await api.teams.create(f.values.name.trim());
    f.reset({ name: "" });
    await props.onCreated();
  });
  return (
    <form class="inline-form" onSubmit={submit}>
      <Field label={t("teams.name")} error={f.fieldError("name")}>
        <input name="name" required value={f.values.name} onInput={f.input("name")} />
      </Field>
      <button type="submit" disabled={f.busy()}>{t("common.create")}</button>
      <FormError error={f.error()} />
    </form>
  );
}

function TeamRename(props: { team: Team; onSaved: () => unknown }) {
  const f = createForm({ name: props.team.name });
  const submit = f.submit(async () => {
    await api.teams.update(props.team.teamId, { name: f.values.name.trim(), version: props.team.version });
    await props.onSaved();
  });
  return (
    <form class="inline-form" onSubmit={submit}>
      <input name="name" aria-label={t("teams.name")} required value={f.values.name} onInput={f.input("name")} />
      <button type="submit" class="small" disabled={f.busy() || f.values.name.trim() === props.team.name}>{t("teams.rename")}</button>
      <Show when={f.fieldError("name")}><span class="field-error">{f.fieldError("name")}</span></Show>
      <FormError error={f.error()} onReload={() => props.onSaved()} />
    </form>
  );
}

function TeamDelete(props: { team: Team; onDeleted: () => unknown }) {
  const [error, setError] = createSignal<unknown>();
  const remove = async () => {
    setError(undefined);
    try {
      await api.teams.remove(props.team.teamId);
      await props.onDeleted();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <>
      <ConfirmButton label={t("common.delete")} question={t("teams.deleteQuestion", { name: props.team.name })} onConfirm={remove} />
      <FormError error={error()} />
    </>
  );
}
