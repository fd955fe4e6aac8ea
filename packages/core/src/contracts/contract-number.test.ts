import { describe, expect, it } from "vitest";
import { prng } from "../testing/prng";
import { ContractNumber, type Reset } from "./contract-number";

const ZONE = "Asia/Shanghai";

describe("ContractNumber", () => {
  it("renders the date parts in the tenant's zone and pads the sequence", () => {
    // 2026-01-31 17:30 UTC is already 1 February in Shanghai.
    const at = new Date("2026-01-31T17:30:00Z");
    expect(ContractNumber.render("HT-{yyyyMM}-{seq}", at, ZONE, 7)).toBe("HT-202602-0007");
    expect(ContractNumber.render("{yy}{MM}{dd}-{seq:3}", at, ZONE, 12)).toBe("260201-012");
    expect(ContractNumber.render("HT{seq:2}", at, ZONE, 123)).toBe("HT123");
    expect(ContractNumber.periodKey("monthly", at, ZONE)).toBe("2026-02");
    expect(ContractNumber.periodKey("daily", at, "UTC")).toBe("2026-01-31");
    expect(ContractNumber.periodKey("never", at, ZONE)).toBe("all");
  });

  it("refuses patterns that would print the same number twice", () => {
    expect(ContractNumber.problem("HT-{yyyyMM}-{seq}", "monthly")).toBeUndefined();
    expect(ContractNumber.problem("HT-{yyyyMM}-{seq}", "daily")).toBe("pattern.missing_date_parts");
    expect(ContractNumber.problem("HT-{yyyy}-{seq}", "monthly")).toBe("pattern.missing_date_parts");
    expect(ContractNumber.problem("HT-{seq}", "yearly")).toBe("pattern.missing_date_parts");
    expect(ContractNumber.problem("HT-{seq}", "never")).toBeUndefined();
    expect(ContractNumber.problem("HT-{yyyy}", "never")).toBe("pattern.no_seq");
    expect(ContractNumber.problem("{seq}-{seq}", "never")).toBe("pattern.many_seq");
    expect(ContractNumber.problem("HT-{week}-{seq}", "never")).toBe("pattern.unknown_token");
  });

  it("never prints one number for two different (period, sequence) pairs under an accepted pattern (3,000 generated cases)", () => {
    const r = prng(11);
    const parts = ["HT-", "{yyyy}", "{yy}", "{MM}", "{dd}", "{yyyyMM}", "{yyyyMMdd}", "-", "/", "CN"];
    const resets: Reset[] = ["never", "yearly", "monthly", "daily"];
    let accepted = 0;
    for (let n = 0; n < 3000; n++) {
      const reset = r.pick(resets);
      const chosen = Array.from({ length: r.int(0, 4) }, () => r.pick(parts));
      chosen.splice(r.int(0, chosen.length), 0, r.chance(0.5) ? "{seq}" : `{seq:${r.int(1, 6)}}`);
      const pattern = chosen.join("");
      if (ContractNumber.problem(pattern, reset)) continue;
      accepted++;
      const seen = new Map<string, string>();
      for (let k = 0; k < 30; k++) {
        // Dates across 1990–2089 (two-digit years stay unique inside one century).
        const at = new Date(Date.UTC(r.int(1990, 2089), r.int(0, 11), r.int(1, 28), r.int(0, 23)));
        const seq = r.int(1, 40);
        const key = `${ContractNumber.periodKey(reset, at, ZONE)}#${seq}`;
        const number = ContractNumber.render(pattern, at, ZONE, seq);
        const before = seen.get(number);
        if (before !== undefined) expect(before, `${pattern} (${reset}) printed ${number} twice`).toBe(key);
        seen.set(number, key);
      }
    }
    expect(accepted).toBeGreaterThan(300);
  });
});
