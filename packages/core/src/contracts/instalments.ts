export * as Instalments from "./instalments";

/**
 * Which instalments of a payment plan are paid. Amounts are integers in the currency's minor unit. A payment
 * recorded against an instalment settles that one first; what is left of it, and payments recorded against none,
 * settle the earliest open instalments in due order. An unpaid balance after its due date is overdue.
 */
export interface Instalment { id: string; amount: number; dueDate: string /* yyyy-MM-dd */ }
export interface Payment { amount: number; paidOn: string; instalmentId?: string | null }
export type Status = "paid" | "partial" | "unpaid" | "overdue";
export interface Settled extends Instalment { paid: number; outstanding: number; status: Status }

export function settle(instalments: Instalment[], payments: Payment[], today: string): { items: Settled[]; credit: number } {
  const ordered = [...instalments].sort((a, b) => a.dueDate.localeCompare(b.dueDate) || a.id.localeCompare(b.id));
  const paid = new Map(ordered.map((i) => [i.id, 0]));
  const open = (i: Instalment) => i.amount - paid.get(i.id)!;
  let pool = 0;
  for (const p of payments) {
    const target = p.instalmentId ? ordered.find((i) => i.id === p.instalmentId) : undefined;
    let left = p.amount;
    if (target) {
      const take = Math.min(left, Math.max(0, open(target)));
      paid.set(target.id, paid.get(target.id)! + take);
      left -= take;
    }
    pool += left;
  }
  for (const i of ordered) {
    if (pool <= 0) break;
    const take = Math.min(pool, open(i));
    paid.set(i.id, paid.get(i.id)! + take);
    pool -= take;
  }
  const items = ordered.map((i): Settled => {
    const p = paid.get(i.id)!;
    const outstanding = i.amount - p;
    const status: Status = outstanding <= 0 ? "paid" : i.dueDate < today ? "overdue" : p > 0 ? "partial" : "unpaid";
    return { ...i, paid: p, outstanding, status };
  });
  return { items, credit: pool };
}

/** Totals for a receivables view: collected, outstanding and the overdue part of it. */
export function totals(items: Settled[]) {
  return items.reduce(
    (t, i) => ({ planned: t.planned + i.amount, collected: t.collected + i.paid, outstanding: t.outstanding + i.outstanding, overdue: t.overdue + (i.status === "overdue" ? i.outstanding : 0) }),
    { planned: 0, collected: 0, outstanding: 0, overdue: 0 },
  );
}
