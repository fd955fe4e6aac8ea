import { describe, expect, it } from "vitest";
import { Position } from "./position";

function rng(seed: number) {
  return () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
}

describe("position keys", () => {
  it("makes a key strictly between any two keys, and at either end", () => {
    expect(Position.between(null, null)).toBe("a0");
    expect(Position.between("a0", null)).toBe("a1");
    expect(Position.between(null, "a0")).toBe("Zz");
    expect(Position.between("a0", "a1")).toBe("a0V");
    expect(Position.between("az", null)).toBe("b00");
    expect(Position.between("Zz", "a0")).toBe("ZzV");
    expect(() => Position.between("a1", "a0")).toThrow();
  });

  it("keeps 3,000 generated inserts in order, valid and short (random, front and back)", () => {
    const r = rng(11);
    const random = (n: number) => Math.floor(r() * n);
    for (const mode of ["random", "front", "back", "same-gap"] as const) {
      const keys: string[] = [];
      for (let n = 0; n < 3000; n++) {
        const i = mode === "front" ? 0 : mode === "back" ? keys.length : mode === "same-gap" ? Math.min(1, keys.length) : Math.floor(r() * (keys.length + 1));
        const k = Position.jittered(keys[i - 1] ?? null, keys[i] ?? null, random);
        if (i > 0) expect(k > keys[i - 1]).toBe(true);
        if (i < keys.length) expect(k < keys[i]).toBe(true);
        expect(Position.isValid(k), k).toBe(true);
        keys.splice(i, 0, k);
      }
      expect([...keys].sort()).toEqual(keys);
      const longest = Math.max(...keys.map((k) => k.length));
      // Appending at an end grows the integer part logarithmically; one gap hit 3,000 times grows by a
      // digit every few inserts (the case a rebalancing job would handle).
      expect(longest, mode).toBeLessThan(mode === "same-gap" ? Position.MAX_LENGTH * 5 : 20);
    }
  });

  it("gives different keys to cards dropped into the same gap at once", () => {
    const seen = new Set<string>();
    for (let n = 0; n < 1000; n++) seen.add(Position.jittered("a0", "a1"));
    expect(seen.size).toBeGreaterThan(990);
  });

  it("puts a card after two neighbours that share a key", () => {
    const k = Position.jittered("a0V", "a0V");
    expect(k > "a0V").toBe(true);
    expect(Position.isValid(k)).toBe(true);
  });

  it("refuses malformed keys", () => {
    for (const bad of ["", "a", "a0V0", "b0", "a0#", "A" + "0".repeat(26), "x".repeat(300)]) expect(Position.isValid(bad), bad).toBe(false);
    for (const good of ["a0", "a0V", "Zz", "b00", "a1xyz"]) expect(Position.isValid(good), good).toBe(true);
  });
});
