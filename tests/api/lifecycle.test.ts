import { beforeAll, describe, expect, it } from "vitest";
import { withActor } from "../../packages/core/src/actor";
import { Lifecycle } from "../../packages/core/src/data/lifecycle";
import { newId } from "../../packages/core/src/id";
import { setPorts, systemClock, usePorts } from "../../packages/core/src/ports";
import { addMember, newTenant, unique } from "../support/api";

type T = Awaited<ReturnType<typeof newTenant>>;
let t: T;
let pipeline: { pipelineId: string; stages: Array<{ stageId: string; kind: string }> };

const stageOf = async (type: "contacts" | "companies", id: string) => (await t.owner.get(`/api/${type}/${id}/lifecycle`)).body;

/** Publishes an event on the real bus, as the module that owns it would after its write. */
async function publish(type: string, data: unknown, at = new Date().toISOString()) {
  const event = { id: newId(), type, tenantId: t.tenantId, actor: { type: "system" as const, id: "test" }, at, data };
  await withActor({ type: "system", tenantId: t.tenantId, reason: "test" }, () => usePorts().events.publish([event]));
  return event;
}

async function winDeal(contactId: string, companyId: string | null) {
  const deal = await t.owner.post("/api/deals", { pipelineId: pipeline.pipelineId, title: `Deal ${unique()}`, amount: 1000, contactId, ...(companyId ? { companyId } : {}) });
  expect(deal.status).toBe(201);
  const won = pipeline.stages.find((s) => s.kind === "won")!;
  const moved = await t.owner.post(`/api/deals/${deal.body.dealId}/move`, { version: deal.body.version, stageId: won.stageId, reason: "Signed" });
  expect(moved.status).toBe(200);
}

beforeAll(async () => {
  t = await newTenant("enterprise");
  pipeline = (await t.owner.post("/api/pipelines", { name: "Lifecycle" })).body;
});

describe("lifecycle stages", () => {
  it("moves a contact and its company along the journey by events, with the history kept", async () => {
    const email = `${unique("life")}@example.com`;
    const company = (await t.owner.post("/api/companies", { name: `Life Co ${unique()}` })).body;
    const contact = (await t.owner.post("/api/contacts", { name: "Life Person", email, companyId: company.companyId })).body;
    expect((await stageOf("contacts", contact.contactId)).stage).toBe("subscriber");

    expect((await t.owner.post("/api/leads", { name: "Life Person", email })).status).toBe(201);
    expect((await stageOf("contacts", contact.contactId)).stage).toBe("lead");

    const deal = await t.owner.post("/api/deals", { pipelineId: pipeline.pipelineId, title: "Life deal", contactId: contact.contactId, companyId: company.companyId });
    expect(deal.status).toBe(201);
    expect((await stageOf("contacts", contact.contactId)).stage).toBe("opportunity");
    expect((await stageOf("companies", company.companyId)).stage).toBe("opportunity");

    const won = pipeline.stages.find((s) => s.kind === "won")!;
    expect((await t.owner.post(`/api/deals/${deal.body.dealId}/move`, { version: deal.body.version, stageId: won.stageId, reason: "Signed" })).status).toBe(200);
    const after = await stageOf("contacts", contact.contactId);
    expect(after.stage).toBe("customer");
    expect(after.history.map((h: any) => `${h.from}>${h.to}:${h.cause}`)).toEqual(["opportunity>customer:deal_won", "lead>opportunity:deal_opened", "subscriber>lead:lead_created"]);
    expect(after.history[0].byType).toBe("system");
    const record = await t.owner.get(`/api/contacts/${contact.contactId}`);
    expect(record.body.lifecycleStage).toBe("customer");
    expect((await stageOf("companies", company.companyId)).stage).toBe("customer");
  });

  it("a churn alert puts a customer at risk; a redelivered event moves nothing twice", async () => {
    const contact = (await t.owner.post("/api/contacts", { name: `Risky ${unique()}` })).body;
    await winDeal(contact.contactId, null);
    const risk = { recordType: "contact", recordId: contact.contactId, name: "Risky", ownerId: t.userId, score: 20, previousBand: "watch", value: 1000, atRiskSince: new Date().toISOString() };
    const event = await publish("customer.churn_risk", risk);
    await withActor({ type: "system", tenantId: t.tenantId, reason: "test" }, () => usePorts().events.publish([event]));
    const now = await stageOf("contacts", contact.contactId);
    expect(now.stage).toBe("at_risk");
    expect(now.history.filter((h: any) => h.to === "at_risk")).toHaveLength(1);
  });

  it("churns a customer without activity through the due index, postpones an active one, and wins it back", async () => {
    expect((await t.owner.put("/api/lifecycle/settings", { churnAfterDays: 30 })).body.churnAfterDays).toBe(30);
    const quiet = (await t.owner.post("/api/contacts", { name: `Quiet ${unique()}` })).body;
    const busy = (await t.owner.post("/api/contacts", { name: `Busy ${unique()}` })).body;
    await winDeal(quiet.contactId, null);
    await winDeal(busy.contactId, null);
    // A call logged 20 days from now pushes the busy one's clock back.
    setPorts({ clock: { now: () => new Date(Date.now() + 20 * 86_400_000) } });
    try {
      expect((await t.owner.post("/api/activities", { kind: "call", recordType: "contact", recordId: busy.contactId, outcome: "Renewal talk" })).status).toBe(201);
    } finally {
      setPorts({ clock: systemClock });
    }
    const result = await Lifecycle.sweep(new Date(Date.now() + 31 * 86_400_000));
    expect(result.churned).toBeGreaterThanOrEqual(1);
    expect((await stageOf("contacts", quiet.contactId)).stage).toBe("churned");
    expect((await stageOf("contacts", busy.contactId)).stage).toBe("customer");
    // A second sweep at the same time finds nothing more to do for them.
    await Lifecycle.sweep(new Date(Date.now() + 31 * 86_400_000));
    expect((await stageOf("contacts", busy.contactId)).stage).toBe("customer");
    await Lifecycle.sweep(new Date(Date.now() + 51 * 86_400_000));
    expect((await stageOf("contacts", busy.contactId)).stage).toBe("churned");

    await winDeal(quiet.contactId, null);
    const back = await stageOf("contacts", quiet.contactId);
    expect(back.stage).toBe("won_back");
    expect(back.history[0]).toMatchObject({ from: "churned", to: "won_back", cause: "deal_won" });
  });

  it("moves by hand with a reason and the current version; stale is 409, bad input 400", async () => {
    const c = (await t.owner.post("/api/contacts", { name: `Manual ${unique()}` })).body;
    const noReason = await t.owner.patch(`/api/contacts/${c.contactId}/lifecycle`, { stage: "qualified", version: c.version });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.fields).toHaveProperty("reason");
    const badStage = await t.owner.patch(`/api/contacts/${c.contactId}/lifecycle`, { stage: "vip", reason: "x", version: c.version });
    expect(badStage.status).toBe(400);
    const moved = await t.owner.patch(`/api/contacts/${c.contactId}/lifecycle`, { stage: "qualified", reason: "Met at the fair", version: c.version });
    expect(moved.status).toBe(200);
    expect(moved.body.lifecycleStage).toBe("qualified");
    expect(moved.body.version).toBe(c.version + 1);
    const stale = await t.owner.patch(`/api/contacts/${c.contactId}/lifecycle`, { stage: "lead", reason: "oops", version: c.version });
    expect(stale.status).toBe(409);
    // A contact edit with the old version is refused too: the move is never silently lost.
    expect((await t.owner.patch(`/api/contacts/${c.contactId}`, { version: c.version, title: "x" })).status).toBe(409);
    const h = await stageOf("contacts", c.contactId);
    expect(h.history[0]).toMatchObject({ from: "subscriber", to: "qualified", cause: "manual", reason: "Met at the fair", byType: "user", byId: t.userId });
    const co = (await t.owner.post("/api/companies", { name: `Manual Co ${unique()}` })).body;
    const coMoved = await t.owner.patch(`/api/companies/${co.companyId}/lifecycle`, { stage: "churned", reason: "Closed down", version: co.version });
    expect(coMoved.body.lifecycleStage).toBe("churned");
    const member = await addMember(t, "viewer");
    expect((await member.client.patch(`/api/contacts/${c.contactId}/lifecycle`, { stage: "lead", reason: "x", version: moved.body.version })).status).toBe(403);
  });

  it("reports counts per stage, the flow per day and the median time in stage", async () => {
    const res = await t.owner.get("/api/reports/lifecycle");
    expect(res.status).toBe(200);
    const stage = (s: string) => res.body.stages.find((x: any) => x.stage === s);
    expect(stage("won_back").contacts).toBe(1);
    expect(stage("churned").contacts).toBe(1);
    expect(stage("churned").companies).toBe(1);
    expect(stage("qualified").contacts).toBe(1);
    expect(stage("at_risk").contacts).toBe(1);
    const usage = (await t.owner.get("/api/contacts?limit=100")).body.items.length;
    expect(res.body.stages.reduce((a: number, s: any) => a + s.contacts, 0)).toBe(usage);
    const flow = (from: string, to: string) => res.body.flows.find((f: any) => f.from === from && f.to === to)?.count ?? 0;
    expect(flow("subscriber", "lead")).toBe(1);
    expect(flow("churned", "won_back")).toBe(1);
    expect(res.body.days).toHaveLength(30);
    const today = res.body.days.at(-1);
    expect(today.entered.customer).toBeGreaterThanOrEqual(3);
    const tis = res.body.timeInStage.find((x: any) => x.stage === "subscriber");
    expect(tis.stays).toBeGreaterThan(0);
    expect(tis.medianDays).toBeLessThan(1);
    const contactsOnly = await t.owner.get("/api/reports/lifecycle?recordType=company");
    expect(contactsOnly.body.stages.every((s: any) => s.contacts === 0)).toBe(true);
    expect((await t.owner.get("/api/reports/lifecycle?from=2026-05-02&to=2026-05-01")).status).toBe(400);
    expect((await t.owner.get("/api/reports/lifecycle?from=2020-01-01&to=2026-05-01")).status).toBe(400);
  });

  it("deleting a record leaves its stage's counter", async () => {
    const c = (await t.owner.post("/api/contacts", { name: `Gone ${unique()}` })).body;
    const moved = await t.owner.patch(`/api/contacts/${c.contactId}/lifecycle`, { stage: "opportunity", reason: "x", version: c.version });
    const before = (await t.owner.get("/api/reports/lifecycle")).body.stages.find((s: any) => s.stage === "opportunity").contacts;
    expect((await t.owner.del(`/api/contacts/${c.contactId}`)).status).toBe(204);
    const after = (await t.owner.get("/api/reports/lifecycle")).body.stages.find((s: any) => s.stage === "opportunity").contacts;
    expect(after).toBe(before - 1);
    expect(moved.status).toBe(200);
  });
});
