import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { BusinessHours, type Calendar } from "./business-hours";
import { Sla, SlaFacts, SlaPolicyInput, type SlaClock, type SlaPolicy, type SlaPolicyInput as PolicyInput } from "./sla";

const MINUTE = 60_000;
const DAY = 1440 * MINUTE;

// ---- generated cases: a small seeded PRNG, so a failure names a seed that reproduces it --------------

function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)];
  const some = <T>(xs: readonly T[]): T[] => xs.filter(() => next() < 0.4);
  return { next, int, pick, some };
}
type Rnd = ReturnType<typeof prng>;

function forCases(count: number, seed: number, body: (r: Rnd, i: number) => void) {
  for (let i = 0; i < count; i++) {
    try {
      body(prng(seed * 100_003 + i), i);
    } catch (e) {
      throw new Error(`case ${i} of seed ${seed}: ${(e as Error).message}`, { cause: e });
    }
  }
}

type Day = Calendar["weekly"][number]["day"];
const weekdays = (start: string, end: string, days: number[] = [1, 2, 3, 4, 5]) => days.map((day) => ({ day: day as Day, start, end }));
// Starts next to New York's and Berlin's DST changes, Shanghai's National Day, and a year end.
const STARTS = ["2024-03-08T14:00:00Z", "2024-10-25T09:00:00Z", "2024-09-29T03:00:00Z", "2024-12-30T15:00:00Z", "2024-11-01T20:00:00Z"].map(Date.parse);

function genCalendar(r: Rnd): Calendar {
  const timeZone = r.pick(["America/New_York", "Europe/Berlin", "Asia/Shanghai"]);
  const kind = r.int(0, 4);
  if (kind === 0) return { timeZone, weekly: [], holidays: [], alwaysOpen: true };
  if (kind === 1) return { timeZone, weekly: [0, 1, 2, 3, 4, 5, 6].map((day) => ({ day: day as Day, start: "00:00", end: "24:00" })), holidays: [] };
  if (kind === 2) return { timeZone, weekly: [...weekdays("22:00", "24:00", [0, 1, 2, 3, 4]), ...weekdays("00:00", "06:00")], holidays: ["2024-10-01", "2025-01-01"] };
  return { timeZone, weekly: weekdays(`0${r.int(7, 9)}:00`, `${r.int(16, 19)}:30`), holidays: ["2024-10-01", "2024-10-02", "2024-12-25", "2025-01-01"] };
}

function policy(input: Partial<PolicyInput> = {}, policyId = "p1"): SlaPolicy {
  return { ...SlaPolicyInput.parse({ name: "Standard", position: 0, targets: { resolution: { minutes: 480, businessHours: true } }, ...input }), policyId };
}

/** Counted ms in [a, b): open in the calendar (for business targets) and not paused, minute by minute. */
const openMemo = new WeakMap<Calendar, Map<number, boolean>>();
function openAt(cal: Calendar, t: number): boolean {
  let memo = openMemo.get(cal);
  if (!memo) openMemo.set(cal, (memo = new Map()));
  let open = memo.get(t);
  if (open === undefined) memo.set(t, (open = BusinessHours.isOpen(cal, new Date(t))));
  return open;
}
function oracleCounted(cal: Calendar, business: boolean, statusAt: (t: number) => string, pause: string[], a: number, b: number): number {
  let n = 0;
  for (let t = a; t < b; t += MINUTE) {
    const s = statusAt(t);
    if (!pause.includes(s) && s !== "solved" && s !== "closed" && (!business || openAt(cal, t))) n += MINUTE;
  }
  return n;
}
function statusAtFn(history: Array<{ at: Date; status: string }>) {
  const sorted = history.map((h) => ({ at: h.at.getTime(), status: h.status })).sort((a, b) => a.at - b.at);
  return (t: number) => {
    let status = "new";
    for (const h of sorted) if (h.at <= t) status = h.status;
    return status;
  };
}
const measure = (cal: Calendar, business: boolean, a: number, b: number) =>
  business ? Math.round(BusinessHours.businessMinutesBetween(cal, new Date(a), new Date(b)) * MINUTE) : b - a;

function genTicket(r: Rnd, created: number) {
  const statusHistory = [{ at: new Date(created), status: "new" }];
  let t = created;
  for (let n = r.int(0, 6); n > 0; n--) {
    t += r.int(1, 2 * 1440) * MINUTE;
    statusHistory.push({ at: new Date(t), status: r.pick(["open", "open", "pending", "on-hold", "solved", "closed"]) });
  }
  const at = (from: number) => new Date(from + r.int(1, 3 * 1440) * MINUTE);
  const firstAgentReplyAt = r.next() < 0.6 ? at(created) : undefined;
  const lastCustomerMessageAt = firstAgentReplyAt && r.next() < 0.6 ? at(firstAgentReplyAt.getTime()) : undefined;
  const lastAgentReplyAfterCustomerAt = lastCustomerMessageAt && r.next() < 0.5 ? at(lastCustomerMessageAt.getTime()) : undefined;
  const facts: SlaFacts = { createdAt: new Date(created), statusHistory, firstAgentReplyAt, lastCustomerMessageAt, lastAgentReplyAfterCustomerAt };
  return { facts, now: new Date(created + r.int(0, 8 * 1440) * MINUTE) };
}

function asOf(facts: SlaFacts, now: Date): SlaFacts {
  const known = (d?: Date) => (d && d <= now ? d : undefined);
  return {
    createdAt: facts.createdAt,
    statusHistory: facts.statusHistory.filter((h) => h.at <= now),
    firstAgentReplyAt: known(facts.firstAgentReplyAt),
    lastCustomerMessageAt: known(facts.lastCustomerMessageAt),
    lastAgentReplyAfterCustomerAt: known(facts.lastAgentReplyAfterCustomerAt),
  };
}

function genPolicy(r: Rnd): SlaPolicy {
  const target = () => ({ minutes: r.int(1, 40) * 30, businessHours: r.next() < 0.6 });
  return policy({
    targets: { firstResponse: target(), nextResponse: target(), resolution: target() },
    pauseStatuses: r.pick([["pending", "on-hold"], ["pending"], []] as const).slice(),
    warning: r.pick([{}, { percent: 80 }, { minutesBefore: 30 }, { percent: 50, minutesBefore: 15 }]),
    escalation: [
      { level: 1, after: "breach", action: "notify_group_manager" },
      { level: 2, after: "breach", delayMinutes: r.int(1, 240), action: "raise_priority", priority: "urgent" },
    ],
  });
}

const reachedFlags = (cs: SlaClock[]) => cs.flatMap((c) => [c.warning, c.status === "breached", ...c.escalations.map((e) => e.reached)]).filter(Boolean).length;

describe("SLA clocks: generated cases", () => {
  it("elapsed time is the open, unpaused time since the start, and due/warn/remaining agree with it (100 cases)", () => {
    forCases(100, 11, (r) => {
      const cal = genCalendar(r);
      const p = genPolicy(r);
      const { facts, now } = genTicket(r, r.pick(STARTS));
      // What happens after `now` is unknown to the clocks: they project the current status forward.
      const statusAt = statusAtFn(facts.statusHistory.filter((h) => h.at <= now));
      const result = Sla.clocks(p, cal, facts, now);
      for (const c of result) {
        const target = p.targets[c.metric]!;
        const end = (c.completedAt ?? now).getTime();
        const elapsed = oracleCounted(cal, target.businessHours, statusAt, p.pauseStatuses, c.startAt.getTime(), end);
        expect(Math.round(c.elapsedMinutes * MINUTE), c.metric).toBe(elapsed);
        expect(c.elapsedMinutes + c.remainingMinutes).toBeCloseTo(target.minutes, 9);
        if (c.completedAt) expect(c.status).toBe(elapsed <= target.minutes * MINUTE ? "met" : "breached");
        else if (elapsed >= target.minutes * MINUTE) expect(c.status).toBe("breached");
        else expect(c.status).toBe(c.paused ? "paused" : "running");
        if (c.status === "running") expect(c.dueAt!.getTime()).toBeGreaterThan(now.getTime());
        if (c.status === "paused") expect(c.dueAt).toBeNull();
        if (c.status === "breached") expect(c.dueAt!.getTime()).toBeLessThanOrEqual(end);
        if (c.dueAt && c.warnAt) expect(c.warnAt.getTime()).toBeLessThanOrEqual(c.dueAt.getTime());
        if (c.dueAt && c.dueAt.getTime() - c.startAt.getTime() <= 10 * DAY) {
          // The due time is the earliest instant at which exactly the target has been counted.
          const counted = (t: number) => oracleCounted(cal, target.businessHours, statusAt, p.pauseStatuses, c.startAt.getTime(), t);
          const due = Math.ceil(c.dueAt.getTime() / MINUTE) * MINUTE;
          if (due === c.dueAt.getTime()) expect(counted(due)).toBe(target.minutes * MINUTE);
        }
      }
    });
  });

  it("the next deadline lies ahead, and at it another warning, breach or escalation is reached (500 cases)", () => {
    forCases(500, 12, (r) => {
      const cal = genCalendar(r);
      const p = genPolicy(r);
      const ticket = genTicket(r, r.pick(STARTS));
      const { now } = ticket;
      // The ticket as known at `now`: nothing changes until the next deadline, as for a sweeper.
      const facts = asOf(ticket.facts, now);
      const result = Sla.clocks(p, cal, facts, now);
      expect(result).toEqual(Sla.clocks(p, cal, ticket.facts, now));
      const next = Sla.nextDeadline(result);
      const running = result.filter((c) => c.status === "running");
      if (running.length) expect(next).not.toBeNull();
      if (!next) return;
      expect(next.getTime()).toBeGreaterThan(now.getTime());
      for (const c of running) expect(next.getTime()).toBeLessThanOrEqual(c.dueAt!.getTime());
      // What a sweeper relies on: evaluating again at the deadline finds something newly due.
      expect(reachedFlags(Sla.clocks(p, cal, facts, next))).toBeGreaterThan(reachedFlags(result));
      expect(reachedFlags(Sla.clocks(p, cal, facts, new Date(next.getTime() - 1)))).toBe(reachedFlags(result));
    });
  });

  it("pauses move the due time later by exactly the paused business (or calendar) time (800 cases)", () => {
    forCases(800, 13, (r) => {
      const cal = genCalendar(r);
      const business = r.next() < 0.7;
      const p = policy({ targets: { resolution: { minutes: r.int(1, 60) * 30, businessHours: business } } });
      const created = r.pick(STARTS) + r.int(0, 1440) * MINUTE;
      const base = Sla.clocks(p, cal, { createdAt: new Date(created), statusHistory: [{ at: new Date(created), status: "open" }] }, new Date(created))[0];
      const history = [{ at: new Date(created), status: "open" }];
      const pauses: Array<[number, number]> = [];
      let t = created;
      for (let n = r.int(1, 3); n > 0; n--) {
        const from = t + r.int(0, 1440) * MINUTE;
        const to = from + r.int(1, 2 * 1440) * MINUTE;
        history.push({ at: new Date(from), status: r.pick(["pending", "on-hold"]) }, { at: new Date(to), status: "open" });
        pauses.push([from, to]);
        t = to;
      }
      const paused = Sla.clocks(p, cal, { createdAt: new Date(created), statusHistory: history }, new Date(t))[0];
      const due0 = base.dueAt!.getTime();
      const due1 = paused.dueAt!.getTime();
      const pausedBefore = (x: number) => pauses.reduce((sum, [a, b]) => sum + (a < x ? measure(cal, business, a, Math.min(b, x)) : 0), 0);
      expect(measure(cal, business, created, due1) - pausedBefore(due1)).toBe(p.targets.resolution!.minutes * MINUTE);
      if (pauses.every(([, b]) => b <= due0)) expect(measure(cal, business, due0, due1)).toBe(pausedBefore(Infinity));
      if (!business) expect(due1 - due0).toBe(pausedBefore(due1));
    });
  });

  it("while paused the due time is unknown and the remaining time frozen; resuming continues from it (800 cases)", () => {
    forCases(800, 14, (r) => {
      const cal = genCalendar(r);
      const business = r.next() < 0.7;
      const minutes = r.int(1, 60) * 30;
      const p = policy({ targets: { firstResponse: { minutes, businessHours: business } }, warning: { percent: 80 } });
      const created = r.pick(STARTS);
      const pauseAt = created + r.int(0, 3 * 1440) * MINUTE;
      const history = [{ at: new Date(created), status: "open" }, { at: new Date(pauseAt), status: "pending" }];
      const facts = { createdAt: new Date(created), statusHistory: history };
      const [atPause, later, muchLater] = [0, r.int(1, 1440), r.int(1441, 20_000)].map((m) => Sla.clocks(p, cal, facts, new Date(pauseAt + m * MINUTE))[0]);
      expect(later.remainingMinutes).toBe(atPause.remainingMinutes);
      expect(muchLater.elapsedMinutes).toBe(atPause.elapsedMinutes);
      if (atPause.remainingMinutes > 0) {
        expect([atPause.status, later.status, muchLater.status]).toEqual(["paused", "paused", "paused"]);
        expect([atPause.dueAt, later.dueAt, muchLater.dueAt]).toEqual([null, null, null]);
        expect(Sla.nextDeadline([later])).toBeNull();
      }
      const resumeAt = pauseAt + r.int(1, 5 * 1440) * MINUTE;
      const resumed = Sla.clocks(p, cal, { ...facts, statusHistory: [...history, { at: new Date(resumeAt), status: "open" }] }, new Date(resumeAt))[0];
      expect(resumed.remainingMinutes).toBe(atPause.remainingMinutes);
      if (atPause.remainingMinutes > 0) {
        const expected = business ? BusinessHours.addBusinessMinutes(cal, new Date(resumeAt), atPause.remainingMinutes).getTime() : resumeAt + atPause.remainingMinutes * MINUTE;
        expect(resumed.dueAt!.getTime()).toBe(expected);
        expect(resumed.status).toBe("running");
      }
    });
  });

  it("solving stops the resolution clock and a reopen resumes it where it stopped (800 cases)", () => {
    forCases(800, 15, (r) => {
      const cal = genCalendar(r);
      const business = r.next() < 0.7;
      const minutes = r.int(1, 60) * 30;
      const p = policy({ targets: { resolution: { minutes, businessHours: business } } });
      const created = r.pick(STARTS);
      const solvedAt = created + r.int(1, 4 * 1440) * MINUTE;
      const reopenAt = solvedAt + r.int(1, 4 * 1440) * MINUTE;
      const solvedFacts = { createdAt: new Date(created), statusHistory: [{ at: new Date(created), status: "new" }, { at: new Date(solvedAt), status: "solved" }], solvedAt: new Date(solvedAt) };
      const whileSolved = Sla.clocks(p, cal, solvedFacts, new Date(reopenAt - MINUTE))[0];
      const before = measure(cal, business, created, solvedAt);
      expect(whileSolved.completedAt!.getTime()).toBe(solvedAt);
      expect(whileSolved.status).toBe(before <= minutes * MINUTE ? "met" : "breached");
      expect(Sla.nextDeadline([whileSolved])).toBeNull();

      const reopened = { createdAt: new Date(created), statusHistory: [...solvedFacts.statusHistory, { at: new Date(reopenAt), status: "open" }] };
      const now = reopenAt + r.int(0, 3 * 1440) * MINUTE;
      const after = Sla.clocks(p, cal, reopened, new Date(now))[0];
      expect(after.completedAt).toBeNull();
      expect(Math.round(after.elapsedMinutes * MINUTE)).toBe(before + measure(cal, business, reopenAt, now));
      if (before < minutes * MINUTE) {
        const never = Sla.clocks(p, cal, { createdAt: new Date(created), statusHistory: [{ at: new Date(created), status: "new" }] }, new Date(now))[0];
        if (never.dueAt!.getTime() >= solvedAt) expect(measure(cal, business, never.dueAt!.getTime(), after.dueAt!.getTime())).toBe(measure(cal, business, solvedAt, reopenAt));
      } else {
        expect(after.status).toBe("breached");
      }
    });
  });

  it("a policy match is the first by position whose every given condition holds (2,000 cases)", () => {
    const priorities = ["low", "normal", "high", "urgent"] as const;
    const groups = ["g1", "g2", "g3"];
    const tags = ["vip", "billing", "bug", "zh"];
    const companies = ["c1", "c2"];
    forCases(2000, 16, (r) => {
      const policies = Array.from({ length: r.int(0, 8) }, (_, i) =>
        policy(
          {
            position: r.int(0, 5),
            conditions: {
              priorities: r.next() < 0.5 ? r.some(priorities) : undefined,
              groupIds: r.next() < 0.4 ? r.some(groups) : undefined,
              tags: r.next() < 0.4 ? r.some(tags) : undefined,
              companyIds: r.next() < 0.3 ? r.some(companies) : undefined,
            },
          },
          `p${i}`,
        ),
      );
      const ticket = { priority: r.pick(priorities), groupId: r.next() < 0.7 ? r.pick(groups) : undefined, tags: r.some(tags), companyId: r.next() < 0.5 ? r.pick(companies) : undefined };
      const holds = (xs: readonly string[] | undefined, ok: (x: string) => boolean) => !xs || xs.length === 0 || xs.some(ok);
      const matching = policies.filter(
        ({ conditions: c }) =>
          holds(c.priorities, (x) => x === ticket.priority) &&
          holds(c.groupIds, (x) => x === ticket.groupId) &&
          holds(c.tags, (x) => ticket.tags.includes(x)) &&
          holds(c.companyIds, (x) => x === ticket.companyId),
      );
      const best = Math.min(...matching.map((m) => m.position));
      expect(Sla.matchPolicy(policies, ticket)?.policyId).toBe(matching.find((m) => m.position === best)?.policyId);
    });
  });
});

describe("SLA clocks: examples", () => {
  const sh: Calendar = { timeZone: "Asia/Shanghai", weekly: weekdays("09:00", "18:00"), holidays: ["2024-10-01"] };
  const at = (iso: string) => DateTime.fromISO(iso, { zone: "Asia/Shanghai" }).toJSDate();
  const facts = (created: string, more: Partial<SlaFacts> = {}): SlaFacts => ({ createdAt: at(created), statusHistory: [{ at: at(created), status: "new" }], ...more });

  it("first response in business hours: due Monday morning for a Friday evening ticket, warned at 80%", () => {
    const p = policy({ targets: { firstResponse: { minutes: 60, businessHours: true } }, warning: { percent: 80 } });
    const [c] = Sla.clocks(p, sh, facts("2024-05-10T17:30"), at("2024-05-11T12:00"));
    expect(c).toMatchObject({ metric: "firstResponse", status: "running", elapsedMinutes: 30, remainingMinutes: 30, dueAt: at("2024-05-13T09:30"), warnAt: at("2024-05-13T09:18"), warning: false });
    expect(Sla.nextDeadline([c])).toEqual(at("2024-05-13T09:18"));
    const [met] = Sla.clocks(p, sh, facts("2024-05-10T17:30", { firstAgentReplyAt: at("2024-05-13T09:10") }), at("2024-05-13T12:00"));
    expect(met).toMatchObject({ status: "met", completedAt: at("2024-05-13T09:10"), elapsedMinutes: 40, dueAt: null });
    const [late] = Sla.clocks(p, sh, facts("2024-05-10T17:30", { firstAgentReplyAt: at("2024-05-13T10:00") }), at("2024-05-13T12:00"));
    expect(late).toMatchObject({ status: "breached", dueAt: at("2024-05-13T09:30"), remainingMinutes: -30 });
  });

  it("a holiday on the due day pushes the due time to the next working day", () => {
    const p = policy({ targets: { resolution: { minutes: 120, businessHours: true } } });
    const [c] = Sla.clocks(p, sh, facts("2024-09-30T17:00"), at("2024-09-30T17:00"));
    expect(c.dueAt).toEqual(at("2024-10-02T10:00"));
  });

  it("pending pauses a calendar-time clock: due later by the pause", () => {
    const p = policy({ targets: { resolution: { minutes: 60, businessHours: false } } });
    const history = [{ at: at("2024-05-11T10:00"), status: "new" }, { at: at("2024-05-11T10:10"), status: "pending" }, { at: at("2024-05-11T10:40"), status: "open" }];
    const [during] = Sla.clocks(p, sh, { createdAt: at("2024-05-11T10:00"), statusHistory: history.slice(0, 2) }, at("2024-05-11T10:30"));
    expect(during).toMatchObject({ status: "paused", paused: true, dueAt: null, elapsedMinutes: 10, remainingMinutes: 50 });
    const [after] = Sla.clocks(p, sh, { createdAt: at("2024-05-11T10:00"), statusHistory: history }, at("2024-05-11T10:50"));
    expect(after).toMatchObject({ status: "running", dueAt: at("2024-05-11T11:30"), elapsedMinutes: 20 });
  });

  it("next response runs from an unanswered customer message after the first reply, and only then", () => {
    const p = policy({ targets: { nextResponse: { minutes: 30, businessHours: false } } });
    const base = facts("2024-05-13T09:00", { lastCustomerMessageAt: at("2024-05-13T09:00") });
    expect(Sla.clocks(p, sh, base, at("2024-05-13T12:00"))).toEqual([]);
    const waiting = { ...base, firstAgentReplyAt: at("2024-05-13T09:05"), lastAgentReplyAfterCustomerAt: at("2024-05-13T09:05"), lastCustomerMessageAt: at("2024-05-13T10:00") };
    expect(Sla.clocks(p, sh, waiting, at("2024-05-13T10:10"))[0]).toMatchObject({ metric: "nextResponse", startAt: at("2024-05-13T10:00"), status: "running", dueAt: at("2024-05-13T10:30") });
    const answered = { ...waiting, lastAgentReplyAfterCustomerAt: at("2024-05-13T10:20") };
    expect(Sla.clocks(p, sh, answered, at("2024-05-13T11:00"))[0]).toMatchObject({ status: "met", completedAt: at("2024-05-13T10:20"), elapsedMinutes: 20 });
  });

  it("solving fulfils the reply targets too; a stored solvedAt counts as solved", () => {
    const p = policy({ targets: { firstResponse: { minutes: 60, businessHours: false }, resolution: { minutes: 600, businessHours: false } } });
    const solved = facts("2024-05-13T09:00", { solvedAt: at("2024-05-13T09:30") });
    const result = Sla.clocks(p, sh, solved, at("2024-05-13T12:00"));
    expect(result.map((c) => [c.metric, c.status, c.elapsedMinutes])).toEqual([["firstResponse", "met", 30], ["resolution", "met", 30]]);
    expect(Sla.nextDeadline(result)).toBeNull();
  });

  it("escalation levels: warning, breach, and breach plus an hour, each with its instant", () => {
    const p = policy({
      targets: { resolution: { minutes: 60, businessHours: false } },
      warning: { percent: 80, minutesBefore: 30 },
      escalation: [
        { level: 1, after: "warning", action: "notify_assignee" },
        { level: 2, after: "breach", action: "notify_group_manager" },
        { level: 3, after: "breach", delayMinutes: 60, action: "reassign", assignTo: { groupId: "tier2" } },
      ],
    });
    const ticket = facts("2024-05-13T09:00");
    const [c] = Sla.clocks(p, sh, ticket, at("2024-05-13T09:45"));
    expect(c.warnAt).toEqual(at("2024-05-13T09:30")); // 30 minutes before beats 80%
    expect(c.escalations.map((e) => [e.level, e.at, e.reached])).toEqual([[1, at("2024-05-13T09:30"), true], [2, at("2024-05-13T10:00"), false], [3, at("2024-05-13T11:00"), false]]);
    expect(Sla.nextDeadline([c])).toEqual(at("2024-05-13T10:00"));
    const [late] = Sla.clocks(p, sh, ticket, at("2024-05-13T10:30"));
    expect(late.status).toBe("breached");
    expect(Sla.nextDeadline([late])).toEqual(at("2024-05-13T11:00"));
  });

  it("a business-hours target without a calendar counts all time; a never-open calendar never falls due", () => {
    const p = policy({ targets: { resolution: { minutes: 60, businessHours: true } } });
    expect(Sla.clocks(p, undefined, facts("2024-05-11T10:00"), at("2024-05-11T10:00"))[0].dueAt).toEqual(at("2024-05-11T11:00"));
    const never = { timeZone: "UTC", weekly: [], holidays: [] };
    const [c] = Sla.clocks(p, never, facts("2024-05-11T10:00"), at("2024-05-12T10:00"));
    expect(c).toMatchObject({ status: "running", dueAt: null, elapsedMinutes: 0 });
  });

  it("reads stored facts with ISO strings", () => {
    const parsed = SlaFacts.parse({ createdAt: "2024-05-13T01:00:00.000Z", statusHistory: [{ at: "2024-05-13T01:00:00.000Z", status: "new" }], solvedAt: "2024-05-13T02:00:00.000Z" });
    expect(parsed.solvedAt).toEqual(new Date("2024-05-13T02:00:00.000Z"));
    expect(() => SlaFacts.parse({ createdAt: "yesterday" })).toThrow();
  });
});

describe("SLA policy schema", () => {
  const ok = { name: "VIP", position: 1, targets: { firstResponse: { minutes: 30, businessHours: true } } };

  it("fills defaults: pending and on-hold pause, no conditions, no warning, no escalation", () => {
    expect(SlaPolicyInput.parse(ok)).toMatchObject({ pauseStatuses: ["pending", "on-hold"], conditions: {}, warning: {}, escalation: [] });
  });

  it.each([
    ["no target", { ...ok, targets: {} }],
    ["a zero target", { ...ok, targets: { resolution: { minutes: 0, businessHours: true } } }],
    ["solved as a pause status", { ...ok, pauseStatuses: ["solved"] }],
    ["an unknown priority", { ...ok, conditions: { priorities: ["asap"] } }],
    ["a reassignment to nobody", { ...ok, escalation: [{ level: 1, after: "breach", action: "reassign" }] }],
    ["a level twice", { ...ok, escalation: [{ level: 1, after: "breach", action: "notify_assignee" }, { level: 1, after: "breach", action: "raise_priority" }] }],
    ["a warning step without a warning", { ...ok, escalation: [{ level: 1, after: "warning", action: "notify_assignee" }] }],
    ["a warning at 100%", { ...ok, warning: { percent: 100 } }],
    ["an unknown field", { ...ok, colour: "red" }],
  ])("rejects %s", (_name, input) => {
    expect(SlaPolicyInput.safeParse(input).success).toBe(false);
  });
});
