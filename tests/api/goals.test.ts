import { afterEach, describe, expect, it } from "vitest";
import { withActor } from "../../packages/core/src/actor";
import { now, setPorts, systemClock } from "../../packages/core/src/ports";
import { GoalActivity } from "../../packages/core/src/sales/goal-activity";
import { GoalCollection } from "../../packages/core/src/sales/goal-collection";
import { addMember, at, type Client, newTenant, ok } from "../support/api";
import { download } from "../support/downloads";

afterEach(() => setPorts({ clock: systemClock }));

async function setup() {
  const t = await newTenant("business");
  const p = (await t.owner.post("/api/pipelines", { name: "Sales" })).body;
  const won = p.stages.find((s: any) => s.kind === "won").stageId as string;
  const team = (await t.owner.post("/api/teams", { name: "East" })).body;
  return { t, p, won, team, owner: t.owner };
}

describe("goals", () => {
  it("sets, reads, changes with the version and deletes goals; one per subject, metric and period; bad input is 400", async () => {
    const { t, owner, team } = await setup();
    const member = await addMember(t, "member", [team.teamId]);
    const body = { subjectType: "user", subjectId: member.userId, metric: "wonDeals", period: "2025-03", target: 4 };
    const g = await ok(owner.post("/api/goals", body), 201);
    expect(g).toMatchObject({ ...body, version: 1, subjectName: "member person", pipelineId: null, previousPeriod: "2025-02" });
    expect(g.progress).toMatchObject({ value: 0, target: 4, previous: 0, ratio: 0, changeRatio: null, reached: false });
    expect((await owner.post("/api/goals", body)).body.error.code).toBe("goal.exists");
    // The same metric for another period or another pipeline is another goal.
    await ok(owner.post("/api/goals", { ...body, period: "2025-Q1" }), 201);

    expect((await owner.patch(`/api/goals/${g.goalId}`, { version: 2, target: 5 })).status).toBe(409);
    const changed = await ok(owner.patch(`/api/goals/${g.goalId}`, { version: 1, target: 5 }));
    expect(changed).toMatchObject({ version: 2, target: 5 });
    expect((await ok(owner.get(`/api/goals/${g.goalId}`))).target).toBe(5);

    for (const bad of [
      { ...body, period: "2025-13" },
      { ...body, period: "2025-Q5" },
      { ...body, target: 0 },
      { ...body, target: 1.5 },
      { ...body, metric: "calls" },
      { ...body, subjectType: "company" },
      { ...body, subjectId: "0000000000000nonexistent" },
      { ...body, subjectType: "team", subjectId: "0000000000000nonexistent" },
      { ...body, metric: "activities", pipelineId: "0000000000000nonexistent" },
      { ...body, metric: "wonAmount", pipelineId: "0000000000000nonexistent" },
      { ...body, extra: 1 },
    ]) {
      const res = await owner.post("/api/goals", bad);
      expect(res.status, JSON.stringify(bad)).toBe(400);
      expect(res.body.error.fields).toBeTruthy();
    }
    expect((await owner.get("/api/goals?period=2025-3")).status).toBe(400);

    expect((await owner.del(`/api/goals/${g.goalId}`)).status).toBe(204);
    expect((await owner.get(`/api/goals/${g.goalId}`)).status).toBe(404);
    // The unique rule went with it.
    await ok(owner.post("/api/goals", body), 201);
    const list = await ok(owner.get("/api/goals?period=2025-03"));
    expect(list.items).toHaveLength(1);
    expect(list.previous).toBe("2025-02");
  });

  it("shows progress from won deals, new leads and activities, for users and teams, against the period before", async () => {
    const { t, owner, p, won, team } = await setup();
    const member = await addMember(t, "member", [team.teamId]);
    const mate = await addMember(t, "member", [team.teamId]);
    const loner = await addMember(t, "member");
    const winDeal = (ownerId: string, amount: number) => ok(owner.post("/api/deals", { pipelineId: p.pipelineId, title: "Deal", amount, ownerId, stageId: won, reason: "Signed" }), 201);
    const lead = (ownerId: string, source: string | null) => ok(owner.post("/api/leads", { name: "Lead", ownerId, source }), 201);

    at("2025-02-10T02:00:00Z");
    await winDeal(member.userId, 10_000);
    await lead(member.userId, "web");
    const contact = await ok(member.client.post("/api/contacts", { name: "Buyer", email: `buyer-${Date.now()}@example.com` }), 201);
    await ok(member.client.post(`/api/contacts/${contact.contactId}/notes`, { body: "February call" }), 201);

    at("2025-03-05T02:00:00Z");
    await winDeal(member.userId, 20_000);
    await winDeal(member.userId, 30_000);
    await winDeal(mate.userId, 5_000);
    await winDeal(loner.userId, 99_000);
    await lead(member.userId, "web");
    await lead(member.userId, "fair");
    await lead(loner.userId, "web");
    await ok(member.client.post(`/api/contacts/${contact.contactId}/notes`, { body: "March call" }), 201);
    await ok(member.client.post(`/api/contacts/${contact.contactId}/notes`, { body: "March visit" }), 201);
    const task = await ok(member.client.post("/api/tasks", { title: "Send offer", dueAt: "2025-03-06T02:00:00Z" }), 201);
    await ok(member.client.patch(`/api/tasks/${task.taskId}`, { version: task.version, status: "done" }));
    // An owner's reply on a ticket is the owner's activity.
    const ticket = await ok(owner.post("/api/tickets", { subject: "Help", requesterId: contact.contactId, text: "Please help" }), 201);
    await ok(owner.post(`/api/tickets/${ticket.ticketId}/replies`, { text: "On it" }), 201);

    const set = (subjectType: string, subjectId: string, metric: string, period: string, target: number) =>
      ok(owner.post("/api/goals", { subjectType, subjectId, metric, period, target }), 201);
    const amount = await set("user", member.userId, "wonAmount", "2025-03", 100_000);
    const deals = await set("user", member.userId, "wonDeals", "2025-03", 2);
    const leads = await set("user", member.userId, "newLeads", "2025-03", 4);
    const acts = await set("user", member.userId, "activities", "2025-03", 10);
    const ownerActs = await set("user", t.userId, "activities", "2025-03", 1);
    const teamQuarter = await set("team", team.teamId, "wonAmount", "2025-Q1", 50_000);
    const teamYear = await set("team", team.teamId, "wonDeals", "2025", 10);

    expect(amount.progress).toMatchObject({ value: 50_000, previous: 10_000, ratio: 0.5, change: 40_000, changeRatio: 4, reached: false });
    expect(deals.progress).toMatchObject({ value: 2, previous: 1, ratio: 1, reached: true, changeRatio: 1 });
    expect(leads.progress).toMatchObject({ value: 2, previous: 1, ratio: 0.5 });
    expect(acts.activities).toEqual({ notes: 2, tasks: 1, replies: 0, logged: 0 });
    expect(acts.progress).toMatchObject({ value: 3, previous: 1 });
    expect(ownerActs.progress.value).toBe(1);
    expect(ownerActs.activities).toEqual({ notes: 0, tasks: 0, replies: 1, logged: 0 });
    // The team's figures are its members' (the loner is in no team); the quarter before had nothing.
    expect(teamQuarter.progress).toMatchObject({ value: 65_000, previous: 0, changeRatio: null, reached: true });
    expect(teamYear.progress).toMatchObject({ value: 4, previous: 0 });
    expect(teamYear.previousPeriod).toBe("2024");

    // A goal on one pipeline counts only its deals.
    const other = (await owner.post("/api/pipelines", { name: "Renewals" })).body;
    const otherWon = other.stages.find((s: any) => s.kind === "won").stageId;
    await ok(owner.post("/api/deals", { pipelineId: other.pipelineId, title: "Renewal", amount: 7_000, ownerId: member.userId, stageId: otherWon, reason: "Renewed" }), 201);
    const onePipeline = await ok(owner.post("/api/goals", { subjectType: "user", subjectId: member.userId, metric: "wonAmount", period: "2025-03", target: 1, pipelineId: other.pipelineId }), 201);
    expect(onePipeline.progress.value).toBe(7_000);
    expect((await ok(owner.get(`/api/goals/${amount.goalId}`))).progress.value).toBe(57_000);

    // The month's list holds the month's goals, not the quarter's or the year's.
    const list = await ok(owner.get("/api/goals?period=2025-03"));
    expect(list.items.map((g: any) => g.goalId).sort()).toEqual([amount, deals, leads, acts, ownerActs, onePipeline].map((g) => g.goalId).sort());

    // An event delivered twice counts once.
    const event = { id: "evt-twice-1", type: "note.created", tenantId: t.tenantId, actor: { type: "user", id: member.userId }, at: now().toISOString(), data: { authorId: member.userId } };
    await withActor({ type: "system", tenantId: t.tenantId, reason: "test" }, async () => {
      await GoalActivity.record(event);
      await GoalActivity.record(event);
    });
    expect((await ok(owner.get(`/api/goals/${acts.goalId}`))).activities).toEqual({ notes: 3, tasks: 1, replies: 0, logged: 0 });
   }, 120_000);

  it("shows 回款 (collected amount) progress per person and team from recorded payments, by payment month", async () => {
    const { t, owner, team } = await setup();
    const member = await addMember(t, "member", [team.teamId]);
    const mate = await addMember(t, "member", [team.teamId]);
    const loner = await addMember(t, "member");
    const company = await ok(owner.post("/api/companies", { name: "回款客户", shared: true }), 201);
    const contract = (ownerId: string, amount: number) => ok(owner.post("/api/contracts", { title: "合同", companyId: company.companyId, amount, ownerId }), 201);
    const pay = (contractId: string, amount: number, paidOn: string) => ok(owner.post(`/api/contracts/${contractId}/payments`, { amount, paidOn }), 201);
    at("2025-03-20T02:00:00Z");
    const c1 = await contract(member.userId, 500_000);
    const c2 = await contract(mate.userId, 300_000);
    const c3 = await contract(loner.userId, 900_000);
    await pay(c1.contractId, 100_000, "2025-02-27");
    await pay(c1.contractId, 150_000, "2025-03-03");
    await pay(c1.contractId, 50_000, "2025-03-19");
    await pay(c2.contractId, 30_000, "2025-03-10");
    await pay(c3.contractId, 900_000, "2025-03-11");

    const set = (subjectType: string, subjectId: string, period: string, target: number) =>
      ok(owner.post("/api/goals", { subjectType, subjectId, metric: "collectedAmount", period, target }), 201);
    const mine = await set("user", member.userId, "2025-03", 400_000);
    expect(mine.progress).toMatchObject({ value: 200_000, previous: 100_000, ratio: 0.5, change: 100_000, reached: false });
    const teamMonth = await set("team", team.teamId, "2025-03", 230_000);
    expect(teamMonth.progress).toMatchObject({ value: 230_000, previous: 100_000, reached: true });
    const teamQuarter = await set("team", team.teamId, "2025-Q1", 1_000_000);
    expect(teamQuarter.progress.value).toBe(330_000);
    // Shown beside won amount in the month's list; a pipeline does not apply to collections.
    const february = await set("user", member.userId, "2025-02", 1);
    expect(february.progress.value).toBe(100_000);
    const list = await ok(owner.get("/api/goals?period=2025-03"));
    expect(list.items.filter((g: any) => g.metric === "collectedAmount").map((g: any) => g.progress.value).sort()).toEqual([200_000, 230_000]);
    const p = (await owner.post("/api/pipelines", { name: "P" })).body;
    expect((await owner.post("/api/goals", { subjectType: "user", subjectId: mate.userId, metric: "collectedAmount", period: "2025-03", target: 1, pipelineId: p.pipelineId })).status).toBe(400);

    // A payment event delivered twice counts once.
    const event = { id: "evt-pay-twice", type: "payment.recorded", tenantId: t.tenantId, actor: { type: "user", id: t.userId }, at: now().toISOString(), data: { ownerId: member.userId, amount: 1_000, paidOn: "2025-03-21", contractId: c1.contractId } };
    await withActor({ type: "system", tenantId: t.tenantId, reason: "test" }, async () => {
      await GoalCollection.record(event);
      await GoalCollection.record(event);
    });
    expect((await ok(owner.get(`/api/goals/${mine.goalId}`))).progress.value).toBe(201_000);
    const csv = await download(owner, "/api/reports/goals.csv?period=2025-03&lang=zh-CN");
    expect(csv.bytes.toString("utf8")).toContain("回款金额");
  }, 120_000);

  it("lets members see their own and their team's goals, managers set goals for their teams only, admins for all", async () => {
    const { t, owner, team } = await setup();
    const west = (await owner.post("/api/teams", { name: "West" })).body;
    const manager = await addMember(t, "manager", [team.teamId]);
    const member = await addMember(t, "member", [team.teamId]);
    const outsider = await addMember(t, "member", [west.teamId]);
    const viewer = await addMember(t, "viewer", [team.teamId]);
    const goal = (c: Client, subjectType: string, subjectId: string) => c.post("/api/goals", { subjectType, subjectId, metric: "wonDeals", period: "2025-06", target: 3 });

    const mine = await ok(goal(manager.client, "user", member.userId), 201);
    const east = await ok(goal(manager.client, "team", team.teamId), 201);
    expect((await goal(manager.client, "user", outsider.userId)).body.error.code).toBe("goal.not_your_team");
    expect((await goal(manager.client, "team", west.teamId)).status).toBe(403);
    const theirs = await ok(goal(owner, "user", outsider.userId), 201);
    const westGoal = await ok(goal(owner, "team", west.teamId), 201);
    expect((await goal(member.client, "user", member.userId)).status).toBe(403);
    expect((await goal(viewer.client, "user", viewer.userId)).status).toBe(403);

    const ids = async (c: Client) => (await ok(c.get("/api/goals?period=2025-06"))).items.map((g: any) => g.goalId).sort();
    expect(await ids(owner)).toEqual([mine, east, theirs, westGoal].map((g) => g.goalId).sort());
    expect(await ids(manager.client)).toEqual([mine, east].map((g) => g.goalId).sort());
    expect(await ids(member.client)).toEqual([mine, east].map((g) => g.goalId).sort());
    expect(await ids(viewer.client)).toEqual([east.goalId]);
    expect(await ids(outsider.client)).toEqual([theirs, westGoal].map((g) => g.goalId).sort());

    // Another member's goal answers like a missing one; a member cannot change even their own.
    expect((await member.client.get(`/api/goals/${theirs.goalId}`)).status).toBe(404);
    expect((await manager.client.patch(`/api/goals/${theirs.goalId}`, { version: 1, target: 9 })).status).toBe(404);
    expect((await member.client.patch(`/api/goals/${mine.goalId}`, { version: 1, target: 9 })).status).toBe(403);
    expect((await member.client.del(`/api/goals/${mine.goalId}`)).status).toBe(403);
    await ok(manager.client.patch(`/api/goals/${mine.goalId}`, { version: 1, target: 9 }));

    const solo = await newTenant("solo");
    expect((await solo.owner.get("/api/goals")).body.error.code).toBe("plan.feature_unavailable");
  });

  it("exports the goals of a period as CSV, UTF-8 with a byte-order mark, in the workspace language", async () => {
    const { t, owner, team } = await setup();
    const member = await addMember(t, "member", [team.teamId]);
    await ok(owner.post("/api/goals", { subjectType: "team", subjectId: team.teamId, metric: "wonAmount", period: "2025-Q2", target: 1_234_56 }), 201);
    await ok(owner.post("/api/goals", { subjectType: "user", subjectId: member.userId, metric: "newLeads", period: "2025-Q2", target: 7 }), 201);

    const zh = await download(owner, "/api/reports/goals.csv?period=2025-Q2");
    expect(zh.status).toBe(200);
    expect(zh.type).toMatch(/^text\/csv; charset=utf-8/);
    expect(zh.disposition).toContain('filename="goals-2025-Q2.csv"');
    expect([...zh.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = zh.bytes.subarray(3).toString("utf8");
    const lines = text.split("\r\n");
    expect(lines[0]).toBe("目标: 2025-Q2 / 2025-Q1");
    expect(lines[1]).toBe("对象,指标,期间,目标值,实际值,完成率 %,上期,变化,变化 %");
    expect(lines).toContain("East,赢单金额,2025-Q2,1234.56,0,0,0,0,");
    expect(lines).toContain("member person,新线索,2025-Q2,7,0,0,0,0,");

    const en = await download(owner, "/api/reports/goals.csv?period=2025-Q2&lang=en");
    expect(en.bytes.subarray(3).toString("utf8").split("\r\n")[1]).toBe("For,Metric,Period,Target,Actual,Progress %,Previous period,Change,Change %");
    // Members download only what they may see.
    const theirs = (await download(member.client, "/api/reports/goals.csv?period=2025-Q2")).bytes.toString("utf8");
    expect(theirs).toContain("East");
    expect((await download(owner, "/api/reports/goals.csv?period=nope")).status).toBe(400);
  });
});
