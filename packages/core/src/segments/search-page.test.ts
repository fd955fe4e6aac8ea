import { describe, expect, it } from "vitest";
import { prng } from "../testing/prng";
import { SearchPage } from "./search-page";

describe("SearchPage.countsAt", () => {
  it("counts every record found by a prefix exactly once, whatever the order its index items come in", () => {
    for (let seed = 1; seed <= 300; seed++) {
      const r = prng(seed);
      const alphabet = ["a", "b", "w", "z", "1", "!", "é"];
      const word = () => Array.from({ length: r.int(1, 5) }, () => r.pick(alphabet)).join("");
      const records = Array.from({ length: r.int(1, 12) }, (_, i) => ({ id: `r${i}`, terms: [...new Set(Array.from({ length: r.int(0, 6) }, word))] }));
      const prefix = Array.from({ length: r.int(1, 2) }, () => r.pick(alphabet)).join("");
      // The index: one item per term, in any order (DynamoDB's byte order differs from JS order around `#`).
      const items = records.flatMap((rec) => rec.terms.map((term) => ({ term, id: rec.id }))).filter((x) => x.term.startsWith(prefix));
      for (let i = items.length - 1; i > 0; i--) {
        const j = r.int(0, i);
        [items[i], items[j]] = [items[j], items[i]];
      }
      const counted = items.filter((x) => SearchPage.countsAt(x.term, prefix, records.find((rec) => rec.id === x.id)!.terms)).map((x) => x.id);
      const want = records.filter((rec) => rec.terms.some((t) => t.startsWith(prefix))).map((rec) => rec.id);
      expect(counted.sort(), `seed ${seed}`).toEqual(want.sort());
    }
  });

  it("never counts a stale index item whose record no longer has a matching term", () => {
    expect(SearchPage.countsAt("wang", "w", ["li", "ming"])).toBe(false);
    expect(SearchPage.countsAt("wang", "w", undefined)).toBe(false);
    expect(SearchPage.countsAt("wang", "w", ["wang", "wa"])).toBe(false);
    expect(SearchPage.countsAt("wang", "w", ["wang", "wei"])).toBe(true);
  });
});
