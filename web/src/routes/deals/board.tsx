import { A, useSearchParams } from "@solidjs/router";
import { DragDropProvider, DragDropSensors, DragOverlay, type CollisionDetector, type DragEvent } from "@thisbeyond/solid-dnd";
import { createEffect, createMemo, createSignal, For, on, onMount, Show } from "solid-js";
import { createStore, produce } from "solid-js/store";
import { ApiError } from "../../api";
import { FeatureLocked } from "../../components/feature-locked";
import { FormError } from "../../components/form-error";
import { place, type Drop } from "../../lib/board-moves";
import { createDebounced } from "../../lib/debounce";
import { toMinor } from "../../lib/money";
import { param } from "../../lib/next";
import { salesApi, type BoardFilters as Filters, type Deal, type DealFields, type Pipeline, type Stage } from "../../lib/sales-api";
import { errorText, t } from "../../i18n";
import { useSession } from "../../session";
import { BoardColumn, type ColumnState, type DropHint } from "./board-column";
import { BoardFilters, NO_FILTERS, type FilterValues } from "./board-filters";
import { ExportMenu } from "../../components/export-menu";
import { DealCardBody } from "./deal-card";
import { DealForm } from "./deal-form";
import { MoveDialog, type MoveNeed } from "./move-dialog";
import "./deals.css";

const PAGE = 20;
const weighted = (amount: number, probability: number) => Math.round((amount * probability) / 100);

/** The deal board at /deals: locked without the `deals` feature. */
export function DealBoard() {
  const session = useSession();
  return (
    <Show when={session.has("deals")} fallback={<FeatureLocked feature="deals" />}>
      <Board />
    </Show>
  );
}

function apiFilters(v: FilterValues, currency: string): Filters {
  const minor = (s: string) => toMinor(s, currency) ?? undefined;
  return {
    q: v.q.trim() || undefined, ownerId: v.ownerId || undefined, tag: v.tag.trim() || undefined,
    closeFrom: v.closeFrom || undefined, closeTo: v.closeTo || undefined, amountMin: minor(v.amountMin), amountMax: minor(v.amountMax),
  };
}

/**
 * Which card (or column) the dragged card's centre is over, read from the live layout so a column
 * scrolled during the drag still answers right. A card only counts where its column's body shows it.
 */
function hitTest(draggable: { transformed: { center: { x: number; y: number } } }, droppables: Parameters<CollisionDetector>[1]) {
  const c = draggable.transformed.center;
  const inside = (r: DOMRect) => c.x >= r.left && c.x <= r.right && c.y >= r.top && c.y <= r.bottom;
  const column = droppables.find((d) => d.data.type === "column" && inside(d.node.getBoundingClientRect()));
  if (!column) return null;
  const stageId = column.data.stageId as string;
  const body = column.node.querySelector(".column-body")?.getBoundingClientRect();
  if (body && inside(body)) {
    for (const d of droppables) {
      if (d.data.type !== "card" || d.data.stageId !== stageId) continue;
      const r = d.node.getBoundingClientRect();
      if (inside(r)) return { droppable: d, hint: { stageId, overId: d.data.dealId as string, above: c.y < r.top + r.height / 2 } };
    }
  }
  return { droppable: column, hint: { stageId, overId: null, above: false } };
}

function Board() {
  const session = useSession();
  const [params, setParams] = useSearchParams();
  const [pipelines, setPipelines] = createSignal<Pipeline[]>();
  const [error, setError] = createSignal<unknown>();
  onMount(() => salesApi.pipelines.list().then((r) => setPipelines(r.items), setError));
  const pipeline = () => {
    const all = pipelines() ?? [];
    return all.find((p) => p.pipelineId === param(params.pipeline)) ?? all[0];
  };
  const [filters, setFilters] = createSignal<FilterValues>({ ...NO_FILTERS });
  const debounced = createDebounced(filters, 300);
  const query = createMemo(
    () => (pipeline() ? { pipelineId: pipeline()!.pipelineId, filters: apiFilters(debounced(), pipeline()!.currency) } : undefined),
    undefined,
    { equals: (a, b) => JSON.stringify(a) === JSON.stringify(b) },
  );

  const [board, setBoard] = createStore<{ pipeline?: Pipeline; filtered: boolean; columns: ColumnState[]; loaded: boolean }>({ filtered: false, columns: [], loaded: false });
  let generation = 0;
  const load = async () => {
    const q = query();
    if (!q) return;
    const gen = ++generation;
    try {
      const res = await salesApi.pipelines.board(q.pipelineId, { ...q.filters, limit: PAGE });
      if (gen !== generation) return;
      setBoard({ pipeline: res.pipeline, filtered: res.filtered, loaded: true, columns: res.columns.map((c) => ({ ...c, loading: false })) });
      setError(undefined);
    } catch (err) {
      if (gen === generation) setError(err);
    }
  };
  createEffect(on(query, () => void load()));

  const loadMore = async (stageId: string) => {
    const q = query();
    const i = board.columns.findIndex((c) => c.stage.stageId === stageId);
    const col = board.columns[i];
    if (!q || !col?.cursor || col.loading) return;
    const gen = generation;
    setBoard("columns", i, "loading", true);
    try {
      const page = await salesApi.pipelines.column(q.pipelineId, stageId, { ...q.filters, cursor: col.cursor, limit: PAGE });
      if (gen !== generation) return;
      setBoard("columns", i, produce((c) => {
        const have = new Set(c.items.map((d) => d.dealId));
        c.items.push(...page.items.filter((d) => !have.has(d.dealId)));
        c.cursor = page.cursor;
        c.loading = false;
      }));
    } catch (err) {
      if (gen === generation) setBoard("columns", i, { loading: false, error: err });
    }
  };

  // Dragging: the hint follows the pointer; the drop decides the move.
  const [hint, setHint] = createSignal<DropHint | null>(null);
  const [justDragged, setJustDragged] = createSignal(false);
  const [need, setNeed] = createSignal<(MoveNeed & { drop: Drop; reason?: string }) | null>(null);
  const [moveError, setMoveError] = createSignal<unknown>();
  const detector: CollisionDetector = (draggable, droppables) => {
    const hit = hitTest(draggable, droppables);
    const h = hit?.hint ?? null;
    const old = hint();
    if (!old || !h || old.stageId !== h.stageId || old.overId !== h.overId || old.above !== h.above) setHint(h);
    return hit?.droppable ?? null;
  };
  const findDeal = (dealId: string) => {
    for (const c of board.columns) {
      const d = c.items.find((x) => x.dealId === dealId);
      if (d) return d;
    }
    return undefined;
  };
  const stageOf = (stageId: string) => board.columns.find((c) => c.stage.stageId === stageId)?.stage;

  const onDragEnd = ({ draggable }: DragEvent) => {
    const h = hint();
    setHint(null);
    setJustDragged(true);
    setTimeout(() => setJustDragged(false), 100);
    if (!h) return;
    const deal = findDeal(String(draggable.id));
    const to = stageOf(h.stageId);
    if (deal && to) attempt({ ...deal }, to, { overId: h.overId, above: h.above });
  };

  /** Starts a move: asks for a reason first when the deal enters a won or lost stage. */
  const attempt = (deal: Deal, to: Stage, drop: Drop, reason?: string) => {
    setMoveError(undefined);
    if (to.stageId !== deal.stageId && to.kind !== "open" && !reason) return setNeed({ kind: "reason", deal, to, drop });
    void move(deal, to, drop, reason);
  };

  /** Moves the card at once, then asks the API; puts everything back if the API says no. */
  const move = async (deal: Deal, to: Stage, drop: Drop, reason?: string) => {
    const target = board.columns.findIndex((c) => c.stage.stageId === to.stageId);
    const source = board.columns.findIndex((c) => c.items.some((d) => d.dealId === deal.dealId));
    if (target < 0 || source < 0) return;
    const placement = place(board.columns[target].items.map((d) => d.dealId), deal.dealId, drop);
    if (!placement) return;
    const snapshot = board.columns.map((c) => ({ items: [...c.items], count: c.count, amount: c.amount, weightedAmount: c.weightedAmount }));
    const amount = deal.amount ?? 0;
    setBoard(produce((b) => {
      const byId = new Map([...b.columns[source].items, ...b.columns[target].items].map((d) => [d.dealId, d]));
      const src = b.columns[source];
      const dst = b.columns[target];
      src.items = src.items.filter((d) => d.dealId !== deal.dealId);
      if (source !== target) {
        src.count -= 1;
        src.amount -= amount;
        src.weightedAmount = weighted(src.amount, src.stage.probability);
        dst.count += 1;
        dst.amount += amount;
        dst.weightedAmount = weighted(dst.amount, dst.stage.probability);
      }
      dst.items = placement.ids.map((id) => (id === deal.dealId ? { ...deal, stageId: to.stageId } : byId.get(id)!));
    }));
    try {
      const moved = await salesApi.deals.move(deal.dealId, { version: deal.version, stageId: to.stageId, beforeId: placement.beforeId, afterId: placement.afterId, reason });
      // A move held for approval (202) changed nothing yet: show the board as it is.
      if ("approval" in (moved as object)) return void load();
      setBoard("columns", target, "items", (d) => d.dealId === deal.dealId, moved);
    } catch (err) {
      setBoard(produce((b) => snapshot.forEach((s, i) => b.columns[i] && Object.assign(b.columns[i], s))));
      const from = stageOf(deal.stageId);
      if (err instanceof ApiError && err.code === "deal.stage_requirements" && from) {
        setNeed({ kind: "requirements", deal, to, from, missing: Object.keys(err.fields ?? {}), drop, reason });
      } else {
        setMoveError(err);
        // Someone else moved or edited it: show the board as it is now.
        if (err instanceof ApiError && err.status === 409) void load();
      }
    }
  };

  const ready = async (r: { reason?: string; fields?: DealFields }) => {
    const n = need()!;
    let deal = n.deal;
    if (r.fields) {
      deal = await salesApi.deals.update(deal.dealId, { ...r.fields, version: deal.version });
      const i = board.columns.findIndex((c) => c.items.some((d) => d.dealId === deal.dealId));
      if (i >= 0) setBoard("columns", i, "items", (d) => d.dealId === deal.dealId, deal);
    }
    setNeed(null);
    attempt(deal, n.to, n.drop, r.reason ?? n.reason);
  };

  const [creating, setCreating] = createSignal(false);
  const created = (deal: Deal) => {
    setCreating(false);
    const i = board.columns.findIndex((c) => c.stage.stageId === deal.stageId);
    if (i < 0) return;
    setBoard("columns", i, produce((c) => {
      c.items.unshift(deal);
      c.count += 1;
      c.amount += deal.amount ?? 0;
      c.weightedAmount = weighted(c.amount, c.stage.probability);
    }));
  };

  const moveErrorText = () => {
    const err = moveError();
    if (err instanceof ApiError && err.status === 409 && err.code === "conflict") return t("deals.moveConflict");
    return errorText(err);
  };

  return (
    <section class="page deals-page">
      <div class="page-head">
        <h1>{t("deals.boardTitle")}</h1>
        <div class="actions">
          <Show when={(pipelines()?.length ?? 0) > 1}>
            <label class="inline-label">
              <span>{t("deals.pipeline")}</span>
              <select name="pipeline" data-testid="pipeline-picker" value={pipeline()?.pipelineId ?? ""} onChange={(e) => setParams({ pipeline: e.currentTarget.value }, { replace: true })}>
                <For each={pipelines()}>{(p) => <option value={p.pipelineId}>{p.name}</option>}</For>
              </select>
            </label>
          </Show>
          <Show when={session.canWrite() && pipeline() && !creating()}>
            <button type="button" onClick={() => setCreating(true)} data-testid="new-deal">{t("deals.new")}</button>
          </Show>
        </div>
      </div>
      <FormError error={error()} />
      <Show when={pipelines()} fallback={<Show when={!error()}><p class="muted">{t("common.loading")}</p></Show>}>
        <Show when={pipeline()} fallback={<NoPipeline />}>
          {(p) => (
            <>
              <Show when={creating()}>
                <div class="card">
                  <h2>{t("deals.new")}</h2>
                  <DealForm
                    currency={p().currency}
                    submitLabel={t("common.create")}
                    onCancel={() => setCreating(false)}
                    onSubmit={async (input) => created(await salesApi.deals.create({ ...input, pipelineId: p().pipelineId }))}
                  />
                </div>
              </Show>
              <BoardFilters value={filters()} onChange={setFilters} />
              <ExportMenu path="deals" filters={() => ({ pipelineId: query()?.pipelineId, ...(query()?.filters ?? {}) })} />
              <Show when={board.filtered}><p class="muted board-note">{t("deals.totalsUnfiltered")}</p></Show>
              <Show when={moveError()}>
                <div class="error" role="alert" data-testid="move-error">
                  <span>{moveErrorText()}</span>
                  <button type="button" class="secondary small" onClick={() => setMoveError(undefined)}>{t("common.close")}</button>
                </div>
              </Show>
              <Show when={need()}>
                {(n) => <MoveDialog need={n()} currency={p().currency} onReady={ready} onCancel={() => setNeed(null)} />}
              </Show>
              <Show when={board.loaded} fallback={<Show when={!error()}><p class="muted">{t("common.loading")}</p></Show>}>
                <DragDropProvider collisionDetector={detector} onDragEnd={onDragEnd}>
                  <DragDropSensors />
                  <div class="board" data-testid="board">
                    <For each={board.columns}>
                      {(column) => (
                        <BoardColumn
                          column={column}
                          currency={board.pipeline?.currency ?? p().currency}
                          hint={hint()}
                          canWrite={session.canWrite()}
                          justDragged={justDragged}
                          onLoadMore={() => void loadMore(column.stage.stageId)}
                        />
                      )}
                    </For>
                  </div>
                  <DragOverlay class="deal-overlay">
                    {(draggable) => (
                      <Show when={draggable && findDeal(String(draggable.id))}>
                        {(d) => <div class="deal-card lifted"><DealCardBody deal={d()} /></div>}
                      </Show>
                    )}
                  </DragOverlay>
                </DragDropProvider>
              </Show>
            </>
          )}
        </Show>
      </Show>
    </section>
  );
}

function NoPipeline() {
  const session = useSession();
  return (
    <div class="card" data-testid="no-pipeline">
      <p>{t("deals.noPipeline")}</p>
      <Show when={session.isAdmin()} fallback={<p class="muted">{t("deals.askAdmin")}</p>}>
        <p><A href="/settings/pipelines">{t("deals.setUpPipelines")}</A></p>
      </Show>
    </div>
  );
}
