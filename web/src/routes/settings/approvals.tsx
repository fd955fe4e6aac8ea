import { createResource, createSignal, For, Index, Show } from "solid-js";
import { FormError } from "../../components/form-error";
import { UpgradeHint } from "../../components/upgrade-hint";
import { salesApi } from "../../lib/sales-api";
import { t, type Key } from "../../i18n";
import { useSession } from "../../session";
import { type Flow, type FlowInput, approvalsApi, type Trigger, TRIGGERS } from "../approvals/api";

type StepDraft = { type: "user" | "manager" | "role"; userId: string; role: string };
const ROLES = ["owner", "admin", "manager", "member"];

/** Settings → Approvals: flows for contracts, payments, deal discounts and stage moves, each with ordered steps. */
export function ApprovalSettings() {
  const session = useSession();
  return (
    <Show when={session.has("approvals")} fallback={<UpgradeHint feature="approvals" />}>
      <Flows />
    </Show>
  );
}

function Flows() {
  const session = useSession();
  const [flows, { refetch }] = createResource(() => approvalsApi.flows());
  const [pipelines] = createResource(() => salesApi.pipelines.list().catch(() => ({ items: [] })));
  const [error, setError] = createSignal<unknown>();
  const [name, setName] = createSignal("");
  const [trigger, setTrigger] = createSignal<Trigger>("deal.stage");
  const [amount, setAmount] = createSignal("");
  const [discount, setDiscount] = createSignal("20");
  const [stageIds, setStageIds] = createSignal<string[]>([]);
  const [steps, setSteps] = createSignal<StepDraft[]>([{ type: "manager", userId: "", role: "admin" }]);
  const setStep = (i: number, patch: Partial<StepDraft>) => setSteps(steps().map((s, j) => (j === i ? { ...s, ...patch } : s)));
  const act = async (fn: () => Promise<unknown>) => {
    setError(undefined);
    try {
      await fn();
      void refetch();
      return true;
    } catch (err) {
      setError(err);
      return false;
    }
  };
  const save = async (ev: Event) => {
    ev.preventDefault();
    const input: FlowInput = {
      name: name(), trigger: trigger(),
      steps: steps().map((s) => (s.type === "user" ? { type: "user" as const, userId: s.userId } : s.type === "role" ? { type: "role" as const, role: s.role } : { type: "manager" as const })),
      ...(trigger() === "contract.create" || trigger() === "payment.record" ? { minAmount: amount().trim() ? Math.round(Number(amount()) * 100) : null } : {}),
      ...(trigger() === "deal.discount" ? { discountAbove: Number(discount()) } : {}),
      ...(trigger() === "deal.stage" ? { stageIds: stageIds() } : {}),
    };
    if (await act(() => approvalsApi.createFlow(input))) {
      setName("");
      setSteps([{ type: "manager", userId: "", role: "admin" }]);
    }
  };
  const stageName = (id: string) => pipelines()?.items.flatMap((p) => p.stages.map((s) => ({ ...s, pipeline: p.name }))).find((s) => s.stageId === id);
  const condition = (f: Flow) => {
    if (f.trigger === "deal.stage") return f.stageIds.map((id) => { const s = stageName(id); return s ? `${s.pipeline} · ${s.name}` : id; }).join(", ");
    if (f.trigger === "deal.discount") return t("approvals.discountAbove", { n: f.discountAbove ?? 0 });
    return f.minAmount === null ? t("approvals.always") : t("approvals.amountFrom", { n: (f.minAmount / 100).toLocaleString() });
  };
  const stepLabel = (s: Flow["steps"][number]) =>
    s.type === "user" ? session.memberName(s.userId ?? undefined) : s.type === "role" ? t("approvals.anyRole", { role: t(`role.${s.role}` as Key) }) : t("approvals.step.manager");
  return (
    <section class="page">
      <h1>{t("approvals.settingsTitle")}</h1>
      <p class="muted">{t("approvals.settingsIntro")}</p>
      <FormError error={error() ?? flows.error} />
      <Show when={flows()}>
        <Show when={flows()!.items.length} fallback={<p class="muted">{t("approvals.noFlows")}</p>}>
          <ul class="list" data-testid="approval-flows">
            <For each={flows()!.items}>
              {(f) => (
                <li class="card" data-testid="approval-flow">
                  <div class="row">
                    <strong>{f.name}</strong>
                    <span class="badge">{t(`approvals.trigger.${f.trigger}` as Key)}</span>
                    <Show when={!f.active}><span class="badge muted">{t("approvals.off")}</span></Show>
                  </div>
                  <p>{condition(f)}</p>
                  <ol>{f.steps.map((s) => <li>{stepLabel(s)}</li>)}</ol>
                  <Show when={session.isAdmin()}>
                    <div class="row">
                      <button type="button" class="secondary small" onClick={() => void act(() => approvalsApi.updateFlow(f.flowId, { version: f.version, active: !f.active }))}>{t(f.active ? "approvals.switchOff" : "approvals.switchOn")}</button>
                      <button type="button" class="danger small" onClick={() => void act(() => approvalsApi.removeFlow(f.flowId))}>{t("common.delete")}</button>
                    </div>
                  </Show>
                </li>
              )}
            </For>
          </ul>
        </Show>
      </Show>
      <Show when={session.isAdmin()}>
        <form class="card" onSubmit={save} data-testid="approval-flow-form">
          <h2>{t("approvals.newFlow")}</h2>
          <label>{t("approvals.flowName")}<input data-testid="flow-name" value={name()} onInput={(e) => setName(e.currentTarget.value)} required maxLength={200} /></label>
          <label>
            {t("approvals.when")}
            <select data-testid="flow-trigger" value={trigger()} onChange={(e) => setTrigger(e.currentTarget.value as Trigger)}>
              <For each={TRIGGERS}>{(x) => <option value={x}>{t(`approvals.trigger.${x}` as Key)}</option>}</For>
            </select>
          </label>
          <Show when={trigger() === "contract.create" || trigger() === "payment.record"}>
            <label>{t("approvals.minAmount")}<input type="number" min="0" step="0.01" value={amount()} onInput={(e) => setAmount(e.currentTarget.value)} /></label>
          </Show>
          <Show when={trigger() === "deal.discount"}>
            <label>{t("approvals.discountThreshold")}<input type="number" min="0" max="100" value={discount()} onInput={(e) => setDiscount(e.currentTarget.value)} /></label>
          </Show>
          <Show when={trigger() === "deal.stage"}>
            <fieldset>
              <legend>{t("approvals.stages")}</legend>
              <For each={pipelines()?.items ?? []}>
                {(p) => (
                  <For each={p.stages}>
                    {(s) => (
                      <label class="check">
                        <input type="checkbox" checked={stageIds().includes(s.stageId)} onChange={(e) => setStageIds(e.currentTarget.checked ? [...stageIds(), s.stageId] : stageIds().filter((x) => x !== s.stageId))} />
                        {p.name} · {s.name}
                      </label>
                    )}
                  </For>
                )}
              </For>
            </fieldset>
          </Show>
          <fieldset>
            <legend>{t("approvals.steps")}</legend>
            <Index each={steps()}>
              {(s, i) => (
                <div class="row" data-testid="flow-step">
                  <span>{i + 1}.</span>
                  <select value={s().type} aria-label={t("approvals.approverType")} onChange={(e) => setStep(i, { type: e.currentTarget.value as StepDraft["type"] })}>
                    <option value="manager">{t("approvals.step.manager")}</option>
                    <option value="user">{t("approvals.step.user")}</option>
                    <option value="role">{t("approvals.step.role")}</option>
                  </select>
                  <Show when={s().type === "user"}>
                    <select value={s().userId} aria-label={t("approvals.step.user")} onChange={(e) => setStep(i, { userId: e.currentTarget.value })}>
                      <option value="">—</option>
                      <For each={session.members().filter((m) => m.role !== "viewer")}>{(m) => <option value={m.userId}>{m.name || m.email}</option>}</For>
                    </select>
                  </Show>
                  <Show when={s().type === "role"}>
                    <select value={s().role} aria-label={t("approvals.step.role")} onChange={(e) => setStep(i, { role: e.currentTarget.value })}>
                      <For each={ROLES}>{(r) => <option value={r}>{t(`role.${r}` as Key)}</option>}</For>
                    </select>
                  </Show>
                  <Show when={steps().length > 1}>
                    <button type="button" class="secondary small" onClick={() => setSteps(steps().filter((_, j) => j !== i))}>{t("approvals.removeStep")}</button>
                  </Show>
                </div>
              )}
            </Index>
            <Show when={steps().length < 10}>
              <button type="button" class="secondary small" data-testid="add-step" onClick={() => setSteps([...steps(), { type: "role", userId: "", role: "admin" }])}>{t("approvals.addStep")}</button>
            </Show>
          </fieldset>
          <button type="submit" data-testid="flow-save">{t("approvals.saveFlow")}</button>
        </form>
      </Show>
    </section>
  );
}
