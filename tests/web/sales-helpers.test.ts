import { describe, expect, it } from "vitest";
import { place } from "../../web/src/lib/board-moves";
import { minorDigits, toMajorText, toMinor } from "../../web/src/lib/money";
import { mulberry32 as prng } from "../../packages/core/src/testing/prng";

/** The board's pure helpers: where a dropped card lands, and amounts between what people type and minor units. */


describe("place", () => {
  it("puts the card right above or below the card it was dropped on, and names its neighbours", () => {
    const rand = prng(20261124);
    let moves = 0;
    for (let n = 0; n < 2000; n++) {
      const size = Math.floor(rand() * 8);
      const ids = Array.from({ length: size }, (_, i) => `d${i}`);
      const fromHere = size > 0 && rand() < 0.4;
      const dealId = fromHere ? ids[Math.floor(rand() * size)] : "moving";
      const overId = size > 0 && rand() < 0.8 ? ids[Math.floor(rand() * size)] : null;
      const above = rand() < 0.5;
      const p = place(ids, dealId, { overId, above });
      const expected = ids.filter((x) => x !== dealId);
      if (overId === dealId) {
        expect(p).toBeNull();
        continue;
      }
      const at = overId === null ? expected.length : expected.indexOf(overId) + (above ? 0 : 1);
      expected.splice(at, 0, dealId);
      if (expected.join() === ids.join()) {
        expect(p).toBeNull();
        continue;
      }
      moves++;
      expect(p!.ids).toEqual(expected);
      expect(p!.ids[p!.index]).toBe(dealId);
      expect(p!.afterId).toBe(expected[p!.index - 1]);
      expect(p!.beforeId).toBe(expected[p!.index + 1]);
      expect(new Set(p!.ids).size).toBe(p!.ids.length);
    }
    expect(moves).toBeGreaterThan(1000);
  });

  it("drops on an empty column with no neighbours", () => {
    expect(place([], "x", { overId: null, above: false })).toEqual({ ids: ["x"], index: 0, afterId: undefined, beforeId: undefined });
  });
});

describe("amounts", () => {
  it("knows the minor unit of common currencies", () => {
    expect(minorDigits("CNY")).toBe(2);
    expect(minorDigits("JPY")).toBe(0);
    expect(minorDigits("KWD")).toBe(3);
  });

  it("turns minor units into text and back without loss", () => {
    const rand = prng(7);
    for (const currency of ["CNY", "USD", "JPY", "KWD", "EUR"]) {
      for (let n = 0; n < 500; n++) {
        const minor = Math.floor(rand() * 10 ** Math.floor(rand() * 12));
        expect(toMinor(toMajorText(minor, currency), currency)).toBe(minor);
      }
    }
  });

  it("reads what people type, and refuses what is not an amount", () => {
    expect(toMinor("1,250.50", "CNY")).toBe(125050);
    expect(toMinor(" 1250.5 ", "CNY")).toBe(125050);
    expect(toMinor("1250.", "CNY")).toBe(125000);
    expect(toMinor("", "CNY")).toBeNull();
    expect(toMinor("12.345", "CNY")).toBeUndefined();
    expect(toMinor("12.5", "JPY")).toBeUndefined();
    expect(toMinor("-5", "CNY")).toBeUndefined();
    expect(toMinor("abc", "CNY")).toBeUndefined();
    expect(toMinor("0.1", "CNY")).toBe(10);
  });
});
