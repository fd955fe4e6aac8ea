import { describe, expect, it } from "vitest";
import { prng } from "../testing/prng";
import { Instalments } from "./instalments";

const day = (n: number) => new Date(Date.UTC(2026, 0, 1 + n)).toISOString().slice(0, 10);

describe("Instalments", () => {
  it("settles a targeted payment first and the rest in due order", () => {
    const plan = [
      { id: "a", amount: 30000, dueDate: "2026-03-01" },
      { id: "b", amount: 30000, dueDate: "2026-06-01" },
      { id: "c", amount: 40000, dueDate: "2026-09-01" },
    ];
    const { items, credit } = Instalments.settle(plan, [{ amount: 45000, paidOn: "2026-05-20", instalmentId: "c" }, { amount: 10000, paidOn: "2026-02-01" }], "2026-07-01");
    expect(items.map((i) => [i.id, i.paid, i.status])).toEqual([["a", 15000, "overdue"], ["b", 0, "overdue"], ["c", 40000, "paid"]]);
    expect(credit).toBe(0);
    expect(Instalments.totals(items)).toEqual({ planned: 100000, collected: 55000, outstanding: 45000, overdue: 45000 });
    const before = Instalments.settle(plan, [{ amount: 10000, paidOn: "2026-02-01" }], "2026-02-15");
    expect(before.items.map((i) => i.status)).toEqual(["partial", "unpaid", "unpaid"]);
  });

  it("keeps every cent and never pays an instalment beyond its amount (2,000 generated plans)", () => {
    const r = prng(5);
    for (let n = 0; n < 2000; n++) {
      const plan = Array.from({ length: r.int(1, 8) }, (_, k) => ({ id: `i${k}`, amount: r.int(1, 500) * 100, dueDate: day(r.int(0, 365)) }));
      const payments = Array.from({ length: r.int(0, 8) }, () => ({ amount: r.int(1, 900) * 50, paidOn: day(r.int(0, 365)), instalmentId: r.chance(0.4) ? r.pick(plan).id : null }));
      const today = day(r.int(0, 400));
      const { items, credit } = Instalments.settle(plan, payments, today);
      const received = payments.reduce((s, p) => s + p.amount, 0);
      const t = Instalments.totals(items);
      expect(t.collected + credit).toBe(received);
      expect(t.planned).toBe(plan.reduce((s, i) => s + i.amount, 0));
      for (const i of items) {
        expect(i.paid).toBeGreaterThanOrEqual(0);
        expect(i.paid).toBeLessThanOrEqual(i.amount);
        expect(i.status === "paid").toBe(i.outstanding === 0);
        if (i.status === "overdue") expect(i.dueDate < today).toBe(true);
      }
      // Credit only remains when everything is paid.
      if (credit > 0) expect(t.outstanding).toBe(0);
      // Untargeted money fills earlier instalments first: no open instalment precedes one that got untargeted money beyond its targeted share.
      const targeted = new Map<string, number>();
      for (const p of payments) if (p.instalmentId) targeted.set(p.instalmentId, (targeted.get(p.instalmentId) ?? 0) + p.amount);
      let sawOpen = false;
      for (const i of items) {
        const fromPool = i.paid - Math.min(i.amount, targeted.get(i.id) ?? 0);
        if (fromPool > 0) expect(sawOpen, `instalment ${i.id} got pooled money while an earlier one was open`).toBe(false);
        if (i.outstanding > 0) sawOpen = true;
      }
    }
  });
});
