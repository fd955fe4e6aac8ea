import { createSignal, Show } from "solid-js";
import { api, SLA_METRICS, type SlaCalendar, type SlaPolicy, type SlaPolicyInput, type Team } from "../../api";
import { ConfirmButton } from "../../components/confirm-button";
import { EditableList } from "../../components/editable-list";
import { formatMinutes } from "../../lib/duration";
import { metricName, priorityName } from "../../lib/labels";
import { teamName } from "../../lib/teams";
import { t } from "../../i18n";
import { useSession } from "../../session";
import { PolicyForm } from "./policy-form";

/** What a PUT takes: the policy without the fields the API adds when it answers. */
export function policyInput(p: SlaPolicy): SlaPolicyInput {
  return {
    name: p.name, position: p.position, conditions: p.conditions ?? {}, targets: p.targets, calendarId: p.calendarId,
    pauseStatuses: p.pauseStatuses ?? [], warning: p.warning ?? {}, escalation: p.escalation ?? [],
  };
}

export function PolicyList(props: { policies: SlaPolicy[]; calendars: SlaCalendar[]; teams: Team[]; loaded: boolean; onChanged: () => Promise<unknown> }) {
  const session = useSession();
  const [editing, setEditing] = createSignal<string>();
  const [error, setError] = createSignal<unknown>();
  const [busy, setBusy] = createSignal(false);
  const nextPosition = () => (props.policies.length ? Math.max(...props.policies.map((p) => p.position)) + 1 : 0);

  /** Moves a policy one place and renumbers the list 0, 1, 2, … so equal positions never tie. */
  const move = async (index: number, delta: number) => {
    const order = [...props.policies];
    const [p] = order.splice(index, 1);
    order.splice(index + delta, 0, p);
    setBusy(true);
    setError(undefined);
    try {
      for (const [i, x] of order.entries()) {
        if (x.position !== i) await api.sla.updatePolicy(x.id, { ...policyInput(x), position: i, version: x.version });
      }
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
      await props.onChanged();
    }
  };
  const remove = async (id: string) => {
    setError(undefined);
    try {
      await api.sla.removePolicy(id);
    } catch (err) {
      setError(err);
    }
    await props.onChanged();
  };

  return (
    <EditableList testid="sla-policies" title={t("slaSettings.policies")} intro={t("slaSettings.policiesHint")}
      error={error()} onReload={() => { setError(undefined); void props.onChanged(); }}
      canAdd={session.isAdmin()} newLabel={t("slaSettings.newPolicy")} newTestid="new-policy" editing={editing()} setEditing={setEditing}
      newForm={() => <PolicyForm position={nextPosition()} calendars={props.calendars} teams={props.teams} onCancel={() => setEditing(undefined)}
        onSubmit={async (input) => { await api.sla.createPolicy(input); setEditing(undefined); await props.onChanged(); }} />}
      items={props.policies} loading={!props.loaded} empty={t("slaSettings.noPolicies")} ordered itemTestid="policy" idOf={(p) => p.id}
      row={(p, i) => (
        <>
          <div class="policy-head">
            <strong>{p.name}</strong>
            <Show when={session.isAdmin()}>
              <span class="actions">
                <button type="button" class="link small" disabled={busy() || i() === 0} onClick={() => move(i(), -1)} aria-label={t("policy.moveUp")}>↑</button>
                <button type="button" class="link small" disabled={busy() || i() === props.policies.length - 1} onClick={() => move(i(), 1)} aria-label={t("policy.moveDown")}>↓</button>
                <button type="button" class="secondary small" onClick={() => setEditing(p.id)}>{t("common.edit")}</button>
                <ConfirmButton small label={t("common.delete")} question={t("policy.deleteQuestion")} onConfirm={() => remove(p.id)} />
              </span>
            </Show>
          </div>
          <p class="muted">{conditionsText(p, props.teams)}</p>
          <p>{targetsText(p)}</p>
          <Show when={p.calendarId}>
            <p class="muted">{t("policy.calendarChoice")}: {props.calendars.find((c) => c.id === p.calendarId)?.name ?? "—"}</p>
          </Show>
        </>
      )}
      form={(p) => <PolicyForm initial={p} position={p.position} calendars={props.calendars} teams={props.teams}
        onCancel={() => setEditing(undefined)} onReload={() => void props.onChanged()}
        onSubmit={async (input) => { await api.sla.updatePolicy(p.id, { ...input, version: p.version }); setEditing(undefined); await props.onChanged(); }} />} />
  );
}

function conditionsText(p: SlaPolicy, teams: Team[]): string {
  const c = p.conditions ?? {};
  const parts: string[] = [];
  if (c.priorities?.length) parts.push(`${t("policy.priorities")}: ${c.priorities.map(priorityName).join(", ")}`);
  if (c.groupIds?.length) parts.push(`${t("policy.groups")}: ${c.groupIds.map((id) => teamName(teams, id) || "—").join(", ")}`);
  if (c.tags?.length) parts.push(`${t("policy.tags")}: ${c.tags.join(", ")}`);
  if (c.companyIds?.length) parts.push(t("policy.companiesCount", { n: c.companyIds.length }));
  return parts.length ? parts.join(" · ") : t("policy.allTickets");
}

function targetsText(p: SlaPolicy): string {
  return SLA_METRICS.filter((m) => p.targets[m])
    .map((m) => `${metricName(m)} ${formatMinutes(p.targets[m]!.minutes)} (${p.targets[m]!.businessHours ? t("sla.businessHours") : t("sla.calendarTime")})`)
    .join(" · ");
}
