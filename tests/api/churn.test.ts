import { afterEach, describe, expect, it } from "vitest";
import { withActor } from "../../packages/core/src/actor";
import { type DomainEvent, setPorts } from "../../packages/core/src/ports";
import { Churn } from "../../packages/core/src/retention/churn";
import { ChurnEvents } from "../../packages/core/src/retention/churn-events";
import { Suppression } from "../../packages/core/src/retention/suppression";
import { SlaSweep } from "../../packages/core/src/service/sla-sweep";
import { subscriptions } from "../../packages/functions/src/registry";
import { LocalBus } from "../../packages/local/src/bus";
import { addMember, mailer, newTenant } from "../support/api";

// The real subscribers run inline (as in every API test); this port also keeps what was published.
const published: DomainEvent[] = [];
const bus = new LocalBus(subscriptions, { inline: true });
let clock = new Date("2026-12-01T09:00:00Z");
setPorts({ clock: { now: () => clock }, events: { publish: async (events) => { published.push(...events); await bus.publish(events); } } });
afterEach(() => { clock = new Date("2026-12-01T09:00:00Z"); });

const DAY = 86_400_000;
const later = (days: number) => new Date(clock.getTime() + days * DAY);
const STAGES = [{ name: "Talking" }, { name: "Won", kind: "won" }, { name: "Lost", kind: "lost" }];
const ONLY = (signal: string) => ({ activity: 0, won: 0, openTickets: 0, breaches: 0, lostDeals: 0, unsubscribed: 0, [signal]: 100 });
const FULL = { activityDays: 90, wonDays: 365, openTickets: 5, breaches: 3, lostDeals: 3 };

async function setup(plan = "business") {
  const t = await newTenant(plan);
  const p = (await t.owner.post("/api/pipelines", { name: "Sales", stages: STAGES })).body;
  const stage = (name: string) => p.stages?.find((s: any) => s.name === name)?.stageId as string;
  return { ...t, pipelineId: p.pipelineId as string, stage };
}

async function settings(t: Awaited<ReturnType<typeof setup>>, body: Record<string, unknown>) {
  const current = (await t.owner.get("/api/churn/settings")).body;
  const res = await t.owner.put("/api/churn/settings", { ...current, ...body });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

const riskEvents = (recordId: string) => published.filter((e) => e.type === "customer.churn_risk" && (e.data as any).recordId === recordId);

describe("churn risk", { timeout: 120_000 }, () => {
  it("derives the signals from real actions: tickets, won and lost deals, notes, unsubscribes", async () => {
    const t = await setup();
    const company = (await t.owner.post("/api/companies", { name: "Acme Ltd" })).body;
    const contact = (await t.owner.post("/api/contacts", { name: "Ann Lee", email: "ann@acme.example", companyId: company.companyId })).body;
    let h = await t.owner.get(`/api/contacts/${contact.contactId}/health`);
    expect(h.status).toBe(200);
    expect(h.body.band).toBe("healthy");
    const sig = () => Object.fromEntries(h.body.signals.map((s: any) => [s.key, s.value]));
    expect(sig()).toEqual({ activity: 0, won: null, openTickets: 0, breaches: 0, lostDeals: 0, unsubscribed: 0 });
    expect(h.body.score).toBe(80); // never won takes the won weight (20 of 100)

    const ticket = (await t.owner.post("/api/tickets", { subject: "Broken", requesterId: contact.contactId, text: "help" })).body;
    const won = await t.owner.post("/api/deals", { pipelineId: t.pipelineId, stageId: t.stage("Won"), title: "Won one", reason: "Best offer", amount: 120000, contactId: contact.contactId, companyId: company.companyId });
    expect(won.status, JSON.stringify(won.body)).toBe(201);
    expect((await t.owner.post("/api/deals", { pipelineId: t.pipelineId, stageId: t.stage("Lost"), title: "Lost one", reason: "Price", amount: 5000, contactId: contact.contactId })).status).toBe(201);
    expect((await t.owner.post("/api/deals", { pipelineId: t.pipelineId, title: "Open one", amount: 3000, contactId: contact.contactId })).status).toBe(201);

    clock = later(10);
    h = await t.owner.get(`/api/contacts/${contact.contactId}/health`);
    expect(sig()).toEqual({ activity: 10, won: 10, openTickets: 1, breaches: 0, lostDeals: 1, unsubscribed: 0 });
    expect(h.body.value).toBe(123000); // open + won, not lost
    const points = h.body.signals.reduce((s: number, x: any) => s + x.points, 0);
    expect(Math.abs(100 - points - h.body.score)).toBeLessThan(1);

    expect((await t.owner.post(`/api/contacts/${contact.contactId}/notes`, { body: "Called, all fine" })).status).toBe(201);
    expect((await t.owner.patch(`/api/tickets/${ticket.ticketId}`, { version: ticket.version, status: "solved" })).status).toBe(200);
    await withActor({ type: "system", tenantId: t.tenantId, reason: "test" }, () => Suppression.add("ann@acme.example", "unsubscribed"));
    h = await t.owner.get(`/api/contacts/${contact.contactId}/health`);
    expect(sig()).toMatchObject({ activity: 0, openTickets: 0, unsubscribed: 1 });

    // The company gets the deals and tickets named on it.
    const c = await t.owner.get(`/api/companies/${company.companyId}/health`);
    expect(c.status).toBe(200);
    expect(c.body.value).toBe(120000);
    expect(Object.fromEntries(c.body.signals.map((s: any) => [s.key, s.value]))).toMatchObject({ won: 10 });
    expect(c.body.history.length).toBeGreaterThanOrEqual(1);
  });

  it("counts SLA breaches of the customer's tickets from the real sweep", async () => {
    const t = await setup();
    const policy = await t.owner.post("/api/sla/policies", { name: "Fast", position: 1, targets: { firstResponse: { minutes: 10, businessHours: false } } });
    expect(policy.status, JSON.stringify(policy.body)).toBe(201);
    const contact = (await t.owner.post("/api/contacts", { name: "Waiting Customer", email: "wait@c.example" })).body;
    const ticket = (await t.owner.post("/api/tickets", { subject: "Still waiting", requesterId: contact.contactId, text: "hello?" })).body;
    clock = new Date(clock.getTime() + 11 * 60_000);
    // The due-time index is shared with other tests' tickets: sweep until this one's breach is out.
    for (let i = 0; i < 20 && !published.some((e) => e.type === "ticket.sla_breached" && (e.data as any).ticketId === ticket.ticketId); i++) await SlaSweep.sweep(clock);
    const h = (await t.owner.get(`/api/contacts/${contact.contactId}/health`)).body;
    expect(Object.fromEntries(h.signals.map((s: any) => [s.key, s.value]))).toMatchObject({ openTickets: 1, breaches: 1 });
    expect(h.signals.find((s: any) => s.key === "breaches").points).toBe(5); // 1 of 3 at weight 15
  });

  it("concurrent events on one customer all count (versioned writes retry)", async () => {
    const t = await setup();
    const contact = (await t.owner.post("/api/contacts", { name: "Busy Customer" })).body;
    const events = Array.from({ length: 6 }, (_, i) => ({
      id: `concurrent-${contact.contactId}-${i}`, type: "ticket.created", tenantId: t.tenantId, actor: { type: "user", id: t.userId },
      at: clock.toISOString(), data: { ticketId: `tk${i}`, status: "open", requesterId: contact.contactId },
    }));
    await Promise.all(events.map((e) => withActor({ type: "system", tenantId: t.tenantId, reason: "test" }, () => Churn.onEvent(e))));
    const h = (await t.owner.get(`/api/contacts/${contact.contactId}/health`)).body;
    expect(h.signals.find((s: any) => s.key === "openTickets").value).toBe(6);
  });

  it("alerts once per entry into at risk: event, notification, email and win-back task; the daily run writes only what changed", async () => {
    const t = await setup();
    await settings(t, { weights: ONLY("activity"), full: { ...FULL, activityDays: 10 } });
    const contact = (await t.owner.post("/api/contacts", { name: "Quiet Customer" })).body;
    const other = (await t.owner.post("/api/contacts", { name: "Other Customer" })).body;
    const run = (at: Date) => withActor({ type: "system", tenantId: t.tenantId, reason: "test" }, () => Churn.recomputeTenant(at));

    clock = later(5);
    const first = await run(clock);
    expect(first.customers).toBe(2);
    expect(first.changed).toBe(2); // 100 → 50 for both
    expect((await run(clock)).changed).toBe(0); // nothing moved: nothing written

    clock = later(3); // 8 days quiet: 20, at risk
    const mailsBefore = mailer.sent.length;
    await run(clock);
    await run(clock);
    expect(riskEvents(contact.contactId)).toHaveLength(1);
    expect((riskEvents(contact.contactId)[0].data as any)).toMatchObject({ recordType: "contact", name: "Quiet Customer", ownerId: t.userId, score: 20, previousBand: "watch" });
    const notes = (await t.owner.get("/api/notifications?kind=churn")).body.items;
    expect(notes.filter((n: any) => n.link === `/contacts/${contact.contactId}`)).toHaveLength(1);
    expect(mailer.sent.slice(mailsBefore).filter((m) => m.tag === "notify.churn" && m.to.includes(t.email) && m.subject.includes("Quiet Customer"))).toHaveLength(1);
    const tasks = (await t.owner.get("/api/tasks")).body.items.filter((x: any) => x.recordId === contact.contactId);
    expect(tasks).toHaveLength(1);
    expect(tasks[0].title).toContain("Win back");
    // The win-back task is not the customer's activity: still at risk.
    const h = (await t.owner.get(`/api/contacts/${contact.contactId}/health`)).body;
    expect([h.band, h.score]).toEqual(["at_risk", 20]);
    expect(h.atRiskSince).toBe(clock.toISOString());
    expect(h.history.map((p: any) => p.score)).toEqual([100, 50, 20]);

    // Activity lifts it out; going quiet again is a new entry and a new alert.
    expect((await t.owner.post(`/api/contacts/${contact.contactId}/notes`, { body: "Back in touch" })).status).toBe(201);
    expect((await t.owner.get(`/api/contacts/${contact.contactId}/health`)).body.band).toBe("healthy");
    clock = later(9);
    await run(clock);
    expect(riskEvents(contact.contactId)).toHaveLength(2);
    expect((await t.owner.get("/api/tasks")).body.items.filter((x: any) => x.recordId === contact.contactId)).toHaveLength(2);
    expect(riskEvents(other.contactId)).toHaveLength(1);
    for (const e of published.filter((e) => e.type in ChurnEvents.Schemas)) ChurnEvents.Schemas[e.type as ChurnEvents.EventType].parse(e.data);
  });

  it("the daily schedule recomputes each due tenant once, even with overlapping runs", async () => {
    const t = await setup();
    await settings(t, { weights: ONLY("activity"), full: { ...FULL, activityDays: 10 } });
    const contact = (await t.owner.post("/api/contacts", { name: "Scheduled" })).body;
    clock = later(9);
    const runs = await Promise.all([Churn.sweep(clock), Churn.sweep(clock)]);
    expect(runs.reduce((n, r) => n + r.tenants, 0)).toBeGreaterThanOrEqual(1);
    expect(riskEvents(contact.contactId)).toHaveLength(1);
    expect((await t.owner.get(`/api/churn/customers`)).body.items.map((x: any) => x.recordId)).toEqual([contact.contactId]);
  });

  it("lists at-risk customers by value with a cursor, within what the reader may see, and 404s other tenants", async () => {
    const t = await setup();
    await settings(t, { weights: ONLY("won") }); // never won: 0, at risk from the start
    const member = await addMember(t, "member");
    const ids: Record<string, string> = {};
    for (const [name, amount] of [["Small", 100], ["Big", 300000], ["Mid", 5000]] as const) {
      ids[name] = (await t.owner.post("/api/contacts", { name })).body.contactId;
      expect((await t.owner.post("/api/deals", { pipelineId: t.pipelineId, title: name, amount, contactId: ids[name] })).status).toBe(201);
    }
    ids.Mine = (await member.client.post("/api/contacts", { name: "Mine" })).body.contactId;
    const first = await t.owner.get("/api/churn/customers?limit=2");
    expect(first.status).toBe(200);
    expect(first.body.items.map((x: any) => x.name)).toEqual(["Big", "Mid"]);
    expect(first.body.items[0]).toMatchObject({ band: "at_risk", score: 0, value: 300000 });
    const second = await t.owner.get(`/api/churn/customers?limit=2&cursor=${encodeURIComponent(first.body.cursor)}`);
    expect(second.body.items.map((x: any) => x.name)).toEqual(["Small", "Mine"]);
    expect((await member.client.get("/api/churn/customers")).body.items.map((x: any) => x.name)).toEqual(["Mine"]);
    expect((await t.owner.get("/api/churn/customers?band=healthy")).body.items).toEqual([]);
    expect((await t.owner.get("/api/churn/customers?band=nope")).status).toBe(400);
    expect((await t.owner.get("/api/churn/customers?cursor=garbage")).status).toBe(400);

    const u = await setup();
    expect((await u.owner.get(`/api/contacts/${ids.Big}/health`)).status).toBe(404);
    expect((await u.owner.get(`/api/contacts/nope/health`)).status).toBe(404);
    expect((await u.owner.get("/api/churn/customers")).body.items).toEqual([]);
    expect((await member.client.get(`/api/contacts/${ids.Big}/health`)).status).toBe(404);
  });

  it("validates settings, needs the version (409 when stale) and settings:write", async () => {
    const t = await setup();
    const d = await t.owner.get("/api/churn/settings");
    expect(d.status).toBe(200);
    expect(d.body).toMatchObject({ version: 0, thresholds: { healthy: 70, atRisk: 40 } });
    const bad = await t.owner.put("/api/churn/settings", { ...d.body, thresholds: { healthy: 40, atRisk: 60 } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields).toHaveProperty("thresholds.atRisk");
    const bad2 = await t.owner.put("/api/churn/settings", { ...d.body, weights: { ...d.body.weights, won: -1 }, extra: 1 });
    expect(bad2.status).toBe(400);
    expect(Object.keys(bad2.body.error.fields)).toEqual(expect.arrayContaining(["weights.won", "extra"]));
    const ok = await t.owner.put("/api/churn/settings", { ...d.body, thresholds: { healthy: 80, atRisk: 30 } });
    expect(ok.status).toBe(200);
    expect(ok.body.version).toBe(1);
    const stale = await t.owner.put("/api/churn/settings", { ...d.body, thresholds: { healthy: 60, atRisk: 30 } });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe("conflict");
    expect((await t.owner.get("/api/churn/settings")).body).toMatchObject({ version: 1, thresholds: { healthy: 80, atRisk: 30 } });
    const member = await addMember(t, "member");
    expect((await member.client.put("/api/churn/settings", { ...ok.body })).status).toBe(403);
  });

  it("is a plan feature: 403 plan.feature_unavailable below business", async () => {
    const t = await newTenant("team");
    const contact = (await t.owner.post("/api/contacts", { name: "X" })).body;
    for (const path of ["/api/churn/settings", "/api/churn/customers", `/api/contacts/${contact.contactId}/health`]) {
      const res = await t.owner.get(path);
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe("plan.feature_unavailable");
    }
  });
});
