import { A, useNavigate, useParams } from "@solidjs/router";
import { createEffect, createSignal, For, on, Show } from "solid-js";
import { ApiError } from "../../api";
import { ConfirmButton } from "../../components/confirm-button";
import { FeatureLocked } from "../../components/feature-locked";
import { FormError } from "../../components/form-error";
import { Tags } from "../../components/tags-input";
import { companyName } from "../../lib/company-names";
import { formatDay } from "../../lib/labels";
import { formatMoney } from "../../lib/money";
import { salesApi, type DealFields, type DealWithHistory, type Pipeline, type Stage } from "../../lib/sales-api";
import { formatDate, locale, t } from "../../i18n";
import { useSession } from "../../session";
import { NotesActivity } from "../collab/notes-activity";
import { RelatedObjects } from "../objects/related-panel";
import { CustomFieldValues } from "../../components/custom-fields";
import { CheckInButton } from "../visits/check-in";
import { DealForm } from "./deal-form";
import { MoveDialog, type MoveNeed } from "./move-dialog";
import { StageGuidance, StagePath } from "./stage-path";
import { PendingApprovalBanner } from "../approvals/banner";
import "./deals.css";

/** A deal at /deals/:id: the stage path with guidance, won/lost, the fields, the stage history, notes and timeline. */
export function DealDetail() {
  const session = useSession();
  return (
    <Show when={session.has("deals")} fallback={<FeatureLocked feature="deals" />}>
      <DealPage />
    </Show>
  );
}

function DealPage() {
  const params = useParams();
  const navigate = useNavigate();
  const session = useSession();
  const [deal, setDeal] = createSignal<DealWithHistory>();
  const [pipeline, setPipeline] = createSignal<Pipeline>();
  const [error, setError] = createSignal<unknown>();
  const [moveError, setMoveError] = createSignal<unknown>();
  const [need, setNeed] = createSignal<(MoveNeed & { reason?: string }) | null>(null);
  const [saved, setSaved] = createSignal(false);
  const [editKey, setEditKey] = createSignal(0);
  const load = async () => {
    try {
      const d = await salesApi.deals.get(params.id!);
      if (pipeline()?.pipelineId !== d.pipelineId) setPipeline(await salesApi.pipelines.get(d.pipelineId));
      setDeal(d);
      setEditKey(editKey() + 1);
      setError(undefined);
    } catch (err) {
      setError(err);
    }
  };
  createEffect(on(() => params.id, () => { setDeal(undefined); setSaved(false); setNeed(null); void load(); }));

  const stage = () => pipeline()?.stages.find((s) => s.stageId === deal()?.stageId);

  /** Moves to `to` (to the top of its column); asks for a reason or for missing fields when needed. */
  const moveTo = async (to: Stage, reason?: string) => {
    const d = deal()!;
    setMoveError(undefined);
    setSaved(false);
    if (to.kind !== "open" && !reason) return setNeed({ kind: "reason", deal: d, to });
    try {
      await salesApi.deals.move(d.dealId, { version: d.version, stageId: to.stageId, reason });
      setNeed(null);
      await load();
    } catch (err) {
      if (err instanceof ApiError && err.code === "deal.stage_requirements" && stage()) {
        setNeed({ kind: "requirements", deal: d, to, from: stage()!, missing: Object.keys(err.fields ?? {}), reason });
      } else {
        setNeed(null);
        setMoveError(err);
      }
    }
  };
  const ready = async (r: { reason?: string; fields?: DealFields }) => {
    const n = need()!;
    if (r.fields) {
      await salesApi.deals.update(n.deal.dealId, { ...r.fields, version: deal()!.version });
      await load();
    }
    setNeed(null);
    await moveTo(n.to, r.reason ?? n.reason);
  };
  const firstOf = (kind: "won" | "lost") => pipeline()?.stages.find((s) => s.kind === kind);
  const remove = async () => {
    try {
      await salesApi.deals.remove(params.id!);
      navigate(`/deals?pipeline=${deal()!.pipelineId}`, { replace: true });
    } catch (err) {
      setMoveError(err);
    }
  };

  return (
    <section class="page deal-page">
      <A href={deal() ? `/deals?pipeline=${deal()!.pipelineId}` : "/deals"} class="back">← {t("deals.back")}</A>
      <FormError error={error()} />
      <Show when={deal() && pipeline() ? { d: deal()!, p: pipeline()! } : undefined} fallback={<Show when={!error()}><p class="muted">{t("common.loading")}</p></Show>}>
        {(both) => (
          <>
            <div class="page-head">
              <h1 data-testid="record-title">{both().d.title}</h1>
              <Show when={session.canWrite()}>
                <ConfirmButton label={t("common.delete")} question={t("deals.deleteQuestion")} onConfirm={remove} testid="delete" />
              </Show>
            </div>
            <PendingApprovalBanner approvalId={(both().d as { approvalId?: string }).approvalId} onChange={() => void load()} />
            <div class="card">
              <StagePath stages={both().p.stages} current={both().d.stageId} disabled={!session.canWrite()} onPick={(s) => void moveTo(s)} />
              <Show when={stage()}>{(s) => <StageGuidance stage={s()} deal={both().d} />}</Show>
              <Show when={both().d.status !== "open"}>
                <p class="deal-status" data-testid="deal-status">
                  {both().d.status === "won" ? t("deals.wonBecause", { reason: both().d.wonReason ?? "" }) : t("deals.lostBecause", { reason: both().d.lostReason ?? "" })}
                </p>
              </Show>
              <Show when={session.canWrite() && both().d.status === "open"}>
                <div class="close-actions">
                  <Show when={firstOf("won")}>{(s) => <button type="button" data-testid="mark-won" onClick={() => void moveTo(s())}>{t("deals.markWon")}</button>}</Show>
                  <Show when={firstOf("lost")}>{(s) => <button type="button" class="danger" data-testid="mark-lost" onClick={() => void moveTo(s())}>{t("deals.markLost")}</button>}</Show>
                </div>
              </Show>
              <FormError error={moveError()} onReload={() => void load()} />
            </div>
            <Show when={need()}>{(n) => <MoveDialog need={n()} currency={both().p.currency} onReady={ready} onCancel={() => setNeed(null)} />}</Show>
            <dl class="meta">
              <dt>{t("deals.amount")}</dt><dd data-testid="deal-amount">{formatMoney(both().d.amount, both().d.currency, locale()) || "—"}</dd>
              <dt>{t("deals.pipeline")}</dt><dd>{both().p.name}</dd>
              <dt>{t("field.owner")}</dt><dd>{session.memberName(both().d.ownerId)}</dd>
              <dt>{t("deals.closeDate")}</dt><dd>{both().d.closeDate ? formatDay(both().d.closeDate!) : "—"}</dd>
              <Show when={both().d.companyId}>
                <dt>{t("field.company")}</dt><dd><A href={`/companies/${both().d.companyId}`}>{companyName(both().d.companyId!) || t("common.loading")}</A></dd>
              </Show>
              <Show when={both().d.contactId}>
                <dt>{t("deals.contact")}</dt><dd><A href={`/contacts/${both().d.contactId}`}>{t("deals.openContact")}</A></dd>
              </Show>
              <dt>{t("deals.source")}</dt><dd>{both().d.source ?? "—"}</dd>
              <dt>{t("field.tags")}</dt><dd><Tags tags={both().d.tags} /></dd>
            </dl>
            <CustomFieldValues object="deal" values={both().d.custom} />
            <CheckInButton recordType="deal" recordId={both().d.dealId} />
            <Show when={session.canWrite()}>
              <div class="card">
                <h2>{t("common.edit")}</h2>
                <Show when={saved()}><p class="notice" role="status">{t("common.saved")}</p></Show>
                <Show when={editKey()} keyed>
                  <DealForm
                    initial={both().d}
                    currency={both().p.currency}
                    submitLabel={t("common.save")}
                    onReload={() => void load()}
                    onSubmit={async (input) => {
                      setSaved(false);
                      await salesApi.deals.update(both().d.dealId, { ...input, version: both().d.version });
                      await load();
                      setSaved(true);
                    }}
                  />
                </Show>
              </div>
            </Show>
            <StageHistory deal={both().d} />
            <RelatedObjects type="deal" id={both().d.dealId} />
            <NotesActivity recordType="deal" recordId={both().d.dealId} />
          </>
        )}
      </Show>
    </section>
  );
}

/** Every stage the deal entered: who moved it, when, from where to where, and its amount then. */
function StageHistory(props: { deal: DealWithHistory }) {
  const session = useSession();
  const rows = () => [...props.deal.history].reverse();
  return (
    <section class="card" data-testid="stage-history">
      <h2>{t("deals.history")}</h2>
      <table class="records">
        <thead>
          <tr><th>{t("deals.when")}</th><th>{t("deals.who")}</th><th>{t("deals.from")}</th><th>{t("deals.to")}</th><th>{t("deals.amount")}</th></tr>
        </thead>
        <tbody>
          <For each={rows()}>
            {(h) => (
              <tr data-testid="history-row">
                <td data-label={t("deals.when")}>{formatDate(h.at)}</td>
                <td data-label={t("deals.who")}>{h.actorType === "user" ? session.memberName(h.actorId) || t("collab.someone") : t("collab.system")}</td>
                <td data-label={t("deals.from")}>{h.fromStageName ?? t("deals.created")}</td>
                <td data-label={t("deals.to")}>{h.toStageName}<Show when={h.reason}><span class="muted"> · {h.reason}</span></Show></td>
                <td data-label={t("deals.amount")}>{formatMoney(h.amount, h.currency, locale()) || "—"}</td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </section>
  );
}
