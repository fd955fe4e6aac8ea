import { describe, expect, it } from "vitest";
import { prng } from "../testing/prng";
import { PoolRules, type OwnedCustomer, type Rules } from "./pool-rules";

const DAY = 86_400_000;
const ZONE = "Asia/Shanghai";
const base = Date.UTC(2026, 0, 1);

describe("PoolRules.recycleDue", () => {
  it("takes the earliest rule and warns before it", () => {
    const rules: Rules = { noFollowUpDays: 30, noOpenDealDays: 60, noWonDealDays: 180, afterContractEndDays: 15, warnDays: 3 };
    const c: OwnedCustomer = { ownedSince: new Date(base), lastFollowUpAt: new Date(base + 10 * DAY), openDeals: 0, lastDealClosedAt: null, lastWonAt: null, contractEndAt: null };
    const due = PoolRules.recycleDue(c, rules, ZONE)!;
    expect(due.reason).toBe("no_follow_up");
    expect(due.dueAt.getTime()).toBe(base + 40 * DAY);
    expect(due.warnAt.getTime()).toBe(base + 37 * DAY);
    expect(PoolRules.recycleDue({ ...c, contractEndAt: new Date(base + 5 * DAY) }, rules, ZONE)!.reason).toBe("contract_ended");
    expect(PoolRules.recycleDue(c, { noFollowUpDays: null, noOpenDealDays: null, noWonDealDays: null, afterContractEndDays: null, warnDays: 3 }, ZONE)).toBeNull();
    // A level's override replaces only what it sets.
    const vip = PoolRules.rulesFor(rules, { A: { noFollowUpDays: 90 } }, "A");
    expect(vip).toEqual({ ...rules, noFollowUpDays: 90 });
    expect(PoolRules.rulesFor(rules, { A: { noFollowUpDays: 90 } }, "B")).toEqual(rules);
  });

  it("agrees with an independent computation and never moves earlier after a follow-up (3,000 generated customers)", () => {
    const r = prng(23);
    const maybe = (max: number) => (r.chance(0.3) ? null : r.int(1, max));
    const at = (from: number, span: number) => new Date(base + (from + r.int(0, span)) * DAY + r.int(0, DAY - 1));
    for (let n = 0; n < 3000; n++) {
      const rules: Rules = { noFollowUpDays: maybe(90), noOpenDealDays: maybe(120), noWonDealDays: maybe(365), afterContractEndDays: maybe(60), warnDays: r.int(0, 10) };
      const ownedSince = at(0, 100);
      const c: OwnedCustomer = {
        ownedSince,
        lastFollowUpAt: r.chance(0.7) ? at(0, 200) : null,
        openDeals: r.int(0, 2),
        lastDealClosedAt: r.chance(0.5) ? at(0, 200) : null,
        lastWonAt: r.chance(0.3) ? at(0, 200) : null,
        contractEndAt: r.chance(0.3) ? at(0, 300) : null,
      };
      const due = PoolRules.recycleDue(c, rules, ZONE);
      const anchor = (d: Date | null) => Math.max(ownedSince.getTime(), d?.getTime() ?? 0);
      // Shanghai has no daylight saving time, so a day is always 24 hours there.
      const expected = [
        rules.noFollowUpDays != null ? anchor(c.lastFollowUpAt) + rules.noFollowUpDays * DAY : Infinity,
        rules.noOpenDealDays != null && c.openDeals === 0 ? anchor(c.lastDealClosedAt) + rules.noOpenDealDays * DAY : Infinity,
        rules.noWonDealDays != null ? anchor(c.lastWonAt) + rules.noWonDealDays * DAY : Infinity,
        rules.afterContractEndDays != null && c.contractEndAt ? anchor(c.contractEndAt) + rules.afterContractEndDays * DAY : Infinity,
      ];
      const min = Math.min(...expected);
      if (min === Infinity) {
        expect(due).toBeNull();
        continue;
      }
      expect(due!.dueAt.getTime()).toBe(min);
      expect(due!.dueAt.getTime()).toBeGreaterThan(ownedSince.getTime());
      expect(due!.warnAt.getTime()).toBeLessThanOrEqual(due!.dueAt.getTime());
      expect(due!.warnAt.getTime()).toBeGreaterThanOrEqual(ownedSince.getTime());
      const followedUp = PoolRules.recycleDue({ ...c, lastFollowUpAt: new Date(Math.max(c.lastFollowUpAt?.getTime() ?? 0, ownedSince.getTime()) + r.int(1, 30) * DAY) }, rules, ZONE)!;
      expect(followedUp.dueAt.getTime()).toBeGreaterThanOrEqual(due!.dueAt.getTime());
    }
  });
});

describe("PoolRules.claimRefusal", () => {
  const limits = { dailyClaimLimit: 5, cooldownDays: 7, ownershipCap: 100, capCountsWon: false };
  it("names the limit that stops a claim", () => {
    const now = new Date(base + 30 * DAY);
    expect(PoolRules.claimRefusal({ claimsToday: 4, owned: 10, ownedWon: 0, releasedThisAt: null }, limits, now, ZONE)).toBeNull();
    expect(PoolRules.claimRefusal({ claimsToday: 5, owned: 10, ownedWon: 0, releasedThisAt: null }, limits, now, ZONE)).toEqual({ code: "pool.daily_limit" });
    const cooling = PoolRules.claimRefusal({ claimsToday: 0, owned: 10, ownedWon: 0, releasedThisAt: new Date(base + 25 * DAY) }, limits, now, ZONE);
    expect(cooling).toEqual({ code: "pool.cooldown", until: new Date(base + 32 * DAY) });
    expect(PoolRules.claimRefusal({ claimsToday: 0, owned: 120, ownedWon: 30, releasedThisAt: null }, limits, now, ZONE)).toBeNull();
    expect(PoolRules.claimRefusal({ claimsToday: 0, owned: 120, ownedWon: 30, releasedThisAt: null }, { ...limits, capCountsWon: true }, now, ZONE)).toEqual({ code: "pool.cap_reached" });
  });

  it("refuses exactly when a limit is reached (2,000 generated claimants)", () => {
    const r = prng(41);
    for (let n = 0; n < 2000; n++) {
      const l = { dailyClaimLimit: r.chance(0.2) ? null : r.int(0, 10), cooldownDays: r.int(0, 30), ownershipCap: r.chance(0.2) ? null : r.int(0, 50), capCountsWon: r.chance(0.5) };
      const owned = r.int(0, 60);
      const now = new Date(base + r.int(30, 90) * DAY);
      const p = { claimsToday: r.int(0, 12), owned, ownedWon: r.int(0, owned), releasedThisAt: r.chance(0.5) ? new Date(now.getTime() - r.int(0, 40) * DAY) : null };
      const refusal = PoolRules.claimRefusal(p, l, now, ZONE);
      const overDaily = l.dailyClaimLimit != null && p.claimsToday >= l.dailyClaimLimit;
      const cooling = !!p.releasedThisAt && now.getTime() < p.releasedThisAt.getTime() + l.cooldownDays * DAY;
      const counted = l.capCountsWon ? p.owned : p.owned - p.ownedWon;
      const capped = l.ownershipCap != null && counted >= l.ownershipCap;
      expect(refusal === null).toBe(!overDaily && !cooling && !capped);
      if (overDaily) expect(refusal?.code).toBe("pool.daily_limit");
    }
  });

  it("counts a claim on the tenant's calendar day", () => {
    expect(PoolRules.claimDay(new Date("2026-03-01T16:30:00Z"), ZONE)).toBe("2026-03-02");
    expect(PoolRules.claimDay(new Date("2026-03-01T15:30:00Z"), ZONE)).toBe("2026-03-01");
  });
});

describe("PoolRules masks", () => {
  it("hides the middle of phones and the local part of emails", () => {
    expect(PoolRules.maskPhone("+8613812345678")).toBe("+86 138****5678");
    expect(PoolRules.maskPhone("021-6234-5678")).toBe("021****5678");
    expect(PoolRules.maskPhone("1234")).toBe("****");
    expect(PoolRules.maskPhone(null)).toBeNull();
    expect(PoolRules.maskEmail("zhangwei@example.cn")).toBe("z***@example.cn");
    expect(PoolRules.maskEmail("broken")).toBe("***");
  });
});
