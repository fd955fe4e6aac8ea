import { afterEach, describe, expect, it } from "vitest";
import { withActor } from "../../packages/core/src/actor";
import { now, setPorts, systemClock } from "../../packages/core/src/ports";
import { EfficiencyCounter } from "../../packages/core/src/reports/efficiency-counter";
import { at, newTenant, ok, withTeams } from "../support/api";
import { download } from "../support/downloads";

afterEach(() => setPorts({ clock: systemClock }));

const MARCH = "/api/reports/efficiency?from=2026-03-01&to=2026-03-31";

/** A business-plan workspace (Asia/Shanghai, the default zone) with teams East and West. */
const setup = () => withTeams("business");

describe("work-efficiency report", () => {
  it("counts activities by type (by day in the workspace's zone), deals touched and moved, tickets handled, first responses and tasks", async () => {
    const { t, owner, manager, rep } = await setup();
    // Days in Asia/Shanghai: "today" is 2026-03-10 throughout.
    at("2026-03-08T02:00:00Z");
    const onTime = await ok(rep.client.post("/api/tasks", { title: "On time", dueAt: "2026-03-09T02:00:00Z" }), 201);
    await ok(rep.client.patch(`/api/tasks/${onTime.taskId}`, { version: 1, status: "done" }));
    await ok(rep.client.post("/api/tasks", { title: "Forgotten", dueAt: "2026-03-09T02:00:00Z" }), 201);
    const late = await ok(rep.client.post("/api/tasks", { title: "Late", dueAt: "2026-03-07T02:00:00Z" }), 201);

    at("2026-03-10T01:00:00Z");
    await ok(rep.client.post("/api/tasks", { title: "Due tonight", dueAt: "2026-03-10T10:00:00Z" }), 201);
    await ok(rep.client.patch(`/api/tasks/${late.taskId}`, { version: 1, status: "done" }));
    const contact = await ok(owner.post("/api/contacts", { name: "王芳", shared: true }), 201);
    const act = (body: object, c = rep.client) => ok(c.post("/api/activities", { recordType: "contact", recordId: contact.contactId, ...body }), 201);
    // 01:00 on the 10th in Shanghai, still the 9th in UTC.
    await act({ kind: "call", at: "2026-03-09T17:00:00Z" });
    const early = await act({ kind: "call", at: "2026-03-05T03:00:00Z" });
    const meeting = await act({ kind: "meeting" });
    await act({ kind: "visit", userId: rep.userId }, manager.client);
    // A change of kind moves the count; a deletion removes it.
    await ok(rep.client.patch(`/api/activities/${meeting.activityId}`, { version: 1, kind: "email" }));
    expect((await rep.client.del(`/api/activities/${early.activityId}`)).status).toBe(204);

    const p = await ok(owner.post("/api/pipelines", { name: "Sales" }), 201);
    const open = p.stages.filter((s: any) => s.kind === "open");
    const deal = await ok(rep.client.post("/api/deals", { pipelineId: p.pipelineId, title: "Big order", amount: 100000 }), 201);
    await ok(rep.client.patch(`/api/deals/${deal.dealId}`, { version: 1, title: "Bigger order" }));
    const moved = await ok(rep.client.post(`/api/deals/${deal.dealId}/move`, { version: 2, stageId: open[1].stageId }));
    await ok(rep.client.post(`/api/deals/${deal.dealId}/move`, { version: moved.version, stageId: open[2].stageId }));
    const other = await ok(rep.client.post("/api/deals", { pipelineId: p.pipelineId, title: "Small order" }), 201);

    const t1 = await ok(owner.post("/api/tickets", { subject: "Broken", requesterEmail: "a@example.com", text: "It broke", assigneeId: rep.userId }), 201);
    const t2 = await ok(owner.post("/api/tickets", { subject: "Slow", requesterEmail: "b@example.com", text: "It is slow", assigneeId: rep.userId }), 201);
    at("2026-03-10T01:30:00Z");
    await ok(rep.client.post(`/api/tickets/${t1.ticketId}/replies`, { text: "Looking into it" }), 201);
    at("2026-03-10T02:30:00Z");
    await ok(rep.client.post(`/api/tickets/${t2.ticketId}/replies`, { text: "On it" }), 201);
    const ticket1 = await ok(rep.client.get(`/api/tickets/${t1.ticketId}`));
    await ok(rep.client.patch(`/api/tickets/${t1.ticketId}`, { version: ticket1.version, status: "solved" }));
    // A later reply by someone else is handled by them, and is not a first response again.
    at("2026-03-10T04:00:00Z");
    await ok(owner.post(`/api/tickets/${t2.ticketId}/replies`, { text: "Escalated" }), 201);

    const report = await ok(owner.get(MARCH));
    expect(report).toMatchObject({ from: "2026-03-01", to: "2026-03-31", today: "2026-03-10", timeZone: "Asia/Shanghai", teamId: null });
    // Every member has a row, also those without any counter (the owner, the manager, the two reps).
    expect(report.rows).toHaveLength(4);
    const mine = report.rows.find((r: any) => r.userId === rep.userId);
    expect(mine).toMatchObject({
      name: "member person",
      activities: { call: 1, meeting: 0, visit: 1, email: 1, total: 3 },
      dealsTouched: 2, dealsMoved: 1, stageChanges: 2, ticketsHandled: 2,
      firstResponse: { count: 2, medianMinutes: 60, p90Minutes: 84 },
      tasksDone: 2,
      // "Forgotten" (due yesterday, open) and "Late"; "Due tonight" is not overdue yet.
      tasksOverdue: 2,
    });
    expect(report.rows.find((r: any) => r.userId === t.userId)).toMatchObject({ ticketsHandled: 1, firstResponse: { count: 0, medianMinutes: null } });
    expect(report.totals).toMatchObject({ activities: { total: 3 }, ticketsHandled: 2, dealsTouched: 2, firstResponse: { count: 2, medianMinutes: 60 }, tasksDone: 2 });
    const day = (d: string) => report.series.find((s: any) => s.day === d);
    expect(report.series).toHaveLength(31);
    expect(day("2026-03-10").activities).toMatchObject({ call: 1, visit: 1, email: 1 });
    expect(day("2026-03-09").activities.total).toBe(0);
    expect(day("2026-03-08").tasksDone).toBe(1);
    expect(day("2026-03-10")).toMatchObject({ tasksDone: 1, dealsMoved: 1, ticketsHandled: 2 });
    expect(day("2026-03-07").tasksOverdue).toBe(1);

    // One member, one day: the same figures, read from the same counters.
    const oneDay = await ok(owner.get(`/api/reports/efficiency?from=2026-03-10&to=2026-03-10&userId=${rep.userId}`));
    expect(oneDay.rows).toHaveLength(1);
    expect(oneDay.rows[0]).toMatchObject({ activities: { total: 3 }, dealsTouched: 2, ticketsHandled: 2, tasksDone: 1, tasksOverdue: 0 });
    expect(oneDay.series.map((s: any) => s.day)).toEqual(["2026-03-10"]);
    // Nothing is counted outside the period.
    const february = await ok(owner.get("/api/reports/efficiency?from=2026-02-01&to=2026-02-28"));
    expect(february.totals).toMatchObject({ activities: { total: 0 }, dealsTouched: 0, tasksDone: 0 });
    void other;
  }, 240_000);

  it("measures first responses in business hours when an SLA policy's clock ran", async () => {
    const { owner, rep } = await setup();
    const weekdays = [1, 2, 3, 4, 5].map((day) => ({ day, start: "09:00", end: "18:00" }));
    const cal = await ok(owner.post("/api/sla/calendars", { name: "Office", calendar: { timeZone: "Asia/Shanghai", weekly: weekdays } }), 201);
    await ok(owner.post("/api/sla/policies", { name: "Standard", position: 1, calendarId: cal.id, targets: { firstResponse: { minutes: 60, businessHours: true } } }), 201);
    // Friday 17:30 in Shanghai; answered on Monday at 09:15: 45 business minutes, not two and a half days.
    at("2026-03-13T09:30:00Z");
    const ticket = await ok(owner.post("/api/tickets", { subject: "Weekend", requesterEmail: "c@example.com", text: "Help", assigneeId: rep.userId }), 201);
    at("2026-03-16T01:15:00Z");
    await ok(rep.client.post(`/api/tickets/${ticket.ticketId}/replies`, { text: "Good morning" }), 201);
    const row = (await ok(owner.get(MARCH))).rows.find((r: any) => r.userId === rep.userId);
    expect(row.firstResponse).toEqual({ count: 1, medianMinutes: 45, p90Minutes: 45 });
  }, 240_000);

  it("counts a redelivered event once", async () => {
    const { t, owner, rep } = await setup();
    at("2026-03-10T01:00:00Z");
    const event = { id: "evt-efficiency-twice", type: "deal.stage_changed", tenantId: t.tenantId, actor: { type: "user" as const, id: rep.userId }, at: now().toISOString(), data: { deal: { dealId: "d1" }, fromStageId: "a", toStageId: "b", reason: null } };
    const logged = { id: "evt-activity-twice", type: "activity.logged", tenantId: t.tenantId, actor: { type: "user" as const, id: rep.userId }, at: now().toISOString(), data: { activityId: "a1", userId: rep.userId, kind: "call", at: now().toISOString(), version: 1 } };
    await withActor({ type: "system", tenantId: t.tenantId, reason: "test" }, async () => {
      for (const e of [event, event, logged, logged]) await EfficiencyCounter.record(e);
    });
    const row = (await ok(owner.get(MARCH))).rows.find((r: any) => r.userId === rep.userId);
    expect(row).toMatchObject({ stageChanges: 1, dealsMoved: 1, activities: { call: 1, total: 1 } });
  }, 120_000);

  it("shows managers their teams' members only, admins everyone, and nobody else", async () => {
    const { t, owner, east, west, manager, rep, outsider } = await setup();
    const ids = (r: any) => r.rows.map((x: any) => x.userId).sort();
    expect(ids(await ok(owner.get(MARCH)))).toEqual([t.userId, manager.userId, rep.userId, outsider.userId].sort());
    const managers = await ok(manager.client.get(MARCH));
    expect(ids(managers)).toEqual([manager.userId, rep.userId].sort());
    expect(managers.teams.map((x: any) => x.teamId)).toEqual([east.teamId]);
    expect(ids(await ok(owner.get(`${MARCH}&teamId=${west.teamId}`)))).toEqual([outsider.userId]);
    expect(ids(await ok(manager.client.get(`${MARCH}&teamId=${east.teamId}`)))).toEqual([manager.userId, rep.userId].sort());
    expect((await manager.client.get(`${MARCH}&teamId=${west.teamId}`)).status).toBe(403);
    expect((await manager.client.get(`${MARCH}&userId=${outsider.userId}`)).status).toBe(403);
    expect((await rep.client.get(MARCH)).status).toBe(403);
    expect((await outsider.client.get(`/api/reports/efficiency.csv`)).status).toBe(403);

    // Another workspace's team or member answers like one that does not exist.
    const other = await newTenant("business");
    const theirs = await ok(other.owner.post("/api/teams", { name: "Theirs" }), 201);
    const missing = await owner.get(`${MARCH}&teamId=${theirs.teamId}`);
    expect(missing.status).toBe(404);
    expect((await owner.get(`${MARCH}&teamId=nosuchteam`)).body).toEqual(missing.body);
    expect((await owner.get(`${MARCH}&userId=${other.userId}`)).status).toBe(404);

    // Bad periods are 400s naming the field.
    for (const q of ["from=2026-13-01", "from=yesterday", "from=2026-03-10&to=2026-03-01", "from=2024-01-01&to=2026-01-01", "teamId=../x", "bogus=1"]) {
      const res = await owner.get(`/api/reports/efficiency?${q}`);
      expect(res.status, q).toBe(400);
      expect(res.body.error.code).toBe("validation");
      expect(Object.keys(res.body.error.fields ?? {}).length, q).toBeGreaterThan(0);
    }

    // The report needs the reports feature.
    const ws = await ok(owner.put("/api/workspace/features", { features: { reports: false } }));
    void ws;
    const locked = await owner.get(MARCH);
    expect(locked.status).toBe(403);
    expect(locked.body.error.code).toBe("plan.feature_unavailable");
  }, 240_000);

  it("downloads the report as CSV with a byte-order mark, one row per member and a totals row", async () => {
    const { owner, manager, rep } = await setup();
    at("2026-03-10T01:00:00Z");
    const contact = await ok(owner.post("/api/contacts", { name: "Li Lei", shared: true }), 201);
    await ok(rep.client.post("/api/activities", { kind: "call", recordType: "contact", recordId: contact.contactId }), 201);
    await ok(rep.client.post("/api/activities", { kind: "visit", recordType: "contact", recordId: contact.contactId }), 201);

    const en = await download(manager.client, `/api/reports/efficiency.csv?from=2026-03-01&to=2026-03-31&lang=en`);
    expect(en.status).toBe(200);
    expect(en.type).toContain("text/csv");
    expect(en.disposition).toContain("efficiency-2026-03-01-2026-03-31.csv");
    expect([...en.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = en.bytes.toString("utf8").slice(1).trim().split("\r\n");
    expect(lines[0]).toContain("Work efficiency 2026-03-01…2026-03-31");
    expect(lines[1].split(",").slice(0, 6)).toEqual(["Member", "Calls", "Meetings", "Visits", "Emails", "Activities"]);
    // The manager and the rep, then the totals.
    expect(lines).toHaveLength(5);
    expect(lines.find((l) => l.startsWith("member person"))!.split(",").slice(1, 6)).toEqual(["1", "0", "1", "0", "2"]);
    expect(lines[4].split(",").slice(0, 6)).toEqual(["Total", "1", "0", "1", "0", "2"]);

    const zh = await download(owner, `/api/reports/efficiency.csv?from=2026-03-01&to=2026-03-31`);
    const text = zh.bytes.toString("utf8");
    expect(text).toContain("成员");
    expect(text).toContain("合计");
    expect((await owner.get("/api/reports/efficiency.csv?lang=fr")).status).toBe(400);
  }, 240_000);
});
