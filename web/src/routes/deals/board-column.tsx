import { createDroppable } from "@thisbeyond/solid-dnd";
import { createVirtualizer } from "@tanstack/solid-virtual";
import { createEffect, For, on, Show } from "solid-js";
import { formatMoney } from "../../lib/money";
import type { Deal, Stage } from "../../lib/sales-api";
import { formatNumber, locale, t } from "../../i18n";
import { DealCard } from "./deal-card";

/** A column as the board keeps it: the stage, its totals, the cards loaded so far and the cursor to go on. */
export interface ColumnState {
  stage: Stage;
  count: number;
  amount: number;
  weightedAmount: number;
  items: Deal[];
  cursor: string | null;
  loading: boolean;
  error?: unknown;
}

/** Cards have a fixed height, so the virtualizer needs no measuring: card plus gap. */
export const CARD_SIZE = 104;
const OVERSCAN = 4;

/** Where the card being dragged would land, shown as a line above or below a card (or at the column's end). */
export interface DropHint { stageId: string; overId: string | null; above: boolean }

/**
 * One stage of the board. Only the cards in view (and a few around them) are in the DOM, whatever the
 * column holds; scrolling near the end asks for the next page with the column's cursor.
 */
export function BoardColumn(props: {
  column: ColumnState;
  currency: string;
  hint: DropHint | null;
  canWrite: boolean;
  justDragged: () => boolean;
  onLoadMore: () => void;
}) {
  let scroller: HTMLDivElement | undefined;
  const droppable = createDroppable(`col:${props.column.stage.stageId}`, { type: "column", stageId: props.column.stage.stageId });
  const virtualizer = createVirtualizer({
    get count() {
      return props.column.items.length;
    },
    getScrollElement: () => scroller ?? null,
    estimateSize: () => CARD_SIZE,
    overscan: OVERSCAN,
    getItemKey: (i) => props.column.items[i]?.dealId ?? i,
  });
  // Near the end of what is loaded: fetch the next page (the parent ignores the call while one is on its way).
  createEffect(on(() => [virtualizer.getVirtualItems().at(-1)?.index ?? -1, props.column.items.length, props.column.cursor] as const, ([last, length, cursor]) => {
    if (cursor && !props.column.loading && last >= length - OVERSCAN) props.onLoadMore();
  }));
  const hintFor = (dealId: string) => {
    const h = props.hint;
    if (!h || h.stageId !== props.column.stage.stageId || h.overId !== dealId) return undefined;
    return h.above ? "above" : "below";
  };
  const stage = () => props.column.stage;
  return (
    <section
      ref={(el) => droppable(el, () => ({ skipTransform: true }))}
      class={`board-column kind-${stage().kind}`}
      classList={{ "drop-target": props.hint?.stageId === stage().stageId }}
      data-testid="board-column"
      data-stage-id={stage().stageId}
      aria-label={stage().name}
    >
      <header class="column-head">
        <div class="column-title">
          <h2>{stage().name}</h2>
          <span class="badge" data-testid="column-count">{formatNumber(props.column.count)}</span>
        </div>
        <div class="column-sums">
          <span data-testid="column-amount">{formatMoney(props.column.amount, props.currency, locale())}</span>
          <Show when={stage().kind === "open"}>
            <span class="muted" title={t("deals.weightedHint", { p: stage().probability })}>
              {t("deals.weighted", { amount: formatMoney(props.column.weightedAmount, props.currency, locale()) })}
            </span>
          </Show>
        </div>
      </header>
      <div class="column-body" ref={scroller} data-testid="column-body">
        <Show when={props.column.items.length} fallback={<Show when={!props.column.loading}><p class="empty column-empty">{t("deals.columnEmpty")}</p></Show>}>
          <div class="column-inner" style={{ height: `${virtualizer.getTotalSize()}px` }}>
            <For each={virtualizer.getVirtualItems()}>
              {(vi) => (
                <div class="card-slot" style={{ top: `${vi.start}px`, height: `${CARD_SIZE}px` }}>
                  <Show when={props.column.items[vi.index]} keyed>
                    {(deal) => <DealCard deal={deal} stageId={stage().stageId} dropHint={hintFor(deal.dealId)} justDragged={props.justDragged} disabled={!props.canWrite} />}
                  </Show>
                </div>
              )}
            </For>
          </div>
        </Show>
        <Show when={props.hint?.stageId === stage().stageId && props.hint.overId === null}><div class="drop-end" aria-hidden="true" /></Show>
        <Show when={props.column.loading}><p class="muted column-loading">{t("common.loading")}</p></Show>
        <Show when={props.column.cursor && !props.column.loading}>
          <button type="button" class="link small" onClick={() => props.onLoadMore()} data-testid="column-more">{t("common.more")}</button>
        </Show>
      </div>
    </section>
  );
}
