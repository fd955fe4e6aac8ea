import { describe, expect, it } from "vitest";
import { prng } from "../testing/prng";
import { ObjectRules } from "./object-rules";

const defs: ObjectRules.Relation[] = [
  { key: "customer", target: "company", many: false },
  { key: "people", target: "contact", many: true },
  { key: "deals", target: "deal", many: true },
];

describe("ObjectRules", () => {
  it("accepts keys by the pattern and refuses built-in names", () => {
    for (const k of ["store", "project_2", "ab"]) expect(ObjectRules.isKey(k), k).toBe(true);
    for (const k of ["contact", "company", "deal", "ticket", "lead", "a", "Store", "2x", "x-y", "a".repeat(32)]) expect(ObjectRules.isKey(k), k).toBe(false);
    expect(ObjectRules.keyOf("obj_store")).toBe("store");
    expect(ObjectRules.keyOf("obj_contact")).toBeNull();
    expect(ObjectRules.keyOf("contact")).toBeNull();
    expect(ObjectRules.keyOf(ObjectRules.objectType("project"))).toBe("project");
  });

  it("names each relation problem", () => {
    expect(ObjectRules.relationProblems(defs, { customer: ["c1"], people: ["p1", "p2"] })).toEqual({});
    expect(ObjectRules.relationProblems(defs, { nope: ["x"] })).toEqual({ "relations.nope": "Unknown relation." });
    expect(Object.keys(ObjectRules.relationProblems(defs, { customer: ["a", "b"] }))).toEqual(["relations.customer"]);
    expect(Object.keys(ObjectRules.relationProblems(defs, { people: ["a", "a"] }))).toEqual(["relations.people"]);
  });

  it("diffs links so applying the diff to the old set gives the new set (2,000 generated records)", () => {
    const r = prng(7);
    const ids = ["a", "b", "c", "d", "e", "f"];
    const values = () => {
      const out: Record<string, string[]> = {};
      for (const d of defs) {
        if (r.chance(0.3)) continue;
        const n = d.many ? r.int(0, 4) : r.int(0, 1);
        out[d.key] = [...new Set(Array.from({ length: n }, () => r.pick(ids)))];
      }
      return out;
    };
    const id = (l: ObjectRules.Link) => `${l.relationKey}#${l.relatedType}#${l.relatedId}`;
    for (let n = 0; n < 2000; n++) {
      const before = ObjectRules.links(defs, values());
      const after = ObjectRules.links(defs, values());
      const { remove, add } = ObjectRules.linkDiff(before, after);
      const applied = new Set(before.map(id));
      for (const l of remove) expect(applied.delete(id(l))).toBe(true);
      for (const l of add) {
        expect(applied.has(id(l))).toBe(false);
        applied.add(id(l));
      }
      expect([...applied].sort()).toEqual(after.map(id).sort());
      // Every link lands its record's events on the related record, once.
      const related = ObjectRules.related(before, after);
      expect(new Set(related.map((x) => `${x.type}#${x.id}`)).size).toBe(related.length);
      for (const l of [...before, ...after]) expect(related).toContainEqual({ type: l.relatedType, id: l.relatedId });
      for (const l of after) expect(defs.find((d) => d.key === l.relationKey)?.target).toBe(l.relatedType);
    }
  });

  it("allows any relation change without records, and only additive ones with records (1,000 generated changes)", () => {
    const r = prng(11);
    const targets = ObjectRules.TARGETS;
    const gen = () => {
      const keys = ["a", "b", "c", "d"].filter(() => r.chance(0.6));
      return keys.map((key) => ({ key, target: r.pick(targets), many: r.chance(0.5) }));
    };
    for (let n = 0; n < 1000; n++) {
      const before = gen();
      const after = r.chance(0.5) ? gen() : before.map((x) => ({ ...x, many: x.many || r.chance(0.5) }));
      expect(ObjectRules.changeProblems(before, after, false)).toEqual({});
      const problems = ObjectRules.changeProblems(before, after, true);
      const breaking = before.filter((b) => {
        const a = after.find((x) => x.key === b.key);
        return !a || a.target !== b.target || (b.many && !a.many);
      });
      expect(Object.keys(problems).sort()).toEqual(breaking.map((b) => `relations.${b.key}`).sort());
    }
    expect(ObjectRules.changeProblems([], [{ key: "a", target: "deal", many: false }, { key: "a", target: "deal", many: true }], false)).toEqual({ "relations.1.key": "Another relation has this key." });
  });
});
