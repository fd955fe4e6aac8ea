import { For, Index, Show } from "solid-js";
import { ESCALATION_ACTIONS, PRIORITIES, SLA_METRICS, type EscalationStep, type Priority, type SlaMetric, type Team } from "../../api";
import { metricName, priorityName } from "../../lib/labels";
import { t, type Key } from "../../i18n";
import { useSession } from "../../session";

export interface StepDraft {
  after: EscalationStep["after"]; delay: string; metrics: SlaMetric[]; action: EscalationStep["action"];
  userId: string; groupId: string; priority: Priority | "";
}

export function stepDraft(s: EscalationStep): StepDraft {
  return {
    after: s.after, delay: String(s.delayMinutes ?? 0), metrics: [...(s.metrics ?? [])], action: s.action,
    userId: s.assignTo?.userId ?? "", groupId: s.assignTo?.groupId ?? "", priority: s.priority ?? "",
  };
}

/** Levels are the steps' order: 1, 2, 3 … */
export function stepInput(s: StepDraft, i: number): EscalationStep {
  return {
    level: i + 1, after: s.after, delayMinutes: Math.round(Number(s.delay || 0)), metrics: s.metrics.length ? [...s.metrics] : undefined,
    action: s.action,
    assignTo: s.action === "reassign" ? { userId: s.userId || undefined, groupId: s.groupId || undefined } : undefined,
    priority: s.action === "raise_priority" && s.priority ? s.priority : undefined,
  };
}

const blank = (): StepDraft => ({ after: "breach", delay: "0", metrics: [], action: "notify_assignee", userId: "", groupId: "", priority: "" });

/** The escalation levels of a policy: when each acts (after the warning or breach, plus a delay) and what it does. */
export function EscalationSteps(props: { steps: StepDraft[]; teams: Team[]; fieldError: (key: string) => string | undefined; onChange: (steps: StepDraft[]) => void }) {
  const session = useSession();
  const agents = () => session.members().filter((m) => m.role !== "viewer");
  const set = (i: number, change: Partial<StepDraft>) => props.onChange(props.steps.map((s, j) => (j === i ? { ...s, ...change } : s)));
  return (
    <fieldset class="stack">
      <legend>{t("policy.escalation")}</legend>
      <Show when={props.fieldError("escalation") && !props.steps.length}><span class="field-error">{props.fieldError("escalation")}</span></Show>
      <Index each={props.steps}>
        {(s, i) => (
          <div class="step" data-testid="escalation-step">
            <div class="step-head">
              <strong>{t("policy.level", { n: i + 1 })}</strong>
              <button type="button" class="link small" onClick={() => props.onChange(props.steps.filter((_, j) => j !== i))}>{t("policy.removeStep")}</button>
            </div>
            <div class="grid">
              <label class="field">
                <span class="field-label">{t("policy.after")}</span>
                <select value={s().after} onChange={(e) => set(i, { after: e.currentTarget.value as StepDraft["after"] })}>
                  <option value="warning">{t("after.warning")}</option>
                  <option value="breach">{t("after.breach")}</option>
                </select>
              </label>
              <label class="field">
                <span class="field-label">{t("policy.delay")}</span>
                <input type="number" min="0" value={s().delay} onInput={(e) => set(i, { delay: e.currentTarget.value })} />
              </label>
              <label class="field">
                <span class="field-label">{t("policy.action")}</span>
                <select value={s().action} onChange={(e) => set(i, { action: e.currentTarget.value as StepDraft["action"] })}>
                  <For each={ESCALATION_ACTIONS}>{(a) => <option value={a}>{t(`action.${a}` as Key)}</option>}</For>
                </select>
              </label>
              <Show when={s().action === "reassign"}>
                <label class="field">
                  <span class="field-label">{t("policy.assignToUser")}</span>
                  <select value={s().userId} onChange={(e) => set(i, { userId: e.currentTarget.value })}>
                    <option value="">—</option>
                    <For each={agents()}>{(m) => <option value={m.userId}>{m.name || m.email}</option>}</For>
                  </select>
                </label>
                <Show when={props.teams.length}>
                  <label class="field">
                    <span class="field-label">{t("policy.assignToGroup")}</span>
                    <select value={s().groupId} onChange={(e) => set(i, { groupId: e.currentTarget.value })}>
                      <option value="">—</option>
                      <For each={props.teams}>{(team) => <option value={team.teamId}>{team.name}</option>}</For>
                    </select>
                  </label>
                </Show>
              </Show>
              <Show when={s().action === "raise_priority"}>
                <label class="field">
                  <span class="field-label">{t("policy.raiseTo")}</span>
                  <select value={s().priority} onChange={(e) => set(i, { priority: e.currentTarget.value as Priority | "" })}>
                    <option value="">{t("policy.oneUp")}</option>
                    <For each={PRIORITIES}>{(x) => <option value={x}>{priorityName(x)}</option>}</For>
                  </select>
                </label>
              </Show>
            </div>
            <div class="field" role="group" aria-label={t("policy.stepMetrics")}>
              <span class="field-label">{t("policy.stepMetrics")}</span>
              <span class="checks">
                <For each={SLA_METRICS}>
                  {(m) => (
                    <label class="check">
                      <input type="checkbox" checked={s().metrics.includes(m)}
                        onChange={(e) => set(i, { metrics: e.currentTarget.checked ? [...s().metrics, m] : s().metrics.filter((x) => x !== m) })} />
                      <span>{metricName(m)}</span>
                    </label>
                  )}
                </For>
              </span>
            </div>
            <For each={["after", "assignTo", "delayMinutes", "metrics", "action", "priority"]}>
              {(k) => <Show when={props.fieldError(`escalation.${i}.${k}`)}><span class="field-error">{props.fieldError(`escalation.${i}.${k}`)}</span></Show>}
            </For>
          </div>
        )}
      </Index>
      <div class="actions">
        <button type="button" class="secondary small" disabled={props.steps.length >= 20} onClick={() => props.onChange([...props.steps, blank()])}>{t("policy.addStep")}</button>
      </div>
    </fieldset>
  );
}
