import { createSignal, For, Show } from "solid-js";
import { ApiError } from "../../api";
import { ConfirmButton } from "../../components/confirm-button";
import { Field } from "../../components/field";
import { FormError } from "../../components/form-error";
import { createForm } from "../../lib/form";
import { REQUIRABLE, STAGE_KINDS, salesApi, type Pipeline, type Stage, type StageKind } from "../../lib/sales-api";
import { t, type Key } from "../../i18n";
import { requiredFieldName } from "../deals/move-dialog";

export const kindName = (kind: StageKind) => t(`pipelines.kind.${kind}` as Key);

/** A pipeline's stages in order: each editable in place, movable up and down, removable while empty; a form to add one. */
export function StageEditor(props: { pipeline: Pipeline; editable: boolean; onSaved: (p: Pipeline) => void; onReload: () => unknown }) {
  const [error, setError] = createSignal<unknown>();
  const [errorStage, setErrorStage] = createSignal<string>();
  const run = async (stage: Stage | undefined, action: () => Promise<Pipeline>) => {
    setError(undefined);
    try {
      props.onSaved(await action());
    } catch (err) {
      setErrorStage(stage?.name);
      setError(err);
    }
  };
  const moveBy = (index: number, delta: number) => {
    const ids = props.pipeline.stages.map((s) => s.stageId);
    const [id] = ids.splice(index, 1);
    ids.splice(index + delta, 0, id);
    void run(undefined, () => salesApi.pipelines.reorder(props.pipeline.pipelineId, { stageIds: ids, version: props.pipeline.version }));
  };
  const notEmpty = () => error() instanceof ApiError && (error() as ApiError).code === "pipeline.stage_not_empty";
  return (
    <div>
      <h3>{t("pipelines.stages")}</h3>
      <Show when={notEmpty()} fallback={<FormError error={error()} onReload={() => props.onReload()} />}>
        <p class="error" role="alert" data-testid="stage-not-empty">{t("pipelines.stageNotEmpty", { stage: errorStage() ?? "" })}</p>
      </Show>
      <ol class="stage-rows">
        <For each={props.pipeline.stages}>
          {(stage, i) => (
            <li class="stage-row" data-testid="stage-row">
              <div class="stage-row-head">
                <strong>{stage.name}</strong>
                <span class="badge">{kindName(stage.kind)} · {stage.probability}%</span>
                <Show when={props.editable}>
                  <button type="button" class="secondary small" aria-label={t("pipelines.moveUp")} title={t("pipelines.moveUp")} disabled={i() === 0} onClick={() => moveBy(i(), -1)}>↑</button>
                  <button type="button" class="secondary small" aria-label={t("pipelines.moveDown")} title={t("pipelines.moveDown")} disabled={i() === props.pipeline.stages.length - 1} onClick={() => moveBy(i(), 1)}>↓</button>
                  <ConfirmButton small label={t("pipelines.removeStage")} question={t("pipelines.removeStageQuestion", { stage: stage.name })} testid="stage-remove"
                    onConfirm={() => run(stage, () => salesApi.pipelines.removeStage(props.pipeline.pipelineId, stage.stageId))} />
                </Show>
              </div>
              <Show when={stage.guidance}><p class="muted stage-guidance-text">{stage.guidance}</p></Show>
              <Show when={stage.requiredFields.length}>
                <p class="stage-required">{t("deals.requiredToLeave")}: {stage.requiredFields.map(requiredFieldName).join(t("deals.listSeparator"))}</p>
              </Show>
              <Show when={props.editable}>
                <details class="stage-edit">
                  <summary>{t("common.edit")}</summary>
                  <StageFields
                    stage={stage}
                    submitLabel={t("common.save")}
                    onSubmit={(input) => run(stage, () => salesApi.pipelines.updateStage(props.pipeline.pipelineId, stage.stageId, { ...input, version: props.pipeline.version }))}
                  />
                </details>
              </Show>
            </li>
          )}
        </For>
      </ol>
      <Show when={props.editable}>
        <details class="stage-add">
          <summary>{t("pipelines.addStage")}</summary>
          <StageFields
            submitLabel={t("pipelines.addStage")}
            testid="stage-add"
            onSubmit={(input) => salesApi.pipelines.addStage(props.pipeline.pipelineId, { ...input, version: props.pipeline.version }).then(props.onSaved)}
          />
        </details>
      </Show>
    </div>
  );
}

type StageValues = { name: string; probability: number; kind: StageKind; guidance: string; requiredFields: string[] };

/** Name, win probability, kind, guidance and required fields of a stage. */
function StageFields(props: { stage?: Stage; submitLabel: string; testid?: string; onSubmit: (input: StageValues) => Promise<unknown> }) {
  const s = props.stage;
  const f = createForm({ name: s?.name ?? "", probability: String(s?.probability ?? 0), kind: s?.kind ?? ("open" as StageKind), guidance: s?.guidance ?? "", requiredFields: s?.requiredFields ?? ([] as string[]) });
  const customs = () => f.values.requiredFields.filter((x) => x.startsWith("custom."));
  const toggle = (key: string, on: boolean) => f.setValues("requiredFields", on ? [...f.values.requiredFields, key] : f.values.requiredFields.filter((x) => x !== key));
  const submit = f.submit(async () => {
    await props.onSubmit({
      name: f.values.name.trim(), probability: Math.round(Number(f.values.probability) || 0), kind: f.values.kind, guidance: f.values.guidance.trim(), requiredFields: [...f.values.requiredFields],
    });
    if (!props.stage) f.reset({ name: "", probability: "0", kind: "open", guidance: "", requiredFields: [] });
  });
  return (
    <form class="stage-fields" onSubmit={submit} data-testid={props.testid ?? "stage-form"}>
      <Field label={t("pipelines.stageName")} error={f.fieldError("name")}>
        <input name="stageName" required maxLength={100} value={f.values.name} onInput={f.input("name")} />
      </Field>
      <Field label={t("pipelines.probability")} error={f.fieldError("probability")}>
        <input name="probability" type="number" min={0} max={100} step={1} value={f.values.probability} onInput={f.input("probability")} />
      </Field>
      <Field label={t("pipelines.kind")} error={f.fieldError("kind")}>
        <select name="kind" value={f.values.kind} onChange={f.input("kind")}>
          <For each={STAGE_KINDS}>{(k) => <option value={k}>{kindName(k)}</option>}</For>
        </select>
      </Field>
      <Field label={t("deals.guidance")} error={f.fieldError("guidance")} class="wide">
        <textarea name="guidance" maxLength={2000} value={f.values.guidance} onInput={f.input("guidance")} />
      </Field>
      <Field label={t("deals.requiredToLeave")} error={f.fieldError("requiredFields")} class="wide" group>
        <div class="checks">
          <For each={[...REQUIRABLE, ...customs()]}>
            {(key) => (
              <label class="check">
                <input type="checkbox" name={`required-${key}`} checked={f.values.requiredFields.includes(key)} onChange={(e) => toggle(key, e.currentTarget.checked)} />
                <span>{requiredFieldName(key)}</span>
              </label>
            )}
          </For>
        </div>
      </Field>
      <div class="actions wide">
        <button type="submit" class="small" disabled={f.busy()}>{props.submitLabel}</button>
        <FormError error={f.error()} />
      </div>
    </form>
  );
}
