import { A } from "@solidjs/router";
import { createSignal, For, onMount, Show } from "solid-js";
import { ApiError } from "../../api";
import { ConfirmButton } from "../../components/confirm-button";
import { Field } from "../../components/field";
import { FormError } from "../../components/form-error";
import { UpgradeHint } from "../../components/upgrade-hint";
import { createForm, orUndefined } from "../../lib/form";
import { salesApi, type Pipeline } from "../../lib/sales-api";
import { t } from "../../i18n";
import { useSession } from "../../session";
import { StageEditor } from "./pipelines-stages";
import "../deals/deals.css";

/** Sales pipelines: create (within the plan's limit), rename, delete, and edit each one's stages. */
export function PipelineSettings() {
  const session = useSession();
  const [pipelines, setPipelines] = createSignal<Pipeline[]>();
  const [error, setError] = createSignal<unknown>();
  const load = () => salesApi.pipelines.list().then((r) => { setPipelines(r.items); setError(undefined); }, setError);
  onMount(load);
  const replace = (p: Pipeline) => setPipelines((all) => all?.map((x) => (x.pipelineId === p.pipelineId ? p : x)));
  return (
    <Show when={session.has("deals")} fallback={<section class="card"><h2>{t("settings.pipelines")}</h2><UpgradeHint feature="deals" /></section>}>
      <div class="stack" data-testid="pipeline-settings">
        <FormError error={error()} />
        <Show when={pipelines()} fallback={<Show when={!error()}><p class="muted">{t("common.loading")}</p></Show>}>
          <Show when={pipelines()!.length} fallback={<section class="card"><p class="empty">{t("pipelines.none")}</p></section>}>
            <ul class="pipeline-list">
              <For each={pipelines()}>
                {(p) => (
                  <li class="card" data-testid="pipeline">
                    <PipelineHead pipeline={p} editable={session.isAdmin()} onSaved={replace} onDeleted={load} />
                    <StageEditor pipeline={p} editable={session.isAdmin()} onSaved={replace} onReload={load} />
                  </li>
                )}
              </For>
            </ul>
          </Show>
        </Show>
        <Show when={session.isAdmin()}>
          <section class="card">
            <h2>{t("pipelines.create")}</h2>
            <PipelineCreate onCreated={load} />
          </section>
        </Show>
      </div>
    </Show>
  );
}

function PipelineCreate(props: { onCreated: () => unknown }) {
  const f = createForm({ name: "", currency: "" });
  const submit = f.submit(async () => {
    await salesApi.pipelines.create({ name: f.values.name.trim(), currency: orUndefined(f.values.currency)?.toUpperCase() });
    f.reset({ name: "", currency: "" });
    await props.onCreated();
  });
  const limited = () => f.error() instanceof ApiError && (f.error() as ApiError).code === "plan.limit_reached";
  return (
    <form class="record-form" onSubmit={submit} data-testid="pipeline-create">
      <div class="grid">
        <Field label={t("pipelines.name")} error={f.fieldError("name")}>
          <input name="name" required maxLength={200} value={f.values.name} onInput={f.input("name")} />
        </Field>
        <Field label={t("workspace.currency")} error={f.fieldError("currency")} hint={t("pipelines.currencyHint")}>
          <input name="currency" maxLength={3} value={f.values.currency} onInput={f.input("currency")} />
        </Field>
      </div>
      <p class="muted">{t("pipelines.defaultStages")}</p>
      <FormError error={f.error()} />
      <div class="actions"><button type="submit" disabled={f.busy()}>{t("common.create")}</button></div>
      <Show when={limited()}>
        <p class="upgrade" data-testid="pipelines-limit">{t("pipelines.limitHint")} <A href="/settings/plan">{t("settings.plan")}</A></p>
      </Show>
    </form>
  );
}

function PipelineHead(props: { pipeline: Pipeline; editable: boolean; onSaved: (p: Pipeline) => void; onDeleted: () => unknown }) {
  const f = createForm({ name: props.pipeline.name });
  const [deleteError, setDeleteError] = createSignal<unknown>();
  const submit = f.submit(async () => props.onSaved(await salesApi.pipelines.rename(props.pipeline.pipelineId, { name: f.values.name.trim(), version: props.pipeline.version })));
  const remove = async () => {
    setDeleteError(undefined);
    try {
      await salesApi.pipelines.remove(props.pipeline.pipelineId);
      await props.onDeleted();
    } catch (err) {
      setDeleteError(err);
    }
  };
  return (
    <div class="section-head">
      <Show when={props.editable} fallback={<h2>{props.pipeline.name} <span class="muted">· {props.pipeline.currency}</span></h2>}>
        <form class="inline-form" onSubmit={submit}>
          <input name="pipelineName" aria-label={t("pipelines.name")} required maxLength={200} value={f.values.name} onInput={f.input("name")} />
          <span class="muted">{props.pipeline.currency}</span>
          <button type="submit" class="small" disabled={f.busy() || f.values.name.trim() === props.pipeline.name}>{t("teams.rename")}</button>
          <Show when={f.fieldError("name")}><span class="field-error">{f.fieldError("name")}</span></Show>
          <FormError error={f.error()} />
        </form>
        <ConfirmButton small label={t("common.delete")} question={t("pipelines.deleteQuestion", { name: props.pipeline.name })} onConfirm={remove} testid="pipeline-delete" />
      </Show>
      <FormError error={deleteError()} />
    </div>
  );
}
