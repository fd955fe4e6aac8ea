import { describe, expect, it } from "vitest";
import { prng } from "../testing/prng";
import { Filter } from "./filter";

const defs: Filter.FieldDef[] = [
  { key: "tier", type: "single_select", validation: { options: [{ key: "gold" }, { key: "silver" }, { key: "bronze" }] } },
  { key: "interests", type: "multi_select", validation: { options: [{ key: "a" }, { key: "b" }, { key: "c" }, { key: "d" }] } },
  { key: "score", type: "number" },
  { key: "budget", type: "money" },
  { key: "renewal", type: "date" },
  { key: "vip", type: "checkbox" },
  { key: "city", type: "text" },
  { key: "rep", type: "user" },
];
const NOW = new Date("2027-06-15T12:00:00Z");
const ctx = { now: NOW, timeZone: "Asia/Shanghai" };

function record(r: ReturnType<typeof prng>): Filter.FilterRecord {
  const maybe = <T>(v: T) => (r.chance(0.2) ? undefined : v);
  const day = () => `2027-0${r.int(1, 9)}-${String(r.int(10, 28))}`;
  return {
    name: r.pick(["张伟", "Alice Smith", "Bob", "ÀLICE"]),
    email: maybe(r.pick(["a@x.com", "b@y.cn"])),
    tags: r.chance(0.2) ? [] : ["vip", "new", "cn", "x"].filter(() => r.chance(0.5)),
    lifecycleStage: maybe(r.pick(["lead", "customer", "churned"])),
    ownerId: r.pick(["u1", "u2", "u3"]),
    healthBand: maybe(r.pick(["healthy", "watch", "at_risk"])),
    createdAt: `${day()}T0${r.int(0, 9)}:00:00.000Z`,
    lastActivityAt: maybe(`${day()}T1${r.int(0, 9)}:00:00.000Z`),
    custom: {
      tier: maybe(r.pick(["gold", "silver", "bronze"])),
      interests: maybe(["a", "b", "c", "d"].filter(() => r.chance(0.5))),
      score: maybe(r.int(-50, 150)),
      budget: maybe({ amount: r.int(0, 10000), currency: r.pick(["CNY", "USD"]) }),
      renewal: maybe(day()),
      vip: maybe(r.chance(0.5)),
      city: maybe(r.pick(["Shanghai", "shanghai pudong", "Beijing", ""])),
      rep: maybe(r.pick(["u1", "u2"])),
    },
  };
}

function condition(r: ReturnType<typeof prng>): Filter.Condition {
  const c = r.pick([
    () => ({ field: "tags", op: r.pick(["has_any", "has_all"]), value: ["vip", "new", "cn"].filter(() => r.chance(0.5)).concat("x") }),
    () => ({ field: "lifecycleStage", op: "is_any_of", value: ["lead", "customer"] }),
    () => ({ field: "ownerId", op: "is", value: r.pick(["u1", "u2"]) }),
    () => ({ field: "healthBand", op: r.pick(["empty", "not_empty"]) }),
    () => ({ field: "name", op: "contains", value: r.pick(["ali", "张", "bob"]) }),
    () => ({ field: "custom.tier", op: "is", value: r.pick(["gold", "silver"]) }),
    () => ({ field: "custom.interests", op: r.pick(["has_any", "has_all"]), value: ["a", "c"] }),
    () => ({ field: "custom.score", op: "between", value: { min: r.int(-60, 60), max: r.int(40, 160) } }),
    () => ({ field: "custom.budget", op: "between", value: { min: r.int(0, 5000), currency: r.pick(["CNY", "USD"]) } }),
    () => ({ field: "custom.renewal", op: "between", value: { from: "2027-03-01", to: "2027-07-31" } }),
    () => ({ field: "custom.vip", op: "is", value: r.chance(0.5) }),
    () => ({ field: "custom.city", op: r.pick(["contains", "equals"]), value: "shanghai" }),
    () => ({ field: "lastActivityAt", op: r.pick(["within_days", "older_than_days"]), value: r.int(0, 200) }),
    () => ({ field: "createdAt", op: "between", value: { from: "2027-02-01", to: "2027-05-31" } }),
  ])();
  return c;
}

const compile = (f: unknown) => Filter.compile(Filter.schema(defs).parse(f), defs);

describe("filter model", () => {
  it("all is the conjunction and any the disjunction of single conditions (generated)", () => {
    for (let seed = 1; seed <= 400; seed++) {
      const r = prng(seed);
      const conditions = Array.from({ length: r.int(1, 5) }, () => condition(r));
      const rec = record(r);
      const singles = conditions.map((c) => Filter.matches(rec, compile({ match: "all", conditions: [c] }), ctx));
      expect(Filter.matches(rec, compile({ match: "all", conditions }), ctx), `seed ${seed}`).toBe(singles.every(Boolean));
      expect(Filter.matches(rec, compile({ match: "any", conditions }), ctx), `seed ${seed}`).toBe(singles.some(Boolean));
    }
  });

  it("empty and not_empty split every field; has_all implies has_any (generated)", () => {
    const fields = ["tags", "healthBand", "lifecycleStage", "email", "custom.tier", "custom.interests", "custom.score", "custom.city", "custom.renewal", "custom.rep"];
    for (let seed = 1; seed <= 300; seed++) {
      const r = prng(1000 + seed);
      const rec = record(r);
      for (const field of fields) {
        const e = Filter.matches(rec, compile({ conditions: [{ field, op: "empty" }] }), ctx);
        const n = Filter.matches(rec, compile({ conditions: [{ field, op: "not_empty" }] }), ctx);
        expect(e !== n, `seed ${seed} ${field}`).toBe(true);
      }
      const value = ["a", "b", "c", "d"].filter(() => r.chance(0.5)).concat("a");
      const all = Filter.matches(rec, compile({ conditions: [{ field: "custom.interests", op: "has_all", value }] }), ctx);
      const any = Filter.matches(rec, compile({ conditions: [{ field: "custom.interests", op: "has_any", value }] }), ctx);
      if (all) expect(any).toBe(true);
    }
  });

  it("number ranges agree with arithmetic, and within/older than days split records with a date (generated)", () => {
    for (let seed = 1; seed <= 500; seed++) {
      const r = prng(5000 + seed);
      const score = r.int(-100, 100);
      const min = r.int(-100, 100);
      const max = r.int(-100, 100);
      const rec = { custom: { score } };
      expect(Filter.matches(rec, compile({ conditions: [{ field: "custom.score", op: "between", value: { min, max } }] }), ctx)).toBe(score >= min && score <= max);
      const at = new Date(NOW.getTime() - r.int(0, 400) * 3_600_000 * r.int(1, 24)).toISOString();
      const days = r.int(0, 300);
      const within = Filter.matches({ lastActivityAt: at }, compile({ conditions: [{ field: "lastActivityAt", op: "within_days", value: days }] }), ctx);
      const older = Filter.matches({ lastActivityAt: at }, compile({ conditions: [{ field: "lastActivityAt", op: "older_than_days", value: days }] }), ctx);
      expect(within !== older).toBe(true);
      expect(within).toBe(Date.parse(at) >= NOW.getTime() - days * 86_400_000);
    }
  });

  it("text compares case-insensitively; date-only bounds are whole days in the tenant's zone", () => {
    expect(Filter.matches({ name: "ÀLICE" }, compile({ conditions: [{ field: "name", op: "equals", value: "àlice" }] }), ctx)).toBe(true);
    // 2027-03-01T17:00Z is 2027-03-02 01:00 in Shanghai.
    const c = compile({ conditions: [{ field: "createdAt", op: "between", value: { from: "2027-03-02", to: "2027-03-02" } }] });
    expect(Filter.matches({ createdAt: "2027-03-01T17:00:00Z" }, c, ctx)).toBe(true);
    expect(Filter.matches({ createdAt: "2027-03-01T15:00:00Z" }, c, ctx)).toBe(false);
    expect(Filter.matches({}, compile({ match: "any", conditions: [] }), ctx)).toBe(true);
  });

  it("rejects an unknown field, a wrong operator or a bad value, naming the condition", () => {
    const bad = (f: unknown) => Filter.schema(defs).safeParse(f);
    const unknown = bad({ conditions: [{ field: "custom.nope", op: "is", value: "x" }] });
    expect(unknown.success).toBe(false);
    expect(unknown.error!.issues[0].path).toEqual(["conditions", 0, "field"]);
    expect(unknown.error!.issues[0].message).toContain("Condition 1");
    const op = bad({ conditions: [{ field: "name", op: "contains", value: "a" }, { field: "custom.score", op: "contains", value: "1" }] });
    expect(op.error!.issues[0].path).toEqual(["conditions", 1, "op"]);
    expect(bad({ conditions: [{ field: "custom.tier", op: "is", value: "platinum" }] }).success).toBe(false);
    expect(bad({ conditions: [{ field: "healthBand", op: "is", value: "fine" }] }).success).toBe(false);
    expect(bad({ conditions: [{ field: "custom.vip", op: "is", value: "yes" }] }).success).toBe(false);
    expect(bad({ conditions: [{ field: "custom.score", op: "between", value: {} }] }).success).toBe(false);
    expect(bad({ conditions: [{ field: "createdAt", op: "between", value: { from: "2027-13-45" } }] }).success).toBe(false);
    expect(bad({ conditions: [{ field: "tags", op: "empty", value: ["x"] }] }).success).toBe(false);
  });

  it("a condition on a deleted field matches only empty", () => {
    const f = Filter.compile({ match: "all", conditions: [{ field: "custom.gone", op: "is", value: "x" }] }, defs);
    expect(Filter.matches({ custom: { gone: "x" } }, f, ctx)).toBe(false);
  });
});
