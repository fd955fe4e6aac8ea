import { A } from "@solidjs/router";
import { createDraggable, createDroppable } from "@thisbeyond/solid-dnd";
import { For, Show } from "solid-js";
import { formatDay } from "../../lib/labels";
import { formatMoney } from "../../lib/money";
import type { Deal } from "../../lib/sales-api";
import { locale } from "../../i18n";
import { useSession } from "../../session";

/** What a card shows: title, amount, owner, close date and the first tags. */
export function DealCardBody(props: { deal: Deal }) {
  const session = useSession();
  return (
    <>
      <div class="deal-card-title">{props.deal.title}</div>
      <div class="deal-card-line">
        <span class="deal-amount" data-testid="deal-amount">{formatMoney(props.deal.amount, props.deal.currency, locale())}</span>
        <Show when={props.deal.closeDate}><span class="muted">{formatDay(props.deal.closeDate!)}</span></Show>
      </div>
      <div class="deal-card-line muted">
        <span class="deal-owner">{session.memberName(props.deal.ownerId)}</span>
        <span class="tags"><For each={props.deal.tags.slice(0, 2)}>{(tag) => <span class="tag">{tag}</span>}</For></span>
      </div>
    </>
  );
}

/**
 * A board card: draggable (a press of 250 ms or a move of 10 px starts a drag, so a click still opens the
 * deal) and a drop target of its own, so a card dropped on it lands just above or below it.
 */
export function DealCard(props: { deal: Deal; stageId: string; dropHint?: "above" | "below"; justDragged: () => boolean; disabled?: boolean }) {
  const draggable = createDraggable(props.deal.dealId, { type: "card", dealId: props.deal.dealId });
  const droppable = createDroppable(`card:${props.deal.dealId}`, { type: "card", dealId: props.deal.dealId, stageId: props.stageId });
  const bind = (el: HTMLElement) => {
    if (!props.disabled) draggable(el, () => ({ skipTransform: true }));
    droppable(el, () => ({ skipTransform: true }));
  };
  return (
    <article
      ref={bind}
      class="deal-card"
      classList={{ dragging: draggable.isActiveDraggable, "drop-above": props.dropHint === "above", "drop-below": props.dropHint === "below" }}
      data-testid="deal-card"
      data-deal-id={props.deal.dealId}
    >
      <A
        href={`/deals/${props.deal.dealId}`}
        class="deal-card-link"
        draggable={false}
        onClick={(e) => props.justDragged() && e.preventDefault()}
      >
        <DealCardBody deal={props.deal} />
      </A>
    </article>
  );
}
