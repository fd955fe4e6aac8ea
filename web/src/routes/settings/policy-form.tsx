import { For, Show } from "solid-js";
import { PAUSABLE_STATUSES, PRIORITIES, SLA_METRICS, type Priority, type SlaCalendar, type SlaMetric, type SlaPolicy, type SlaPolicyInput, type Team } from "../../api";
import { CompanyPicker } from "../../components/company-picker";
import { Field } from "../../components/field";
import { FormError } from "../../components/form-error";
import { TagsInput } from "../../components/tags-input";
import { TeamChecks } from "../../components/team-checks";
import { companyName } from "../../lib/company-names";
import { createForm } from "../../lib/form";
import { metricName, priorityName, statusName } from "../../lib/labels";
import { t } from "../../i18n";
import { EscalationSteps, stepDraft, stepInput, type StepDraft } from "./escalation-steps";

type Unit = "minutes" | "hours";
interface TargetDraft { on: boolean; amount: string; unit: Unit; business: boolean }

const toggle = <T,>(list: T[], x: T, on: boolean) => (on ? [...new Set([...list, x])] : list.filter((y) => y !== x));
const num = (s: string) => (s.trim() === "" ? undefined : Number(s));

function targetDraft(p: SlaPolicy | undefined, m: SlaMetric): TargetDraft {
  const x = p?.targets[m];
  if (!x) return { on: !p && m !== "nextResponse", amount: m === "resolution" ? "24" : "4", unit: "hours", business: true };
  const hours = x.minutes % 60 === 0;
  return { on: true, amount: String(hours ? x.minutes / 60 : x.minutes), unit: hours ? "hours" : "minutes", business: x.businessHours };
}

/** Creating or editing an SLA policy: which tickets it takes, its targets, pauses, warning and escalation. */
export function PolicyForm(props: {
  initial?: SlaPolicy; position: number; calendars: SlaCalendar[]; teams: Team[];
  onSubmit: (input: SlaPolicyInput) => Promise<unknown>; onCancel: () => void; onReload?: () => void;
}) {
  const p = props.initial;
  const f = createForm({
    name: p?.name ?? "",
    priorities: [...(p?.conditions?.priorities ?? [])] as Priority[],
    groupIds: [...(p?.conditions?.groupIds ?? [])],
    tags: [...(p?.conditions?.tags ?? [])],
    companyIds: [...(p?.conditions?.companyIds ?? [])],
    targets: Object.fromEntries(SLA_METRICS.map((m) => [m, targetDraft(p, m)])) as Record<SlaMetric, TargetDraft>,
    calendarId: p?.calendarId ?? "",
    pauseStatuses: [...(p?.pauseStatuses ?? ["pending", "on-hold"])],
    warnPercent: p?.warning?.percent?.toString() ?? (p ? "" : "75"),
    warnMinutes: p?.warning?.minutesBefore?.toString() ?? "",
    escalation: (p?.escalation ?? []).map(stepDraft) as StepDraft[],
  });
  const v = f.values;
  const submit = f.submit(() => {
    const targets: SlaPolicyInput["targets"] = {};
    for (const m of SLA_METRICS) {
      const x = v.targets[m];
      if (x.on) targets[m] = { minutes: Math.round(Number(x.amount) * (x.unit === "hours" ? 60 : 1)), businessHours: x.business };
    }
    const nonEmpty = <T,>(xs: T[]) => (xs.length ? [...xs] : undefined);
    return props.onSubmit({
      name: v.name.trim(), position: props.position,
      conditions: { priorities: nonEmpty(v.priorities), groupIds: nonEmpty(v.groupIds), tags: nonEmpty(v.tags), companyIds: nonEmpty(v.companyIds) },
      targets, calendarId: v.calendarId || undefined, pauseStatuses: [...v.pauseStatuses],
      warning: { percent: num(v.warnPercent), minutesBefore: num(v.warnMinutes) },
      escalation: v.escalation.map(stepInput),
    });
  });
  return (
    <form class="record-form policy-form" onSubmit={submit} data-testid="policy-form">
      <Field label={t("policy.name")} error={f.fieldError("name")}>
        <input name="name" required maxLength={200} value={v.name} onInput={f.input("name")} />
      </Field>
      <fieldset class="stack">
        <legend>{t("policy.conditions")}</legend>
        <p class="field-hint">{t("policy.conditionsHint")}</p>
        <Field label={t("policy.priorities")} error={f.fieldError("conditions.priorities")} group>
          <span class="checks">
            <For each={PRIORITIES}>
              {(x) => (
                <label class="check">
                  <input type="checkbox" checked={v.priorities.includes(x)} onChange={(e) => f.setValues("priorities", toggle(v.priorities, x, e.currentTarget.checked))} />
                  <span>{priorityName(x)}</span>
                </label>
              )}
            </For>
          </span>
        </Field>
        <Show when={props.teams.length}>
          <Field label={t("policy.groups")} error={f.fieldError("conditions.groupIds")} group>
            <TeamChecks teams={props.teams} value={v.groupIds} onChange={(ids) => f.setValues("groupIds", ids)} />
          </Field>
        </Show>
        <Field label={t("policy.tags")} error={f.fieldError("conditions.tags")} group>
          <TagsInput value={v.tags} onChange={(tags) => f.setValues("tags", tags)} />
        </Field>
        <Field label={t("policy.companies")} error={f.fieldError("conditions.companyIds")} group>
          <Show when={v.companyIds.length}><div class="tags">
            <For each={v.companyIds}>
              {(id) => (
                <span class="tag">
                  {companyName(id) || "…"}
                  <button type="button" class="tag-remove" aria-label={t("tags.remove", { tag: companyName(id) })} onClick={() => f.setValues("companyIds", v.companyIds.filter((x) => x !== id))}>×</button>
                </span>
              )}
            </For>
          </div></Show>
          <CompanyPicker value={null} onChange={(id) => id && f.setValues("companyIds", toggle(v.companyIds, id, true))} />
        </Field>
      </fieldset>
      <fieldset class="stack">
        <legend>{t("policy.targets")}</legend>
        <Show when={f.fieldError("targets")}><span class="field-error" role="alert">{f.fieldError("targets")}</span></Show>
        <For each={SLA_METRICS}>
          {(m) => (
            <div class="target-row" data-testid={`target-${m}`}>
              <label class="check target-on">
                <input type="checkbox" checked={v.targets[m].on} onChange={(e) => f.setValues("targets", m, "on", e.currentTarget.checked)} />
                <span>{metricName(m)}</span>
              </label>
              <input type="number" min="1" step="1" class="amount" aria-label={t("policy.amount", { metric: metricName(m) })} disabled={!v.targets[m].on}
                value={v.targets[m].amount} onInput={(e) => f.setValues("targets", m, "amount", e.currentTarget.value)} />
              <select aria-label={t("policy.unit")} disabled={!v.targets[m].on} value={v.targets[m].unit} onChange={(e) => f.setValues("targets", m, "unit", e.currentTarget.value as Unit)}>
                <option value="minutes">{t("unit.minutes")}</option>
                <option value="hours">{t("unit.hours")}</option>
              </select>
              <select aria-label={t("policy.basis")} disabled={!v.targets[m].on} value={v.targets[m].business ? "business" : "calendar"}
                onChange={(e) => f.setValues("targets", m, "business", e.currentTarget.value === "business")}>
                <option value="business">{t("policy.business")}</option>
                <option value="calendar">{t("policy.calendarTime")}</option>
              </select>
              <Show when={f.fieldError(`targets.${m}`)}><span class="field-error">{f.fieldError(`targets.${m}`)}</span></Show>
            </div>
          )}
        </For>
        <Field label={t("policy.calendarChoice")} error={f.fieldError("calendarId")} hint={v.calendarId ? undefined : t("policy.noCalendarHint")}>
          <select name="calendarId" value={v.calendarId} onChange={f.input("calendarId")}>
            <option value="">{t("policy.noCalendar")}</option>
            <For each={props.calendars}>{(c) => <option value={c.id}>{c.name}</option>}</For>
          </select>
        </Field>
        <Field label={t("policy.pause")} error={f.fieldError("pauseStatuses")} group>
          <span class="checks">
            <For each={PAUSABLE_STATUSES}>
              {(s) => (
                <label class="check">
                  <input type="checkbox" checked={v.pauseStatuses.includes(s)} onChange={(e) => f.setValues("pauseStatuses", toggle(v.pauseStatuses, s, e.currentTarget.checked))} />
                  <span>{statusName(s)}</span>
                </label>
              )}
            </For>
          </span>
        </Field>
      </fieldset>
      <fieldset class="stack">
        <legend>{t("policy.warning")}</legend>
        <div class="grid">
          <Field label={t("policy.warnPercent")} error={f.fieldError("warning.percent")}>
            <input type="number" name="warnPercent" min="1" max="99" value={v.warnPercent} onInput={f.input("warnPercent")} />
          </Field>
          <Field label={t("policy.warnMinutes")} error={f.fieldError("warning.minutesBefore")}>
            <input type="number" name="warnMinutes" min="1" value={v.warnMinutes} onInput={f.input("warnMinutes")} />
          </Field>
        </div>
        <p class="field-hint">{t("policy.warningHint")}</p>
      </fieldset>
      <EscalationSteps steps={v.escalation} teams={props.teams} fieldError={f.fieldError}
        onChange={(steps) => f.setValues("escalation", steps)} />
      <FormError error={f.error()} onReload={props.onReload} />
      <div class="actions">
        <button type="submit" disabled={f.busy()}>{p ? t("common.save") : t("common.create")}</button>
        <button type="button" class="secondary" onClick={() => props.onCancel()}>{t("common.cancel")}</button>
      </div>
    </form>
  );
}
