import { describe, expect, it } from "vitest";
import { prng } from "../testing/prng";
import { ApprovalRules, type Facts, type Flow, type Member, type Role, type Step } from "./rules";

const ROLES: Role[] = ["owner", "admin", "manager", "member", "viewer"];
const TEAMS = ["t1", "t2", "t3"];

function members(r: ReturnType<typeof prng>): Member[] {
  const n = r.int(1, 12);
  return Array.from({ length: n }, (_, i) => ({
    userId: `u${i}`, role: i === 0 ? "owner" : r.pick(ROLES), teamIds: TEAMS.filter(() => r.chance(0.3)),
  }));
}

function step(r: ReturnType<typeof prng>, people: Member[]): Step {
  const type = r.pick(["user", "manager", "role"] as const);
  if (type === "user") return { type, userId: r.chance(0.8) ? r.pick(people).userId : "gone" };
  if (type === "role") return { type, role: r.pick(["owner", "admin", "manager", "member"]) };
  return { type };
}

describe("approval step resolution (generated cases)", () => {
  it("gives every step at least one approver, the right one by its rules", () => {
    for (let seed = 1; seed <= 2000; seed++) {
      const r = prng(seed);
      const people = members(r);
      const owner = r.pick(people).userId;
      const s = step(r, people);
      const got = ApprovalRules.approversOf(s, owner, people);
      const admins = people.filter((m) => m.role === "owner" || m.role === "admin").map((m) => `user#${m.userId}`).sort();
      expect(got.length, `seed ${seed}`).toBeGreaterThan(0);
      if (s.type === "role") {
        expect(got, `seed ${seed}`).toEqual([`role#${s.role}`]);
      } else if (s.type === "user") {
        const m = people.find((p) => p.userId === s.userId);
        expect(got, `seed ${seed}`).toEqual(m && m.role !== "viewer" ? [`user#${m.userId}`] : admins);
      } else {
        const teams = people.find((p) => p.userId === owner)!.teamIds ?? [];
        const managers = people.filter((p) => p.role === "manager" && p.userId !== owner && (p.teamIds ?? []).some((t) => teams.includes(t)));
        expect(got, `seed ${seed}`).toEqual(managers.length ? managers.map((m) => `user#${m.userId}`).sort() : admins);
        if (managers.length) expect(got, `seed ${seed}`).not.toContain(`user#${owner}`);
      }
    }
  });

  it("lets exactly the resolved people (or the role's holders) decide", () => {
    for (let seed = 1; seed <= 1000; seed++) {
      const r = prng(seed);
      const people = members(r);
      const approvers = ApprovalRules.approversOf(step(r, people), r.pick(people).userId, people);
      for (const m of people) {
        const expected = approvers.includes(`user#${m.userId}`) || approvers.includes(`role#${m.role}`);
        expect(ApprovalRules.mayDecide(approvers, m.userId, m.role), `seed ${seed} ${m.userId}`).toBe(expected);
      }
      expect(ApprovalRules.mayDecide(approvers, "stranger", undefined)).toBe(false);
    }
  });

  it("walks the steps in order: approved only after the last, rejected at any step", () => {
    for (let seed = 1; seed <= 500; seed++) {
      const r = prng(seed);
      const count = r.int(1, 10);
      let step = 0;
      let outcome: ApprovalRules.Outcome = { status: "pending", step: 0 };
      const rejectAt = r.chance(0.4) ? r.int(0, count - 1) : -1;
      let decided = 0;
      while (outcome.status === "pending") {
        outcome = ApprovalRules.next(step, count, step === rejectAt ? "reject" : "approve");
        decided++;
        if (outcome.status === "pending") {
          expect(outcome.step).toBe(step + 1);
          step = outcome.step;
        }
      }
      if (rejectAt >= 0) {
        expect(outcome.status).toBe("rejected");
        expect(decided).toBe(rejectAt + 1);
      } else {
        expect(outcome.status).toBe("approved");
        expect(decided).toBe(count);
      }
    }
  });
});

describe("which flow guards an action (generated cases)", () => {
  const stages = ["s1", "s2", "s3", "won"];
  function flow(r: ReturnType<typeof prng>, i: number): Flow {
    const trigger = r.pick(["contract.create", "payment.record", "deal.discount", "deal.stage"] as const);
    return {
      flowId: `f${i}`, trigger, active: r.chance(0.8), createdAt: `2026-01-${String(10 + i).padStart(2, "0")}`, steps: r.chance(0.95) ? [{ type: "manager" }] : [],
      ...(r.chance(0.6) ? { minAmount: r.int(0, 10_000) } : {}), discountAbove: r.int(0, 100), stageIds: stages.filter(() => r.chance(0.4)),
    };
  }
  function facts(r: ReturnType<typeof prng>): Facts {
    const trigger = r.pick(["contract.create", "payment.record", "deal.discount", "deal.stage"] as const);
    if (trigger === "deal.stage") return { trigger, toStageId: r.pick(stages) };
    if (trigger === "deal.discount") return { trigger, from: r.chance(0.3) ? null : r.int(0, 100), to: r.chance(0.1) ? null : r.int(0, 100) };
    return { trigger, amount: r.int(0, 12_000) };
  }

  it("picks the oldest active flow of the trigger whose condition holds, else none", () => {
    for (let seed = 1; seed <= 2000; seed++) {
      const r = prng(seed);
      const flows = Array.from({ length: r.int(0, 6) }, (_, i) => flow(r, i));
      const f = facts(r);
      const shuffled = [...flows].sort(() => r.next() - 0.5);
      const picked = ApprovalRules.pick(shuffled, f);
      const applies = (x: Flow) => {
        if (!x.active || x.trigger !== f.trigger || !x.steps.length) return false;
        if (f.trigger === "deal.stage") return x.stageIds!.includes(f.toStageId);
        if (f.trigger === "deal.discount") return f.to !== null && f.to > x.discountAbove! && f.to > (f.from ?? 0);
        return x.minAmount === undefined || f.amount >= x.minAmount;
      };
      expect(picked?.flowId, `seed ${seed}`).toBe(flows.find(applies)?.flowId);
    }
  });
});
