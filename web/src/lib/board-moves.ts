/**
 * Where a dropped card lands, as pure data: the column's new order and the neighbours the API wants
 * (`afterId`: the card it lands below, `beforeId`: the card it lands above), so the server keeps the same
 * order the person sees.
 */

export interface Drop {
  /** The card dropped on, or `null` for the column's empty space (the end of what is loaded). */
  overId: string | null;
  /** Whether it went to the upper half of that card (lands above it) or the lower half (below it). */
  above: boolean;
}

export interface Placement {
  /** The target column's ids after the move. */
  ids: string[];
  index: number;
  beforeId?: string;
  afterId?: string;
}

/**
 * Places `dealId` in the column whose loaded cards are `ids` (it may already be among them: a move within
 * the column). `null` when nothing changes (dropped on itself, or where it already is).
 */
export function place(ids: readonly string[], dealId: string, drop: Drop): Placement | null {
  if (drop.overId === dealId) return null;
  const rest = ids.filter((x) => x !== dealId);
  let index: number;
  if (drop.overId === null) index = rest.length;
  else {
    const at = rest.indexOf(drop.overId);
    index = at < 0 ? rest.length : drop.above ? at : at + 1;
  }
  const next = [...rest.slice(0, index), dealId, ...rest.slice(index)];
  if (ids.length === next.length && ids.every((x, i) => x === next[i])) return null;
  return { ids: next, index, afterId: rest[index - 1], beforeId: rest[index] };
}
