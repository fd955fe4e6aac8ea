import { A } from "@solidjs/router";
import { createSignal, Show } from "solid-js";
import { Field } from "../../components/field";
import { FormError } from "../../components/form-error";
import type { Deal, DealFields, Stage } from "../../lib/sales-api";
import { t, type Key } from "../../i18n";
import { DealForm } from "./deal-form";

const LABELS: Record<string, Key> = {
  amount: "deals.amount", closeDate: "deals.closeDate", contactId: "deals.contact", companyId: "field.company", source: "deals.source", tags: "field.tags",
};
/** A field a stage can require, by name: built-in ones translated, `custom.<key>` by its key. */
export const requiredFieldName = (key: string) => (LABELS[key] ? t(LABELS[key]) : key.replace(/^custom\./, ""));

/** What a move still needs from the person: a reason (won or lost), or the fields the stage it leaves requires. */
export type MoveNeed =
  | { kind: "reason"; deal: Deal; to: Stage }
  | { kind: "requirements"; deal: Deal; to: Stage; from: Stage; missing: string[] };

/**
 * Asks for what a move needs, then calls `onReady` (with the reason, or the filled fields to save before
 * moving again). Custom fields cannot be typed here: the deal's page has them.
 */
export function MoveDialog(props: { need: MoveNeed; currency: string; onReady: (r: { reason?: string; fields?: DealFields }) => Promise<unknown>; onCancel: () => void }) {
  return (
    <div class="card move-dialog" role="dialog" aria-modal="false" aria-labelledby="move-dialog-title" data-testid="move-dialog">
      <Show when={props.need.kind === "reason" ? props.need : undefined} keyed>
        {(need) => <ReasonForm need={need} onReady={props.onReady} onCancel={props.onCancel} />}
      </Show>
      <Show when={props.need.kind === "requirements" ? props.need : undefined} keyed>
        {(need) => (
          <>
            <h2 id="move-dialog-title">{t("deals.requirementsTitle", { stage: need.from.name })}</h2>
            <p class="error" role="alert" data-testid="missing-fields">
              {t("deals.requirementsText", { deal: need.deal.title, fields: need.missing.map(requiredFieldName).join(t("deals.listSeparator")) })}
            </p>
            <Show when={need.missing.some((f) => f.startsWith("custom."))}>
              <p class="muted"><A href={`/deals/${need.deal.dealId}`}>{t("deals.fillOnDealPage")}</A></p>
            </Show>
            <DealForm
              initial={need.deal}
              currency={props.currency}
              only={need.missing}
              testid="requirements-form"
              submitLabel={t("deals.saveAndMove", { stage: need.to.name })}
              onSubmit={async (input) => {
                const { title: _title, ...fields } = input;
                await props.onReady({ fields });
              }}
              onCancel={props.onCancel}
            />
          </>
        )}
      </Show>
    </div>
  );
}

function ReasonForm(props: { need: Extract<MoveNeed, { kind: "reason" }>; onReady: (r: { reason: string }) => Promise<unknown>; onCancel: () => void }) {
  const [reason, setReason] = createSignal("");
  const [error, setError] = createSignal<unknown>();
  const [busy, setBusy] = createSignal(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await props.onReady({ reason: reason().trim() });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="record-form" onSubmit={submit} data-testid="reason-form">
      <h2 id="move-dialog-title">{t(props.need.to.kind === "won" ? "deals.wonTitle" : "deals.lostTitle", { deal: props.need.deal.title })}</h2>
      <Field label={t(props.need.to.kind === "won" ? "deals.wonReason" : "deals.lostReason")}>
        <textarea name="reason" required maxLength={500} rows={3} value={reason()} onInput={(e) => setReason(e.currentTarget.value)} />
      </Field>
      <FormError error={error()} />
      <div class="actions">
        <button type="submit" disabled={busy() || !reason().trim()}>{t("deals.moveTo", { stage: props.need.to.name })}</button>
        <button type="button" class="secondary" onClick={() => props.onCancel()}>{t("common.cancel")}</button>
      </div>
    </form>
  );
}
