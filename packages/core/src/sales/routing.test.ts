import { describe, expect, it } from "vitest";
import { Routing } from "./routing";
import { mulberry32 as prng } from "../testing/prng";


const SOURCES = ["web", "Expo", "referral", "广告"];
const REGIONS = ["Guangdong", "浙江", "Beijing", "Shanghai"];
const TAGS = ["vip", "smb", "retail", "eu"];
const MEMBERS = ["u1", "u2", "u3", "u4", "u5"];

function gen(seed: number) {
  const r = prng(seed);
  const int = (n: number) => Math.floor(r() * n);
  const pick = <T>(xs: T[]) => xs[int(xs.length)];
  const some = <T>(xs: T[]) => xs.filter(() => r() < 0.4);
  const maybe = <T>(v: () => T) => (r() < 0.5 ? v() : undefined);
  const conditions = (): Routing.Conditions => {
    const c: Routing.Conditions = {};
    if (r() < 0.4) c.sources = some(SOURCES);
    if (r() < 0.4) c.regions = some(REGIONS);
    if (r() < 0.3) c.tags = some(TAGS);
    if (r() < 0.3) c.amountMin = int(10_000);
    if (r() < 0.3) c.amountMax = int(20_000);
    return c;
  };
  const action = (): Routing.Action => {
    const k = int(3);
    return k === 0 ? { type: "owner", ownerId: pick([...MEMBERS, "gone"]) } : { type: k === 1 ? "round_robin" : "fewest_open", teamId: pick(["t1", "t2", "empty"]) };
  };
  const rules: Routing.Rule[] = Array.from({ length: int(6) }, (_, i) => ({ ruleId: `r${i}`, name: `Rule ${i}`, conditions: conditions(), action: action() }));
  const lead: Routing.LeadFacts = {
    source: maybe(() => pick(SOURCES)), region: maybe(() => pick(REGIONS)), tags: some(TAGS), amount: maybe(() => int(25_000)),
  };
  const state: Routing.State = {
    members: MEMBERS, teams: { t1: ["u1", "u2", "u3"], t2: ["u4", "u5"], empty: [] },
    roundRobin: { t1: int(100), t2: int(100) }, open: Object.fromEntries(MEMBERS.map((m) => [m, int(5)])),
    defaultOwnerId: pick(["u5", "gone", null]), tenantOwnerId: "owner",
  };
  return { r, int, pick, rules, lead, state };
}

/** An independent statement of one rule's meaning, condition by condition. */
function oracle(c: Routing.Conditions, l: Routing.LeadFacts): boolean {
  const lower = (s: string) => s.toLowerCase();
  const checks = [
    !c.sources?.length || (!!l.source && c.sources.map(lower).includes(lower(l.source))),
    !c.regions?.length || (!!l.region && c.regions.map(lower).includes(lower(l.region))),
    !c.tags?.length || (l.tags ?? []).some((t) => c.tags!.map(lower).includes(lower(t))),
    c.amountMin === undefined || (l.amount != null && l.amount >= c.amountMin),
    c.amountMax === undefined || (l.amount != null && l.amount <= c.amountMax),
  ];
  return checks.every(Boolean);
}

describe("lead routing rules (generated cases)", () => {
  it("matches a rule exactly when each of its conditions holds", () => {
    for (let seed = 1; seed <= 3000; seed++) {
      const { rules, lead } = gen(seed);
      for (const rule of rules) expect(Routing.matches(rule.conditions, lead), `seed ${seed} ${rule.ruleId}`).toBe(oracle(rule.conditions, lead));
    }
  });

  it("the first matching rule in order decides; unmatched leads go to the default owner, else the workspace owner", () => {
    for (let seed = 1; seed <= 3000; seed++) {
      const { rules, lead, state } = gen(seed);
      const choice = Routing.choose(rules, lead, state);
      const first = rules.findIndex((x) => oracle(x.conditions, lead));
      const fallbackOwner = state.defaultOwnerId && state.members.includes(state.defaultOwnerId) ? state.defaultOwnerId : "owner";
      if (first < 0) {
        expect(choice, `seed ${seed}`).toEqual({ ownerId: fallbackOwner, routedBy: "default", guard: null });
        continue;
      }
      const rule = rules[first];
      const a = rule.action;
      const team = a.type === "owner" ? [] : state.teams[a.teamId];
      const nobody = a.type === "owner" ? !state.members.includes(a.ownerId) : team.length === 0;
      if (nobody) {
        expect(choice, `seed ${seed}`).toEqual({ ownerId: fallbackOwner, routedBy: "default", guard: null });
        continue;
      }
      expect(choice.routedBy).toBe(rule.ruleId);
      if (a.type === "owner") expect(choice.ownerId).toBe(a.ownerId);
      if (a.type === "round_robin") {
        expect(team).toContain(choice.ownerId);
        expect(choice.guard).toEqual({ kind: "round_robin", teamId: a.teamId, expected: state.roundRobin[a.teamId] });
      }
      if (a.type === "fewest_open") {
        const min = Math.min(...team.map((m) => state.open[m]));
        expect(state.open[choice.ownerId]).toBe(min);
        expect(choice.guard).toEqual({ kind: "open", userId: choice.ownerId, expected: min });
      }
    }
  });

  it("ignores case and full-width forms in sources, regions and tags", () => {
    for (let seed = 1; seed <= 500; seed++) {
      const { pick } = gen(seed);
      const source = pick(SOURCES);
      expect(Routing.matches({ sources: [source.toUpperCase()] }, { source: ` ${source.toLowerCase()} ` })).toBe(true);
    }
    expect(Routing.matches({ regions: ["ＧＵＡＮＧＤＯＮＧ"] }, { region: "guangdong" })).toBe(true);
  });

  it("round robin over k turns gives each of n members k/n leads", () => {
    for (let seed = 1; seed <= 300; seed++) {
      const { int } = gen(seed);
      const n = 1 + int(7);
      const members = Array.from({ length: n }, (_, i) => `m${int(1000)}-${i}`);
      const start = int(1000);
      const rounds = 1 + int(5);
      const got: Record<string, number> = {};
      for (let p = start; p < start + n * rounds; p++) {
        const m = Routing.roundRobin(members, p)!;
        got[m] = (got[m] ?? 0) + 1;
      }
      expect(Object.values(got), `seed ${seed}`).toEqual(members.map(() => rounds));
    }
    expect(Routing.roundRobin([], 3)).toBeNull();
  });

  it("fewest open, applied lead after lead, evens out the counts and never widens the gap", () => {
    for (let seed = 1; seed <= 300; seed++) {
      const { int } = gen(seed);
      const members = ["a", "b", "c", "d"].slice(0, 1 + int(4));
      const open: Record<string, number> = Object.fromEntries(members.map((m) => [m, int(10)]));
      const spread = () => Math.max(...members.map((m) => open[m])) - Math.min(...members.map((m) => open[m]));
      for (let i = 0; i < 40; i++) {
        const before = spread();
        const m = Routing.fewestOpen(members, open)!;
        expect(open[m]).toBe(Math.min(...members.map((x) => open[x])));
        open[m]++;
        expect(spread()).toBeLessThanOrEqual(Math.max(before, 1));
      }
      expect(spread(), `seed ${seed}`).toBeLessThanOrEqual(1);
    }
  });

  it("names the teams whose counters routing needs", () => {
    const { rules } = gen(7);
    const named = Routing.teamsNamed(rules);
    for (const r of rules) if (r.action.type !== "owner") expect(named).toContain(r.action.teamId);
    expect(new Set(named).size).toBe(named.length);
  });
});
