import { afterEach, describe, expect, it } from "vitest";
import { MemoryEvents, setPorts, systemClock } from "../../packages/core/src/ports";
import { SlaSweep } from "../../packages/core/src/service/sla-sweep";
import { addMember, mailer, newTenant } from "../support/api";

let clock = new Date("2026-11-27T09:30:00Z"); // Friday 17:30 in Shanghai
const events = new MemoryEvents();
setPorts({ clock: { now: () => clock }, events });
afterEach(() => setPorts({ clock: { now: () => clock } }));

const weekdays = [1, 2, 3, 4, 5].map((day) => ({ day, start: "09:00", end: "18:00" }));

async function setup() {
  const t = await newTenant("business");
  const cal = await t.owner.post("/api/sla/calendars", { name: "Shanghai office", calendar: { timeZone: "Asia/Shanghai", weekly: weekdays, holidays: ["2026-12-31"] } });
  expect(cal.status).toBe(201);
  const policy = await t.owner.post("/api/sla/policies", {
    name: "Standard", position: 1, calendarId: cal.body.id,
    targets: { firstResponse: { minutes: 60, businessHours: true }, resolution: { minutes: 480, businessHours: true } },
    warning: { percent: 80 },
    escalation: [
      { level: 1, after: "breach", action: "notify_group_manager", metrics: ["firstResponse"] },
      { level: 2, after: "breach", delayMinutes: 30, action: "raise_priority", metrics: ["firstResponse"] },
    ],
  });
  expect(policy.status).toBe(201);
  return t;
}

describe("SLA in business hours, with pauses and escalations", () => {
  it("computes due times over the weekend, warns and breaches once even with overlapping sweeps, escalates", async () => {
    clock = new Date("2026-11-27T09:30:00Z");
    const t = await setup();
    const manager = await addMember(t, "manager");
    const ticket = (await t.owner.post("/api/tickets", { subject: "SLA test", requesterEmail: "sla@c.example", text: "help" })).body;
    const first = ticket.sla.clocks.find((c: any) => c.metric === "firstResponse");
    // 30 minutes on Friday, 30 more on Monday from 09:00 Shanghai = 01:00Z.
    expect(first.dueAt).toBe("2026-11-30T01:30:00.000Z");
    expect(first.warnAt).toBe("2026-11-30T01:18:00.000Z");

    clock = new Date("2026-11-30T01:20:00Z");
    const sentBefore = mailer.sent.length;
    const w = await SlaSweep.sweep();
    expect(w.fired).toBeGreaterThanOrEqual(1);
    expect(events.published.filter((e) => e.type === "ticket.sla_warning" && (e.data as any).ticketId === ticket.ticketId)).toHaveLength(1);
    expect(mailer.sent.slice(sentBefore).some((m) => m.tag === "sla.warning" && m.to.includes(t.email))).toBe(true);
    await SlaSweep.sweep();
    expect(events.published.filter((e) => e.type === "ticket.sla_warning" && (e.data as any).ticketId === ticket.ticketId)).toHaveLength(1);

    clock = new Date("2026-11-30T01:31:00Z");
    await Promise.all([SlaSweep.sweep(), SlaSweep.sweep(), SlaSweep.sweep()]);
    const breaches = events.published.filter((e) => e.type === "ticket.sla_breached" && (e.data as any).ticketId === ticket.ticketId);
    expect(breaches.map((e) => (e.data as any).metric)).toEqual(["firstResponse"]);
    const escalations = events.published.filter((e) => e.type === "ticket.sla_escalated" && (e.data as any).ticketId === ticket.ticketId);
    expect(escalations.map((e) => (e.data as any).level)).toEqual([1]);
    expect(mailer.sent.some((m) => m.tag === "sla.escalation" && m.to.includes(manager.email))).toBe(true);
    const overdue = await t.owner.get("/api/tickets?queue=overdue");
    expect(overdue.body.items.map((x: any) => x.ticketId)).toEqual([ticket.ticketId]);

    clock = new Date("2026-11-30T02:01:00Z");
    await SlaSweep.sweep();
    const raised = (await t.owner.get(`/api/tickets/${ticket.ticketId}`)).body;
    expect(raised.priority).toBe("high");
    expect(events.published.filter((e) => e.type === "ticket.sla_escalated" && (e.data as any).ticketId === ticket.ticketId).map((e) => (e.data as any).level)).toEqual([1, 2]);
  });

  it("pauses the clock while pending and moves the due time by the paused business time", async () => {
    clock = new Date("2026-12-01T02:00:00Z"); // Tuesday 10:00 Shanghai
    const t = await setup();
    const ticket = (await t.owner.post("/api/tickets", { subject: "Pause test", requesterEmail: "p@c.example", text: "x" })).body;
    const due0 = ticket.sla.clocks.find((c: any) => c.metric === "resolution").dueAt;
    expect(due0).toBe("2026-12-01T10:00:00.000Z"); // 8 business hours: Tue 10:00–18:00 Shanghai
    clock = new Date("2026-12-01T03:00:00Z");
    const paused = (await t.owner.patch(`/api/tickets/${ticket.ticketId}`, { version: ticket.version, status: "pending" })).body;
    const res = paused.sla.clocks.find((c: any) => c.metric === "resolution");
    expect(res.paused).toBe(true);
    expect(res.dueAt).toBeNull();
    expect((await t.owner.get("/api/tickets?queue=overdue")).body.items).toEqual([]);
    clock = new Date("2026-12-01T05:00:00Z"); // two business hours later
    const resumed = (await t.owner.patch(`/api/tickets/${ticket.ticketId}`, { version: paused.version, status: "open" })).body;
    expect(resumed.sla.clocks.find((c: any) => c.metric === "resolution").dueAt).toBe("2026-12-02T03:00:00.000Z");
  });

  it("runs no clock on auto-replies, bounces and spam until an agent removes the tag", async () => {
    clock = new Date("2026-11-27T09:30:00Z");
    const t = await setup();
    const auto = (await t.owner.post("/api/tickets", { subject: "Out of office", requesterEmail: "away@c.example", text: "away", tags: ["auto-reply"] })).body;
    expect(auto.sla).toBeUndefined();
    const real = await t.owner.patch(`/api/tickets/${auto.ticketId}`, { tags: [], version: auto.version });
    expect(real.status).toBe(200);
    expect(real.body.sla.clocks.map((c: any) => c.metric)).toContain("firstResponse");
  });

  it("is a plan feature, and policies match in order", async () => {
    clock = new Date("2026-12-01T02:00:00Z");
    const solo = await newTenant();
    expect((await solo.owner.post("/api/sla/policies", { name: "x", position: 1, targets: { resolution: { minutes: 60, businessHours: false } } })).body.error.code).toBe("plan.feature_unavailable");
    const noSla = (await solo.owner.post("/api/tickets", { subject: "no sla", requesterEmail: "n@c.example", text: "x" })).body;
    expect(noSla.sla).toBeUndefined();
    const t = await newTenant("business");
    await t.owner.post("/api/sla/policies", { name: "Urgent", position: 1, conditions: { priorities: ["urgent"] }, targets: { firstResponse: { minutes: 15, businessHours: false } } });
    await t.owner.post("/api/sla/policies", { name: "Everything", position: 2, targets: { firstResponse: { minutes: 240, businessHours: false } } });
    const urgent = (await t.owner.post("/api/tickets", { subject: "u", requesterEmail: "u@c.example", text: "x", priority: "urgent" })).body;
    const normal = (await t.owner.post("/api/tickets", { subject: "n", requesterEmail: "n@c.example", text: "x" })).body;
    expect(urgent.sla.policyName).toBe("Urgent");
    expect(normal.sla.policyName).toBe("Everything");
    expect(urgent.sla.clocks[0].dueAt).toBe("2026-12-01T02:15:00.000Z");
    const bad = await t.owner.post("/api/sla/calendars", { name: "bad", calendar: { timeZone: "Nowhere/Land", weekly: [] } });
    expect(bad.status).toBe(400);
  });
});
void systemClock;

describe("SLA report", () => {
  it("counts met and breached clocks per policy, priority and agent from counters kept on write", async () => {
    clock = new Date("2026-12-07T02:00:00Z"); // Monday 10:00 Shanghai
    const t = await newTenant("business");
    await t.owner.post("/api/sla/policies", { name: "Fast", position: 1, targets: { firstResponse: { minutes: 30, businessHours: false }, resolution: { minutes: 600, businessHours: false } } });
    const a = (await t.owner.post("/api/tickets", { subject: "a", requesterEmail: "a@r.example", text: "x", priority: "high" })).body;
    const b = (await t.owner.post("/api/tickets", { subject: "b", requesterEmail: "b@r.example", text: "x" })).body;
    clock = new Date("2026-12-07T02:10:00Z");
    await t.owner.post(`/api/tickets/${a.ticketId}/replies`, { text: "quick" }); // met after 10 min
    clock = new Date("2026-12-07T03:00:00Z");
    await t.owner.post(`/api/tickets/${b.ticketId}/replies`, { text: "slow" }); // breached after 60 min
    const report = await t.owner.get("/api/reports/sla?from=2026-12&to=2026-12&by=priority");
    expect(report.status).toBe(200);
    const fr = (key: string) => report.body.rows.find((r: any) => r.key === key).metrics.firstResponse;
    expect(fr("high")).toMatchObject({ met: 1, breached: 0, compliance: 1 });
    expect(fr("normal")).toMatchObject({ met: 0, breached: 1, compliance: 0 });
    const month = report.body.months[0].metrics.firstResponse;
    expect(month).toMatchObject({ met: 1, breached: 1, compliance: 0.5 });
    expect(month.p50Minutes).toBeGreaterThanOrEqual(5);
    expect(month.p90Minutes).toBeLessThanOrEqual(120);
    const byAgent = await t.owner.get("/api/reports/sla?from=2026-12&to=2026-12&by=agent");
    expect(byAgent.body.rows.map((r: any) => r.label)).toEqual([`Owner ${t.slug}`]);
    const byPolicy = await t.owner.get("/api/reports/sla?from=2026-12&to=2026-12&by=policy");
    expect(byPolicy.body.rows[0]).toMatchObject({ label: "Fast" });
    expect(byPolicy.body.rows[0].metrics.firstResponse).toMatchObject({ met: 1, breached: 1 });
    // Solving completes resolution once; a second write does not count it again.
    const solved = (await t.owner.patch(`/api/tickets/${a.ticketId}`, { version: (await t.owner.get(`/api/tickets/${a.ticketId}`)).body.version, status: "solved" })).body;
    await t.owner.patch(`/api/tickets/${a.ticketId}`, { version: solved.version, tags: ["done"] });
    const after = await t.owner.get("/api/reports/sla?from=2026-12&to=2026-12&by=priority");
    expect(after.body.months[0].metrics.resolution).toMatchObject({ met: 1, breached: 0 });
    expect((await t.owner.get("/api/reports/sla?from=2020-01&to=2026-12")).status).toBe(400);
  });
});
