import { describe, expect, it } from "vitest";
import { Counters, type DealFacts, type StageKind } from "./counters";
import { ReportMath } from "./report-math";

function rng(seed: number) {
  return () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
}

const STAGES: Array<{ stageId: string; kind: StageKind; probability: number; name: string }> = [
  { stageId: "s1", kind: "open", probability: 10, name: "Lead" },
  { stageId: "s2", kind: "open", probability: 40, name: "Proposal" },
  { stageId: "s3", kind: "open", probability: 70, name: "Negotiation" },
  { stageId: "won", kind: "won", probability: 100, name: "Won" },
  { stageId: "lost", kind: "lost", probability: 0, name: "Lost" },
];
const OWNERS = ["u1", "u2", "u3"];
const MONTHS = ["2024-01", "2024-02", "2024-03"];
const SOURCES = ["web", "referral", null];

interface SimDeal extends DealFacts {
  id: string;
  createdMonth: string;
  reached: string[];
}

/** Applies random writes through `Counters.changes` and keeps an independent log to recount from. */
function simulate(seed: number, steps: number, months = MONTHS) {
  const r = rng(seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)];
  const counters = new Map<string, Record<string, number>>();
  const apply = (cs: ReturnType<typeof Counters.changes>) => {
    const seen = new Set<string>();
    for (const c of cs) {
      const key = Counters.keyOf(c.target);
      expect(seen.has(key), "one change per item").toBe(false);
      seen.add(key);
      const into = counters.get(key) ?? counters.set(key, {}).get(key)!;
      for (const [f, v] of Object.entries(c.add)) into[f] = (into[f] ?? 0) + v;
    }
  };
  const deals = new Map<string, SimDeal>();
  const log = { created: new Map<string, number>(), entered: new Map<string, number>(), reached: new Map<string, number>() };
  const bump = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
  const facts = (d: SimDeal): DealFacts => ({ ...d });
  // The recount's own notion of the funnel: a deal reaches every non-lost stage up to the one it enters.
  const brute = (d: SimDeal, stageId: string, month: string) => {
    const order = STAGES.filter((s) => s.kind !== "lost").map((s) => s.stageId);
    const i = order.indexOf(stageId);
    for (const id of order.slice(0, i + 1)) if (!d.reached.includes(id)) { d.reached.push(id); bump(log.reached, `${month}|${id}`); }
  };
  const closeFacts = (d: SimDeal, stage: (typeof STAGES)[number], month: string) => {
    d.status = stage.kind;
    d.closedMonth = stage.kind === "open" ? null : month;
    d.cycleSeconds = stage.kind === "won" ? Math.floor(r() * 90 * 86400) : null;
  };
  for (let n = 0; n < steps; n++) {
    const month = pick(months);
    const op = deals.size === 0 ? 0 : Math.floor(r() * 5);
    const existing = [...deals.values()];
    if (op === 0) {
      const stage = pick(STAGES);
      const d: SimDeal = { id: `d${n}`, pipelineId: "p", stageId: stage.stageId, status: "open", ownerId: pick(OWNERS), amount: Math.floor(r() * 1e6), createdMonth: month, reached: [], source: pick(SOURCES) };
      closeFacts(d, stage, month);
      const reached = Counters.newlyReached(STAGES, stage.stageId, []);
      apply(Counters.changes(null, facts(d), Counters.entryFlows({ pipelineId: "p", month, stageId: stage.stageId, reached, created: { amount: d.amount, source: d.source } })));
      bump(log.created, month);
      bump(log.created, `${month}|${d.source ?? ""}`);
      bump(log.entered, `${month}|${stage.stageId}`);
      brute(d, stage.stageId, month);
      expect([...reached].sort()).toEqual([...d.reached].sort());
      deals.set(d.id, d);
    } else if (op === 1 || op === 2) {
      const d = pick(existing);
      const before = facts(d);
      const stage = pick(STAGES);
      const moved = stage.stageId !== d.stageId;
      const reached = moved ? Counters.newlyReached(STAGES, stage.stageId, d.reached) : [];
      d.stageId = stage.stageId;
      if (moved) closeFacts(d, stage, month);
      apply(Counters.changes(before, facts(d), moved ? Counters.entryFlows({ pipelineId: "p", month, stageId: stage.stageId, reached }) : []));
      if (moved) {
        bump(log.entered, `${month}|${stage.stageId}`);
        const had = [...d.reached];
        brute(d, stage.stageId, month);
        expect([...reached].sort()).toEqual(d.reached.filter((x) => !had.includes(x)).sort());
      }
    } else if (op === 3) {
      const d = pick(existing);
      const before = facts(d);
      const what = r();
      if (what < 0.4) d.amount = Math.floor(r() * 1e6);
      else if (what < 0.8) d.ownerId = pick(OWNERS);
      else d.source = pick(SOURCES);
      apply(Counters.changes(before, facts(d)));
    } else {
      const d = pick(existing);
      apply(Counters.changes(facts(d), null));
      deals.delete(d.id);
    }
  }
  const get = (t: Parameters<typeof Counters.keyOf>[0]) => counters.get(Counters.keyOf(t)) ?? {};
  return { deals: [...deals.values()], log, get, counters };
}

describe("sales counters (generated write sequences)", () => {
  it("board counters equal a recount of the deals after 300 sequences of creates, moves, edits and deletes", () => {
    for (let seed = 1; seed <= 300; seed++) {
      const { deals, get } = simulate(seed, 5 + (seed % 60));
      for (const s of STAGES) {
        const inStage = deals.filter((d) => d.stageId === s.stageId);
        const all = get({ type: "board", pipelineId: "p", scope: "all", stageId: s.stageId });
        expect(all.count ?? 0).toBe(inStage.length);
        expect(all.amount ?? 0).toBe(inStage.reduce((a, d) => a + d.amount, 0));
        for (const o of OWNERS) {
          const mine = inStage.filter((d) => d.ownerId === o);
          const c = get({ type: "board", pipelineId: "p", scope: `owner#${o}`, stageId: s.stageId });
          expect(c.count ?? 0).toBe(mine.length);
          expect(c.amount ?? 0).toBe(mine.reduce((a, d) => a + d.amount, 0));
        }
      }
    }
  });

  it("outcome and flow counters equal a recount; the report arithmetic matches figures computed from the deals", () => {
    for (let seed = 1; seed <= 300; seed++) {
      const { deals, log, get } = simulate(seed * 7, 10 + (seed % 80));
      for (const month of MONTHS) {
        const closed = deals.filter((d) => d.closedMonth === month);
        const won = closed.filter((d) => d.status === "won");
        const lost = closed.filter((d) => d.status === "lost");
        const all = get({ type: "stat", pipelineId: "p", month, dimension: "all" });
        expect(all.won ?? 0).toBe(won.length);
        expect(all.lost ?? 0).toBe(lost.length);
        expect(all.wonAmount ?? 0).toBe(won.reduce((a, d) => a + d.amount, 0));
        expect(all.cycleSeconds ?? 0).toBe(won.reduce((a, d) => a + (d.cycleSeconds ?? 0), 0));
        expect(all.created ?? 0).toBe(log.created.get(month) ?? 0);
        for (const s of STAGES) {
          const st = get({ type: "stat", pipelineId: "p", month, dimension: `stage#${s.stageId}` });
          expect(st.entered ?? 0).toBe(log.entered.get(`${month}|${s.stageId}`) ?? 0);
          expect(st.reached ?? 0).toBe(log.reached.get(`${month}|${s.stageId}`) ?? 0);
        }
        const totals = ReportMath.sumByDimension([{ dimension: "all", ...all }]).get("all")!;
        const sum = ReportMath.summary(totals);
        expect(sum.winRate).toBe(won.length + lost.length ? won.length / (won.length + lost.length) : null);
        expect(sum.averageDealSize).toBe(won.length ? Math.round(won.reduce((a, d) => a + d.amount, 0) / won.length) : null);
        const days = won.reduce((a, d) => a + (d.cycleSeconds ?? 0), 0) / 86400 / won.length;
        if (won.length) expect(Math.abs(sum.averageCycleDays! - days)).toBeLessThanOrEqual(0.05);
        const ownerItems = OWNERS.map((o) => ({ dimension: `owner#${o}`, ...get({ type: "stat", pipelineId: "p", month, dimension: `owner#${o}` }) }));
        const rows = ReportMath.byOwner(ReportMath.sumByDimension(ownerItems), () => undefined);
        for (const o of OWNERS) {
          const mine = won.filter((d) => d.ownerId === o);
          const row = rows.find((x) => x.ownerId === o);
          expect(row?.wonAmount ?? 0).toBe(mine.reduce((a, d) => a + d.amount, 0));
          expect(row?.won ?? 0).toBe(mine.length);
        }
        for (let i = 1; i < rows.length; i++) expect(rows[i - 1].wonAmount).toBeGreaterThanOrEqual(rows[i].wonAmount);
        const sourceItems = SOURCES.map((src) => ({ dimension: `source#${src ?? ""}`, ...get({ type: "stat", pipelineId: "p", month, dimension: `source#${src ?? ""}` }) }));
        const sources = ReportMath.bySource(ReportMath.sumByDimension(sourceItems));
        for (const src of SOURCES) {
          const mine = won.filter((d) => (d.source ?? null) === src);
          const row = sources.find((x) => x.source === src);
          expect(row?.wonAmount ?? 0).toBe(mine.reduce((a, d) => a + d.amount, 0));
          expect(row?.lost ?? 0).toBe(lost.filter((d) => (d.source ?? null) === src).length);
          expect(row?.created ?? 0).toBe(log.created.get(`${month}|${src ?? ""}`) ?? 0);
        }
        // Teams: u1 and u2 in team a, u2 and u3 in team b.
        const teamsOf = (o: string) => ({ u1: ["a"], u2: ["a", "b"], u3: ["b"] })[o] ?? [];
        const teams = ReportMath.byTeam(rows, teamsOf, (id) => `Team ${id}`);
        for (const team of ["a", "b"]) {
          const members = OWNERS.filter((o) => teamsOf(o).includes(team));
          const row = teams.find((x) => x.teamId === team);
          expect(row?.wonAmount ?? 0).toBe(won.filter((d) => members.includes(d.ownerId)).reduce((a, d) => a + d.amount, 0));
        }
      }
    }
  });

  it("within one period every funnel step converts at most all deals of the previous one", () => {
    for (let seed = 1; seed <= 200; seed++) {
      const { get } = simulate(seed * 13, 20 + (seed % 50), ["2024-05"]);
      const rows = ReportMath.funnel(STAGES, (id) => ReportMath.sumByDimension([{ dimension: "x", ...get({ type: "stat", pipelineId: "p", month: "2024-05", dimension: `stage#${id}` }) }]).get("x"));
      expect(rows.map((r) => r.stageId)).toEqual(["s1", "s2", "s3", "won"]);
      expect(rows[0].conversion).toBeNull();
      for (let i = 1; i < rows.length; i++) {
        expect(rows[i].reached).toBeLessThanOrEqual(rows[i - 1].reached);
        if (rows[i - 1].reached) expect(rows[i].conversion).toBeCloseTo(rows[i].reached / rows[i - 1].reached);
        else expect(rows[i].conversion).toBeNull();
      }
    }
  });

  it("pipeline value weights each stage by its probability and totals the open stages", () => {
    const r = rng(5);
    for (let n = 0; n < 500; n++) {
      const amounts = STAGES.map(() => Math.floor(r() * 1e9));
      const counts = STAGES.map(() => Math.floor(r() * 1000));
      const v = ReportMath.pipelineValue(STAGES, (id) => {
        const i = STAGES.findIndex((s) => s.stageId === id);
        return { count: counts[i], amount: amounts[i] };
      });
      STAGES.forEach((s, i) => {
        expect(v.stages[i].weighted).toBe(Math.round((amounts[i] * s.probability) / 100));
        expect(Math.abs(v.stages[i].weighted - (amounts[i] * s.probability) / 100)).toBeLessThanOrEqual(0.5);
      });
      expect(v.open.amount).toBe(amounts[0] + amounts[1] + amounts[2]);
      expect(v.open.count).toBe(counts[0] + counts[1] + counts[2]);
      expect(v.open.weighted).toBe(v.stages.slice(0, 3).reduce((a, s) => a + s.weighted, 0));
    }
  });

  it("the previous period has as many months and ends the month before (600 generated ranges)", () => {
    const r = rng(3);
    for (let n = 0; n < 600; n++) {
      const y = 2000 + Math.floor(r() * 40);
      const m = 1 + Math.floor(r() * 12);
      const from = `${y}-${String(m).padStart(2, "0")}`;
      const to = ReportMath.monthsBetween(from, `${y + 3}-12`)[Math.floor(r() * 24)];
      const prev = ReportMath.previousPeriod(from, to);
      const all = ReportMath.monthsBetween(prev.from, to);
      expect(ReportMath.monthsBetween(prev.from, prev.to).length).toBe(ReportMath.monthsBetween(from, to).length);
      expect(all.length).toBe(2 * ReportMath.monthsBetween(from, to).length);
      expect(all[all.indexOf(prev.to) + 1]).toBe(from);
    }
    expect(ReportMath.previousPeriod("2024-01", "2024-03")).toEqual({ from: "2023-10", to: "2023-12" });
  });

  it("months and time zones", () => {
    expect(ReportMath.monthsBetween("2023-11", "2024-02")).toEqual(["2023-11", "2023-12", "2024-01", "2024-02"]);
    expect(ReportMath.monthsBetween("2024-03", "2024-02")).toEqual([]);
    expect(ReportMath.monthOf(new Date("2024-05-31T16:30:00Z"), "Asia/Shanghai")).toBe("2024-06");
    expect(ReportMath.monthOf(new Date("2024-05-31T16:30:00Z"), "UTC")).toBe("2024-05");
    expect(ReportMath.monthOf(new Date("2024-01-01T03:00:00Z"), "America/New_York")).toBe("2023-12");
    expect(ReportMath.winRate(0, 0)).toBeNull();
    expect(ReportMath.averageDealSize(0, 0)).toBeNull();
  });
});
