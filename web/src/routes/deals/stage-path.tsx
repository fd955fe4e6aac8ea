import { For, Show } from "solid-js";
import type { Deal, Stage } from "../../lib/sales-api";
import { t } from "../../i18n";
import { requiredFieldName } from "./move-dialog";

const blank = (v: unknown) => v === undefined || v === null || (typeof v === "string" && v.trim() === "") || (Array.isArray(v) && v.length === 0);

/** The required fields the deal lacks (the API's rule: an amount of 0 is a value, an empty tag list is not). */
export function missingFields(deal: Deal, required: string[]): string[] {
  return required.filter((f) => (f.startsWith("custom.") ? blank(deal.custom?.[f.slice("custom.".length)]) : blank((deal as unknown as Record<string, unknown>)[f])));
}

/**
 * The stages as a path (as Salesforce's Path): those passed, the current one, those ahead; the won and
 * lost stages at the end. A click on another stage moves the deal there.
 */
export function StagePath(props: { stages: Stage[]; current: string; disabled: boolean; onPick: (stage: Stage) => void }) {
  const index = () => props.stages.findIndex((s) => s.stageId === props.current);
  const currentStage = () => props.stages[index()];
  return (
    <ol class="stage-path" aria-label={t("deals.stagePath")} data-testid="stage-path">
      <For each={props.stages}>
        {(s, i) => (
          <li>
            <button
              type="button"
              class={`stage-step ${s.kind}`}
              classList={{ current: s.stageId === props.current, done: currentStage()?.kind === "open" && s.kind === "open" && i() < index() }}
              aria-current={s.stageId === props.current ? "step" : undefined}
              disabled={props.disabled || s.stageId === props.current}
              title={s.name}
              data-testid="stage-step"
              onClick={() => props.onPick(s)}
            >
              {s.name}
            </button>
          </li>
        )}
      </For>
    </ol>
  );
}

/** What to do in the current stage, and which fields must be filled before the deal leaves it. */
export function StageGuidance(props: { stage: Stage; deal: Deal }) {
  const missing = () => missingFields(props.deal, props.stage.requiredFields);
  return (
    <div class="stage-guidance" data-testid="stage-guidance">
      <div>
        <h3>{t("deals.guidance")}</h3>
        <p class={props.stage.guidance ? "" : "muted"}>{props.stage.guidance || t("deals.noGuidance")}</p>
      </div>
      <div>
        <h3>{t("deals.requiredToLeave")}</h3>
        <Show when={props.stage.requiredFields.length} fallback={<p class="muted">{t("deals.nothingRequired")}</p>}>
          <ul class="required-list" data-testid="required-fields">
            <For each={props.stage.requiredFields}>
              {(f) => {
                const lacking = () => missing().includes(f);
                return (
                  <li classList={{ missing: lacking(), ok: !lacking() }}>
                    {lacking() ? "✗" : "✓"} {requiredFieldName(f)}
                  </li>
                );
              }}
            </For>
          </ul>
        </Show>
      </div>
    </div>
  );
}
