import { describe, expect, it } from "vitest";
import { prng } from "../../packages/core/src/testing/prng";
import type { FieldDef, Layout } from "../../web/src/lib/custom-fields";
import type { Relation } from "../../web/src/routes/objects/api";
import { formSections } from "../../web/src/routes/objects/record-layout";

/** How a custom object's record form is drawn from its layout (full form and quick entry). */

const def = (key: string, required = false, position = 0) => ({ key, required, position, labels: { en: key, "zh-CN": key } }) as unknown as FieldDef;
const rel = (key: string): Relation => ({ key, labels: { en: key, "zh-CN": key }, target: "company", many: false });
const keysOf = (sections: ReturnType<typeof formSections>) => sections.map((s) => [s.id, s.slots.map((x) => x.key)]);

describe("formSections", () => {
  it("draws the layout's sections in order, and without a layout one section of name, relations and fields", () => {
    const defs = [def("phase"), def("budget", true), def("margin")];
    const relations = [rel("customer")];
    expect(keysOf(formSections(null, relations, defs))).toEqual([["main", ["name", "relations.customer", "phase", "budget", "margin"]]]);
    expect(keysOf(formSections(null, relations, defs, true))).toEqual([["main", ["name", "budget"]]]);
    const layout: Layout = {
      objectType: "obj_project", version: 1, hidden: {},
      sections: [
        { id: "a", labels: { en: "A", "zh-CN": "甲" }, fields: ["phase", "name", "gone", "phase"] },
        { id: "b", labels: { en: "B", "zh-CN": "乙" }, fields: ["relations.customer"] },
      ],
      quickEntry: ["phase", "relations.customer"],
    };
    // "gone" (hidden from the reader or deleted) is skipped; budget and margin were never placed: they end the last section.
    expect(keysOf(formSections(layout, relations, defs))).toEqual([["a", ["phase", "name"]], ["b", ["relations.customer", "budget", "margin"]]]);
    expect(keysOf(formSections(layout, relations, defs, true))).toEqual([["a", ["phase", "name"]], ["b", ["relations.customer", "budget"]]]);
    expect(keysOf(formSections({ ...layout, quickEntry: [] }, [], [def("margin")], true))).toEqual([["a", ["name"]]]);
  });

  it("places every field once, keeps the name, and on quick entry shows exactly the quick-entry and required fields (3,000 generated layouts)", () => {
    for (let seed = 1; seed <= 3000; seed++) {
      const r = prng(seed);
      const defs = Array.from({ length: r.int(0, 8) }, (_, i) => def(`f${i}`, r.chance(0.3), i));
      const relations = Array.from({ length: r.int(0, 3) }, (_, i) => rel(`r${i}`));
      const known = ["name", ...relations.map((x) => `relations.${x.key}`), ...defs.map((d) => d.key)];
      const pool = [...known, "ghost", "relations.ghost"];
      const layout: Layout | null = r.chance(0.15) ? null : {
        objectType: "obj_x", version: 1, hidden: {},
        sections: Array.from({ length: r.int(1, 4) }, (_, i) => ({ id: `s${i}`, labels: { en: `S${i}`, "zh-CN": `S${i}` }, fields: Array.from({ length: r.int(0, 6) }, () => r.pick(pool)) })),
        quickEntry: Array.from({ length: r.int(0, 4) }, () => r.pick(pool)),
      };
      const full = formSections(layout, relations, defs);
      const placed = full.flatMap((s) => s.slots.map((x) => x.key));
      expect([...placed].sort(), `seed ${seed}`).toEqual([...known].sort());
      // The layout's order holds: two fields it places in one section keep their order there.
      for (const s of layout?.sections ?? []) {
        const drawn = full.find((x) => x.id === s.id)!.slots.map((x) => x.key);
        const firsts = s.fields.filter((f, i) => known.includes(f) && s.fields.indexOf(f) === i && drawn.includes(f));
        expect(drawn.filter((k) => firsts.includes(k)), `seed ${seed}`).toEqual(firsts);
      }
      const quick = formSections(layout, relations, defs, true).flatMap((s) => s.slots.map((x) => x.key));
      const wanted = known.filter((k) => k === "name" || (layout?.quickEntry ?? []).includes(k) || defs.some((d) => d.key === k && d.required));
      expect([...quick].sort(), `seed ${seed}`).toEqual([...wanted].sort());
      expect(quick.filter((k) => k === "name"), `seed ${seed}`).toHaveLength(1);
    }
  });
});
