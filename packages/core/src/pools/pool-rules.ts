import { DateTime } from "luxon";

export * as PoolRules from "./pool-rules";

/**
 * The rules of a customer pool (公海), as pure functions: when an owned customer goes back to the pool, when
 * its owner is warned, whether a person may claim, and what a pool customer's contact details look like before
 * it is claimed. Days count in the tenant's zone; a rule set to null is off.
 */
export interface Rules {
  /** Back to the pool after N days without a follow-up (a note, activity or email by the owner). */
  noFollowUpDays: number | null;
  /** … after N days without an open deal. */
  noOpenDealDays: number | null;
  /** … after N days without a won deal. */
  noWonDealDays: number | null;
  /** … N days after its last contract ended. */
  afterContractEndDays: number | null;
  /** The owner is warned this many days before. */
  warnDays: number;
}

export type Reason = "no_follow_up" | "no_open_deal" | "no_won_deal" | "contract_ended";

/** Rules for one customer: the pool's, overridden per customer level where the pool sets that level. */
export function rulesFor(pool: Rules, levels: Record<string, Partial<Rules>>, level: string | null | undefined): Rules {
  return level && levels[level] ? { ...pool, ...levels[level] } : pool;
}

export interface OwnedCustomer {
  /** When the current owner got it (claim, assignment or creation). */
  ownedSince: Date;
  lastFollowUpAt: Date | null;
  openDeals: number;
  /** When the last deal closed or, with none ever, null. */
  lastDealClosedAt: Date | null;
  lastWonAt: Date | null;
  /** The latest end date of its contracts, if any. */
  contractEndAt: Date | null;
}

const later = (...dates: Array<Date | null>) => new Date(Math.max(...dates.filter((d): d is Date => !!d).map((d) => d.getTime())));
const plusDays = (at: Date, days: number, zone: string) => DateTime.fromJSDate(at, { zone }).plus({ days }).toJSDate();

/** When the customer returns to the pool, why, and when its owner is warned; null when no rule applies. */
export function recycleDue(c: OwnedCustomer, rules: Rules, zone: string): { dueAt: Date; warnAt: Date; reason: Reason } | null {
  const candidates: Array<{ dueAt: Date; reason: Reason }> = [];
  if (rules.noFollowUpDays != null) candidates.push({ dueAt: plusDays(later(c.ownedSince, c.lastFollowUpAt), rules.noFollowUpDays, zone), reason: "no_follow_up" });
  if (rules.noOpenDealDays != null && c.openDeals === 0) candidates.push({ dueAt: plusDays(later(c.ownedSince, c.lastDealClosedAt), rules.noOpenDealDays, zone), reason: "no_open_deal" });
  if (rules.noWonDealDays != null) candidates.push({ dueAt: plusDays(later(c.ownedSince, c.lastWonAt), rules.noWonDealDays, zone), reason: "no_won_deal" });
  if (rules.afterContractEndDays != null && c.contractEndAt) candidates.push({ dueAt: plusDays(later(c.ownedSince, c.contractEndAt), rules.afterContractEndDays, zone), reason: "contract_ended" });
  if (!candidates.length) return null;
  const first = candidates.reduce((a, b) => (b.dueAt < a.dueAt ? b : a));
  const warnAt = plusDays(first.dueAt, -Math.max(0, rules.warnDays), zone);
  return { ...first, warnAt: warnAt < c.ownedSince ? c.ownedSince : warnAt };
}

export interface ClaimLimits {
  /** Claims per person per day (tenant's zone); null: no limit. */
  dailyClaimLimit: number | null;
  /** Days before a previous owner may claim the same customer again. */
  cooldownDays: number;
  /** How many customers a person may own; null: no cap. */
  ownershipCap: number | null;
  /** Whether customers with a won deal count towards the cap. */
  capCountsWon: boolean;
}

export interface Claimant {
  claimsToday: number;
  owned: number;
  ownedWon: number;
  /** When this person last released (or lost) this customer, if ever. */
  releasedThisAt: Date | null;
}

export type ClaimRefusal = { code: "pool.daily_limit" } | { code: "pool.cooldown"; until: Date } | { code: "pool.cap_reached" };

/** Whether the person may claim now; the write re-checks the counts with conditions, so races cannot beat it. */
export function claimRefusal(p: Claimant, limits: ClaimLimits, at: Date, zone: string): ClaimRefusal | null {
  if (limits.dailyClaimLimit != null && p.claimsToday >= limits.dailyClaimLimit) return { code: "pool.daily_limit" };
  if (p.releasedThisAt && limits.cooldownDays > 0) {
    const until = plusDays(p.releasedThisAt, limits.cooldownDays, zone);
    if (at < until) return { code: "pool.cooldown", until };
  }
  if (limits.ownershipCap != null && countedOwned(p, limits) >= limits.ownershipCap) return { code: "pool.cap_reached" };
  return null;
}

export function countedOwned(p: Pick<Claimant, "owned" | "ownedWon">, limits: Pick<ClaimLimits, "capCountsWon">) {
  return limits.capCountsWon ? p.owned : p.owned - p.ownedWon;
}

/** The day a claim counts towards, in the tenant's zone. */
export function claimDay(at: Date, zone: string): string {
  return DateTime.fromJSDate(at, { zone }).toFormat("yyyy-MM-dd");
}

/** A pool customer's phone before it is claimed: country code, first three and last four digits stay. */
export function maskPhone(phone: string | null | undefined): string | null {
  if (!phone) return null;
  const digits = phone.replace(/\D/g, "");
  if (digits.length <= 4) return "*".repeat(digits.length);
  const cc = phone.startsWith("+86") ? "+86 " : phone.startsWith("+") ? "+" : "";
  const national = phone.startsWith("+86") ? digits.slice(2) : phone.startsWith("+") ? digits : digits;
  const head = national.length > 7 ? national.slice(0, 3) : "";
  return `${cc}${head}${"*".repeat(national.length - head.length - 4)}${national.slice(-4)}`;
}

/** A pool customer's email before it is claimed: the first character of the local part and the domain stay. */
export function maskEmail(email: string | null | undefined): string | null {
  if (!email) return null;
  const at = email.lastIndexOf("@");
  if (at <= 0) return "***";
  return `${email[0]}***${email.slice(at)}`;
}
