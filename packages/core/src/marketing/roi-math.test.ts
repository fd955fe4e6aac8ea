import { describe, expect, it } from "vitest";
import { prng } from "../testing/prng";
import { RoiMath } from "./roi-math";

const ZONES = ["Asia/Shanghai", "UTC", "America/New_York"];
const CAMPAIGNS = [null, "c1", "c2", "c3"];
const SOURCES = [null, "Web", "web ", "Referral", "trade_show", ""];

function randomInstant(r: ReturnType<typeof prng>) {
  return new Date(Date.UTC(2025, r.int(0, 23), r.int(1, 28), r.int(0, 23), r.int(0, 59))).toISOString();
}

type Counter = Map<string, RoiMath.Counts>;
const keyOf = (c: { month: string; campaignKey: string; sourceKey: string }) => `${c.month}|${c.campaignKey}|${c.sourceKey}`;
function apply(counter: Counter, changes: RoiMath.Contribution[]) {
  for (const c of changes) {
    const into = counter.get(keyOf(c)) ?? counter.set(keyOf(c), RoiMath.zero()).get(keyOf(c))!;
    for (const [m, v] of Object.entries(c.add) as Array<[RoiMath.Measure, number]>) into[m] += v;
  }
}
function nonZero(counter: Counter) {
  return Object.fromEntries([...counter.entries()].map(([k, v]) => [k, Object.fromEntries(Object.entries(v).filter(([, n]) => n !== 0))] as const).filter(([, v]) => Object.keys(v).length).sort(([a], [b]) => (a < b ? -1 : 1)));
}

describe("ROI counters", () => {
  it("moving each record's counts by diff(before, after) always equals a recount of the records (500 generated histories)", () => {
    for (let seed = 1; seed <= 500; seed++) {
      const r = prng(seed);
      const tz = r.pick(ZONES);
      const counter: Counter = new Map();
      const counted = new Map<string, RoiMath.Contribution[]>();
      const records = new Map<string, RoiMath.Contribution[]>();
      for (let step = 0; step < 30; step++) {
        const id = `r${r.int(0, 7)}`;
        let now: RoiMath.Contribution[];
        if (r.chance(0.15)) now = [];
        else if (id < "r4") {
          const status = r.pick(["new", "working", "converted", "disqualified"]);
          now = RoiMath.leadContributions({ campaignId: r.pick(CAMPAIGNS), source: r.pick(SOURCES), status, createdAt: randomInstant(r), convertedAt: status === "converted" ? randomInstant(r) : null }, tz);
        } else if (id === "r7") {
          now = RoiMath.costContributions({ campaignId: r.pick(CAMPAIGNS.slice(1))!, channel: r.pick(["trade_show", "email"]), date: randomInstant(r).slice(0, 10), amount: r.int(1, 1e6) });
        } else {
          const status = r.pick(["open", "won", "lost"] as const);
          now = RoiMath.dealContributions({ campaignId: r.pick(CAMPAIGNS), source: r.pick(SOURCES), status, amount: r.chance(0.2) ? null : r.int(0, 1e7), createdAt: randomInstant(r), closedAt: status === "open" ? null : randomInstant(r) }, tz);
        }
        const changes = RoiMath.diff(counted.get(id) ?? [], now);
        // One change per counter item (a transaction touches an item once), none empty.
        expect(new Set(changes.map(keyOf)).size, `seed ${seed}`).toBe(changes.length);
        for (const c of changes) expect(Object.values(c.add).every((v) => v !== 0) && Object.keys(c.add).length > 0).toBe(true);
        apply(counter, changes);
        counted.set(id, now);
        records.set(id, now);
      }
      const recount: Counter = new Map();
      for (const contributions of records.values()) apply(recount, contributions);
      expect(nonZero(counter), `seed ${seed}`).toEqual(nonZero(recount));
    }
  });

  it("counts a lead in its creation month and as qualified in its conversion month, in the workspace's zone", () => {
    const out = RoiMath.leadContributions({ campaignId: "c1", source: " Web ", status: "converted", createdAt: "2026-01-31T17:00:00Z", convertedAt: "2026-03-01T01:00:00Z" }, "Asia/Shanghai");
    expect(out).toEqual([
      { month: "2026-02", campaignKey: "c1", sourceKey: "web", add: { leads: 1 } },
      { month: "2026-03", campaignKey: "c1", sourceKey: "web", add: { qualified: 1 } },
    ]);
    expect(RoiMath.leadContributions({ status: "working", createdAt: "2026-01-31T17:00:00Z" }, "UTC")).toEqual([{ month: "2026-01", campaignKey: "-", sourceKey: "-", add: { leads: 1 } }]);
    expect(RoiMath.dealContributions({ status: "won", amount: null, createdAt: "2026-01-05T00:00:00Z", closedAt: "2026-02-05T00:00:00Z" }, "UTC")[1].add).toEqual({ won: 1, wonAmount: 0 });
  });
});

describe("ROI figures", () => {
  it("ROI is (won − cost) / cost, cost per lead is cost / leads, and totals are the sums of the groups (500 generated reports)", () => {
    for (let seed = 1; seed <= 500; seed++) {
      const r = prng(seed);
      const stats: RoiMath.Stat[] = Array.from({ length: r.int(0, 40) }, () => ({
        month: `2026-${String(r.int(1, 12)).padStart(2, "0")}`, campaignKey: r.pick(["-", "c1", "c2"]), sourceKey: r.pick(["-", "web", "referral"]),
        cost: r.chance(0.3) ? r.int(0, 1e6) : undefined, leads: r.int(0, 50), qualified: r.int(0, 20), deals: r.int(0, 10), won: r.int(0, 5), wonAmount: r.int(0, 1e7),
      }));
      const groupBy = r.pick(["campaign", "source", "month"] as const);
      const { groups, total } = RoiMath.aggregate(stats, groupBy);
      for (const m of RoiMath.MEASURES) {
        const sum = stats.reduce((s, x) => s + ((x as Partial<RoiMath.Counts>)[m] ?? 0), 0);
        expect(groups.reduce((s, g) => s + g.counts[m], 0), `seed ${seed} ${m}`).toBe(sum);
        expect(total[m]).toBe(sum);
      }
      expect(groups.map((g) => g.key)).toEqual([...new Set(groups.map((g) => g.key))].sort());
      for (const g of groups) {
        const f = RoiMath.figures(g.counts);
        if (g.counts.cost === 0) expect(f.roi).toBeNull();
        else {
          expect(f.roi! * g.counts.cost).toBeCloseTo(g.counts.wonAmount - g.counts.cost, 3);
          // Break-even exactly when the won amount equals the cost.
          expect(Math.sign(f.roi!)).toBe(Math.sign(g.counts.wonAmount - g.counts.cost));
        }
        if (g.counts.leads === 0 || g.counts.cost === 0) expect(f.costPerLead).toBeNull();
        else expect(Math.abs(f.costPerLead! * g.counts.leads - g.counts.cost)).toBeLessThanOrEqual(g.counts.leads / 2);
      }
    }
  });

  it("hand-computed: cost 10,000, won 25,000 from 4 leads → ROI 1.5 and 2,500 per lead", () => {
    expect(RoiMath.figures({ cost: 10000, leads: 4, qualified: 2, deals: 2, won: 1, wonAmount: 25000, wonUnconverted: 0 })).toEqual({ cost: 10000, leads: 4, qualified: 2, deals: 2, won: 1, wonAmount: 25000, wonUnconverted: 0, costPerLead: 2500, roi: 1.5 });
  });

  it("converts won amounts into the workspace's currency by minor units, and leaves out those without a rate", () => {
    const money = { currency: "CNY", rates: { USD: 7.1, JPY: 0.048 } };
    // 1,000.00 USD at 7.1 is 7,100.00 CNY; 10,000 JPY (no minor unit) at 0.048 is 480.00 CNY.
    expect(RoiMath.convert(100_000, "USD", money)).toBe(710_000);
    expect(RoiMath.convert(10_000, "JPY", money)).toBe(48_000);
    expect(RoiMath.convert(12_345, "CNY", money)).toBe(12_345);
    expect(RoiMath.convert(100, "EUR", money)).toBeNull();
    // A won deal is counted in its own currency and converted when the report is read, with the rates of then.
    const won = (currency: string, amount: number) => RoiMath.dealContributions({ status: "won", amount, currency, createdAt: "2026-01-05T00:00:00Z", closedAt: "2026-02-05T00:00:00Z" }, "UTC")[1];
    expect(won("USD", 100_000)).toMatchObject({ currency: "USD", add: { won: 1, wonAmount: 100_000 } });
    const stats = (["USD", "EUR", "CNY"] as const).map((currency, i) => ({ month: "2026-02", campaignKey: "c1", sourceKey: "-", currency, won: 1, wonAmount: [100_000, 100_000, 5][i] }));
    expect(RoiMath.aggregate(stats, "campaign", money).total).toMatchObject({ won: 3, wonAmount: 710_000 + 5, wonUnconverted: 1 });
    // A rate set later applies to the deals already won.
    expect(RoiMath.aggregate(stats, "campaign", { ...money, rates: { ...money.rates, EUR: 7.8, USD: 7 } }).total).toMatchObject({ won: 3, wonAmount: 700_000 + 780_000 + 5, wonUnconverted: 0 });
    // Generated amounts: a round trip through a rate and its inverse stays within one minor unit per conversion.
    const r = prng(99);
    for (let i = 0; i < 500; i++) {
      const rate = r.int(1, 100_000) / 1000;
      const amount = r.int(0, 1e9);
      const there = RoiMath.convert(amount, "USD", { currency: "CNY", rates: { USD: rate } })!;
      const back = RoiMath.convert(there, "CNY", { currency: "USD", rates: { CNY: 1 / rate } })!;
      expect(Math.abs(back - amount)).toBeLessThanOrEqual(Math.ceil(1 / rate) + 1);
    }
  });

  it("lists every month of a period, across years (300 generated periods)", () => {
    for (let seed = 1; seed <= 300; seed++) {
      const r = prng(seed);
      const y = r.int(2000, 2030);
      const m = r.int(1, 12);
      const span = r.int(0, 40);
      const from = `${y}-${String(m).padStart(2, "0")}`;
      const end = y * 12 + m - 1 + span;
      const to = `${Math.floor(end / 12)}-${String((end % 12) + 1).padStart(2, "0")}`;
      const months = RoiMath.monthsBetween(from, to);
      expect(months.length, `seed ${seed}`).toBe(span + 1);
      expect(months[0]).toBe(from);
      expect(months.at(-1)).toBe(to);
      expect([...months].sort()).toEqual(months);
      expect(RoiMath.monthsBetween(to, from)).toEqual(span === 0 ? [from] : []);
    }
  });
});
