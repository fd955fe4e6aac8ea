import { describe, expect, it } from "vitest";
import { DedupeRules, type Rule } from "./dedupe-rules";
import { MergeValues } from "./merge-values";

/** mulberry32, so a failure names a seed that reproduces it. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)], chance: (p: number) => next() < p };
}

const NAMES = ["张伟", "章伟", "王芳", "Wang Fang", "wang  fang", "Li Na", "李娜", "Zhou Jie", "陈静"];
const EMAILS = ["li.na@gmail.com", "lina+x@gmail.com", "a@b.example", "A@B.example", "zz@c.example"];
const PHONES = ["+8613800138000", "+86 138 0013 8000", "+8613911112222", "+12025550100"];

function generate(seed: number, n: number) {
  const r = rng(seed);
  return Array.from({ length: n }, (_, i) => ({
    id: `r${String(i).padStart(3, "0")}`,
    name: r.pick(NAMES),
    email: r.chance(0.4) ? r.pick(EMAILS) : null,
    phone: r.chance(0.4) ? r.pick(PHONES) : null,
    scope: r.chance(0.7) ? r.pick(["c1", "c2"]) : null,
  }));
}

describe("dedupe blocking rules", () => {
  it("normalizes emails, phones and names the way people vary them", () => {
    expect(DedupeRules.normalizeEmail(" Li.Na+crm@GoogleMail.com ")).toBe("lina@gmail.com");
    expect(DedupeRules.normalizeEmail("li.na@example.com")).toBe("li.na@example.com");
    expect(DedupeRules.normalizePhone("+86 138-0013-8000")).toBe("8613800138000");
    expect(DedupeRules.normalizeName("Wang-Fang ")).toBe(DedupeRules.normalizeName("wang  fang"));
    expect(DedupeRules.keys({ id: "x", name: "张伟", scope: "c1" }, DedupeRules.ALL_ON)).toEqual([
      { rule: "name", key: "n:c1:张伟" },
      { rule: "pinyin", key: "y:c1:zhangwei" },
    ]);
    expect(DedupeRules.keys({ id: "x", name: "张伟", email: "a@b.c", phone: "+8613800138000" }, { email: false, phone: false, name: false, pinyin: false })).toEqual([]);
  });

  it("on 200 generated tenants, groups exactly the records connected by a shared key, never a pair twice, with the right reasons", () => {
    for (let seed = 1; seed <= 200; seed++) {
      const r = rng(seed * 7919);
      const rules = Object.fromEntries(DedupeRules.RULES.map((x) => [x, r.chance(0.75)])) as DedupeRules.RuleSet;
      const records = generate(seed, 5 + Math.floor(r.next() * 40));
      const blocks = new Map<string, { rule: Rule; ids: string[] }>();
      for (const c of records) DedupeRules.addTo(blocks, c, rules);
      const groups = DedupeRules.group(blocks);
      // Reference: pairs compared one by one (fine at this size) and connected components.
      const keysOf = new Map(records.map((c) => [c.id, DedupeRules.keys(c, rules)]));
      const counts = new Map<string, number>();
      for (const ks of keysOf.values()) for (const k of ks) counts.set(k.key, (counts.get(k.key) ?? 0) + 1);
      const linked = (a: string, b: string) =>
        keysOf.get(a)!.some((k) => (counts.get(k.key) ?? 0) <= DedupeRules.MAX_BLOCK && keysOf.get(b)!.some((l) => l.key === k.key));
      const groupOf = new Map<string, number>();
      groups.forEach((g, i) => g.ids.forEach((id) => {
        expect(groupOf.has(id), `seed ${seed}: ${id} in two groups`).toBe(false);
        groupOf.set(id, i);
      }));
      for (const a of records) for (const b of records) {
        if (a.id < b.id && linked(a.id, b.id)) expect(groupOf.get(a.id), `seed ${seed}: ${a.id}~${b.id}`).toBe(groupOf.get(b.id));
      }
      for (const g of groups) {
        expect(g.ids.length).toBeGreaterThan(1);
        expect(g.reasons.every((x) => rules[x])).toBe(true);
        expect(g.confidence).toBe(Math.max(...g.reasons.map((x) => DedupeRules.CONFIDENCE[x])));
        // Every member is linked to another member of its group.
        for (const id of g.ids) expect(g.ids.some((o) => o !== id && linked(id, o)), `seed ${seed}: ${id} alone`).toBe(true);
      }
      for (let i = 1; i < groups.length; i++) expect(groups[i - 1].confidence).toBeGreaterThanOrEqual(groups[i].confidence);
    }
  });

  it("drops blocks too common to mean anything, so the work stays linear", () => {
    const blocks = new Map<string, { rule: Rule; ids: string[] }>();
    for (let i = 0; i < 1000; i++) DedupeRules.addTo(blocks, { id: `x${i}`, name: "Same Name", phone: "+8613800138000" }, DedupeRules.ALL_ON);
    DedupeRules.addTo(blocks, { id: "a", name: "Alpha", email: "a@x.example" }, DedupeRules.ALL_ON);
    DedupeRules.addTo(blocks, { id: "b", name: "Beta", email: "A@x.example" }, DedupeRules.ALL_ON);
    for (const b of blocks.values()) expect(b.ids.length).toBeLessThanOrEqual(DedupeRules.MAX_BLOCK + 1);
    expect(DedupeRules.group(blocks)).toEqual([{ ids: ["a", "b"], reasons: ["email"], confidence: 0.95 }]);
  });
});

describe("merge values", () => {
  it("on 300 generated merges: chosen fields come from their source, the survivor keeps or fills the rest, tags are unioned", () => {
    const r = rng(42);
    const maybe = <T>(v: T) => (r.chance(0.5) ? v : undefined);
    for (let n = 0; n < 300; n++) {
      const records = Array.from({ length: 2 + Math.floor(r.next() * 3) }, (_, i) => ({
        contactId: `c${i}`, name: `Name ${i}`, email: maybe(`e${i}@x.example`), phone: maybe(`+86138000000${i}`), title: maybe(`T${i}`),
        tags: [r.pick(["a", "b", "c"]), r.pick(["c", "d"])], custom: { ...(r.chance(0.5) ? { k1: `v${i}` } : {}), ...(r.chance(0.5) ? { k2: i } : {}) },
      }));
      const [survivor, ...merged] = records;
      const byId = (id: string) => records.find((x) => x.contactId === id)!;
      const fields: Record<string, string> = {};
      for (const f of ["name", "email", "phone", "title", "custom.k1"]) if (r.chance(0.5)) fields[f] = r.pick(records).contactId;
      expect(MergeValues.checkFields("contact", fields, records.map((x) => x.contactId))).toBeNull();
      const out = MergeValues.combine("contact", survivor, merged, fields, byId);
      for (const f of ["name", "email", "phone", "title"] as const) {
        if (fields[f]) expect(out[f]).toEqual(byId(fields[f])[f]);
        else if (survivor[f] !== undefined) expect(out[f]).toEqual(survivor[f]);
        else expect(out[f]).toEqual(merged.map((m) => m[f]).find((v) => v !== undefined));
      }
      const custom = out.custom as Record<string, unknown>;
      if (fields["custom.k1"]) expect(custom.k1).toEqual((byId(fields["custom.k1"]).custom as Record<string, unknown>).k1);
      else expect(custom.k1).toEqual(records.map((x) => (x.custom as Record<string, unknown>).k1).find((v) => v !== undefined));
      expect(custom.k2).toEqual(records.map((x) => (x.custom as Record<string, unknown>).k2).find((v) => v !== undefined));
      expect([...(out.tags as string[])].sort()).toEqual([...new Set(records.flatMap((x) => x.tags))].sort());
    }
  });

  it("refuses unknown fields and sources outside the merge", () => {
    expect(MergeValues.checkFields("contact", { version: "a" }, ["a", "b"])).toEqual({ "fields.version": "Not a field that can be merged." });
    expect(MergeValues.checkFields("company", { email: "a" }, ["a", "b"])).toEqual({ "fields.email": "Not a field that can be merged." });
    expect(MergeValues.checkFields("contact", { name: "z" }, ["a", "b"])).toEqual({ "fields.name": "Choose the survivor or one of the merged records." });
  });
});
