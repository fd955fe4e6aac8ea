import { describe, expect, it } from "vitest";
import { prng } from "../testing/prng";
import { CreditCode } from "./credit-code";

const ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";

describe("CreditCode", () => {
  it("accepts published codes and their pasted forms", () => {
    // The standard's own example and codes printed on public business licences.
    for (const code of ["91350100M000100Y43", "91110000802100433B", "914403001922038216"]) {
      expect(CreditCode.isValid(code), code).toBe(true);
      expect(CreditCode.isValid(code.toLowerCase()), code).toBe(true);
      expect(CreditCode.isValid(`${code.slice(0, 6)} ${code.slice(6, 12)}-${code.slice(12)}`), code).toBe(true);
    }
  });

  it("refuses wrong lengths and characters outside the alphabet", () => {
    for (const bad of ["", "91350100M000100Y4", "91350100M000100Y433", "91350100I000100Y43", "91350100O000100Y43", "9135010SM000100Y43"]) {
      expect(CreditCode.isValid(bad), bad).toBe(false);
    }
  });

  it("catches every single-character change and every adjacent swap of distinct characters (2,000 generated codes)", () => {
    const r = prng(31);
    for (let n = 0; n < 2000; n++) {
      let body = "";
      for (let i = 0; i < 17; i++) body += r.pick([...ALPHABET]);
      const code = body + CreditCode.checkCharacter(body)!;
      expect(CreditCode.isValid(code), code).toBe(true);
      const at = r.int(0, 17);
      const replacement = r.pick([...ALPHABET].filter((ch) => ch !== code[at]));
      const changed = code.slice(0, at) + replacement + code.slice(at + 1);
      expect(CreditCode.isValid(changed), `${code} → ${changed}`).toBe(false);
      const swapAt = r.int(0, 15);
      if (code[swapAt] !== code[swapAt + 1]) {
        const swapped = code.slice(0, swapAt) + code[swapAt + 1] + code[swapAt] + code.slice(swapAt + 2);
        // The weights differ pairwise mod 31, so a swap of distinct characters changes the sum.
        expect(CreditCode.isValid(swapped), `${code} swap ${swapAt}`).toBe(false);
      }
    }
  });
});
