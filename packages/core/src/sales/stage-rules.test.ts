import { describe, expect, it } from "vitest";
import { Counters } from "./counters";
import { StageRules } from "./stage-rules";

function rng(seed: number) {
  return () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
}

describe("stage rules", () => {
  it("names exactly the required fields a deal lacks (1,000 generated deals)", () => {
    const r = rng(9);
    const values: Record<string, unknown[]> = {
      amount: [undefined, null, 0, 1200],
      closeDate: [undefined, null, "", "2030-01-01"],
      contactId: [undefined, null, "c1"],
      companyId: [undefined, "  ", "co1"],
      source: [undefined, "web"],
      tags: [undefined, [], ["vip"]],
    };
    // 0 is an amount; blank strings and empty lists are not values.
    const present = (v: unknown) => typeof v === "number" || (typeof v === "string" && !!v.trim()) || (Array.isArray(v) && v.length > 0);
    for (let n = 0; n < 1000; n++) {
      const deal: Record<string, any> = { custom: {} };
      for (const [k, vs] of Object.entries(values)) deal[k] = vs[Math.floor(r() * vs.length)];
      if (r() < 0.5) deal.custom.po = r() < 0.5 ? "PO-1" : "";
      const required = [...StageRules.REQUIRABLE, "custom.po"].filter(() => r() < 0.5);
      const expected = required.filter((f) => (f === "custom.po" ? !deal.custom.po : !present(deal[f])));
      expect(StageRules.missingFields(deal, required)).toEqual(expected);
    }
  });

  it("wants unique stage names and an open stage", () => {
    expect(StageRules.problems([{ name: "Lead", kind: "open" }, { name: "Won", kind: "won" }])).toEqual({});
    expect(StageRules.problems([{ name: "Won", kind: "won" }])).toHaveProperty("stages");
    expect(StageRules.problems([{ name: "Lead", kind: "open" }, { name: "LEAD", kind: "open" }])).toHaveProperty("stages.1.name");
    for (const locale of ["en", "zh-CN"]) expect(StageRules.problems(StageRules.defaults(locale))).toEqual({});
  });

  it("a deal entering a stage reaches it and every earlier stage that is not lost, once", () => {
    const stages = [
      { stageId: "a", kind: "open" as const },
      { stageId: "x", kind: "lost" as const },
      { stageId: "b", kind: "open" as const },
      { stageId: "w", kind: "won" as const },
    ];
    expect(Counters.newlyReached(stages, "b", [])).toEqual(["a", "b"]);
    expect(Counters.newlyReached(stages, "w", ["a"])).toEqual(["b", "w"]);
    expect(Counters.newlyReached(stages, "x", [])).toEqual([]);
    expect(Counters.newlyReached(stages, "a", ["a", "b"])).toEqual([]);
  });
});
