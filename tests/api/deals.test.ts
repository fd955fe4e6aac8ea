import { afterEach, describe, expect, it } from "vitest";
import { MemoryEvents, setPorts, systemClock } from "../../packages/core/src/ports";
import { documentClient } from "../../packages/core/src/table";
import { SalesEvents } from "../../packages/core/src/sales/events";
import { addMember, type Client, newTenant } from "../support/api";

const events = new MemoryEvents();
setPorts({ events });
afterEach(() => setPorts({ clock: systemClock }));

const STAGES = [
  { name: "Lead", probability: 10, guidance: "Find out who decides." },
  { name: "Proposal", probability: 40, requiredFields: ["amount"] },
  { name: "Negotiation", probability: 70, requiredFields: ["amount", "closeDate", "contactId"] },
  { name: "Won", kind: "won" },
  { name: "Lost", kind: "lost" },
];

async function setup(plan = "business") {
  const t = await newTenant(plan);
  const res = await t.owner.post("/api/pipelines", { name: "New business", stages: STAGES });
  expect(res.status).toBe(201);
  const p = res.body;
  const stage = (name: string) => p.stages.find((s: any) => s.name === name).stageId as string;
  return { t, p, stage, owner: t.owner };
}

async function deal(c: Client, pipelineId: string, body: Record<string, unknown> = {}) {
  const res = await c.post("/api/deals", { pipelineId, title: "A deal", ...body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

async function board(c: Client, pipelineId: string, query = "") {
  const res = await c.get(`/api/pipelines/${pipelineId}/board${query}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return Object.fromEntries(res.body.columns.map((col: any) => [col.stage.name, col])) as Record<string, any>;
}

/** Every card of a column, page by page. */
async function wholeColumn(c: Client, pipelineId: string, stageId: string, query = "", limit = 100) {
  const items: any[] = [];
  let cursor: string | null = null;
  do {
    const res = await c.get(`/api/pipelines/${pipelineId}/stages/${stageId}/deals?limit=${limit}${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
    expect(res.status).toBe(200);
    items.push(...res.body.items);
    cursor = res.body.cursor;
  } while (cursor);
  return items;
}

describe("pipelines", () => {
  it("creates pipelines with default or given stages, edits, reorders and removes stages with the version", async () => {
    const t = await newTenant("business");
    const defaults = await t.owner.post("/api/pipelines", { name: "Default" });
    expect(defaults.status).toBe(201);
    expect(defaults.body.currency).toBe("CNY");
    expect(defaults.body.stages.map((s: any) => s.kind)).toEqual(["open", "open", "open", "won", "lost"]);
    expect(defaults.body.stages[2].requiredFields).toEqual(["amount", "closeDate"]);

    const created = await t.owner.post("/api/pipelines", { name: "Partners", currency: "usd", stages: STAGES });
    expect(created.body).toMatchObject({ name: "Partners", currency: "USD", version: 1 });
    expect(created.body.stages[0]).toMatchObject({ name: "Lead", probability: 10, kind: "open", guidance: "Find out who decides.", requiredFields: [] });
    expect(created.body.stages[3]).toMatchObject({ name: "Won", probability: 100, kind: "won" });
    const id = created.body.pipelineId;
    expect((await t.owner.get("/api/pipelines")).body.items.map((p: any) => p.name)).toEqual(["Default", "Partners"]);

    const renamed = await t.owner.patch(`/api/pipelines/${id}`, { version: 1, name: "Channel partners" });
    expect(renamed.body).toMatchObject({ name: "Channel partners", version: 2 });
    expect((await t.owner.patch(`/api/pipelines/${id}`, { version: 1, name: "Stale" })).status).toBe(409);

    const added = await t.owner.post(`/api/pipelines/${id}/stages`, { version: 2, name: "Demo", probability: 25, requiredFields: ["custom.demoDate", "tags"] });
    expect(added.status).toBe(201);
    expect(added.body.stages.map((s: any) => s.name)).toEqual(["Lead", "Proposal", "Negotiation", "Demo", "Won", "Lost"]);
    const demo = added.body.stages[3];
    expect(demo.requiredFields).toEqual(["custom.demoDate", "tags"]);

    const edited = await t.owner.patch(`/api/pipelines/${id}/stages/${demo.stageId}`, { version: 3, name: "Product demo", probability: 30 });
    expect(edited.body.stages[3]).toMatchObject({ stageId: demo.stageId, name: "Product demo", probability: 30, requiredFields: ["custom.demoDate", "tags"] });

    const ids = edited.body.stages.map((s: any) => s.stageId);
    const order = [ids[0], ids[3], ids[1], ids[2], ids[4], ids[5]];
    const reordered = await t.owner.put(`/api/pipelines/${id}/stage-order`, { version: 4, stageIds: order });
    expect(reordered.body.stages.map((s: any) => s.stageId)).toEqual(order);
    expect((await t.owner.put(`/api/pipelines/${id}/stage-order`, { version: 5, stageIds: order.slice(1) })).status).toBe(400);

    const removed = await t.owner.del(`/api/pipelines/${id}/stages/${demo.stageId}`);
    expect(removed.status).toBe(200);
    expect(removed.body.stages.map((s: any) => s.name)).toEqual(["Lead", "Proposal", "Negotiation", "Won", "Lost"]);
    expect((await t.owner.del(`/api/pipelines/${id}/stages/${demo.stageId}`)).status).toBe(404);

    // The whole list at once: keep (and rename) some by id, add one, leave one out.
    const list = removed.body.stages;
    const replaced = await t.owner.patch(`/api/pipelines/${id}`, {
      version: removed.body.version,
      stages: [{ stageId: list[0].stageId, name: "Inbound lead" }, { name: "Trial", probability: 20 }, list[1], list[3], list[4]].map(({ stageId, name, probability, kind, requiredFields }: any) => ({ stageId, name, probability, kind, requiredFields })),
    });
    expect(replaced.status, JSON.stringify(replaced.body)).toBe(200);
    expect(replaced.body.stages.map((s: any) => s.name)).toEqual(["Inbound lead", "Trial", "Proposal", "Won", "Lost"]);
    expect(replaced.body.stages[0]).toMatchObject({ stageId: list[0].stageId, probability: 10, guidance: "Find out who decides." });
    const board = await t.owner.get(`/api/pipelines/${id}/board`);
    expect(board.body.columns.map((c: any) => [c.stage.name, c.count])).toEqual([["Inbound lead", 0], ["Trial", 0], ["Proposal", 0], ["Won", 0], ["Lost", 0]]);
  });

  it("refuses invalid stage lists and field keys with 400", async () => {
    const t = await newTenant("business");
    const noOpen = await t.owner.post("/api/pipelines", { name: "X", stages: [{ name: "Won", kind: "won" }] });
    expect(noOpen.status).toBe(400);
    expect(noOpen.body.error).toMatchObject({ code: "pipeline.invalid_stages", fields: { stages: expect.any(String) } });
    const dup = await t.owner.post("/api/pipelines", { name: "X", stages: [{ name: "Lead" }, { name: "lead " }] });
    expect(dup.body.error.fields).toHaveProperty("stages.1.name");
    const badField = await t.owner.post("/api/pipelines", { name: "X", stages: [{ name: "Lead", requiredFields: ["password"] }] });
    expect(badField.status).toBe(400);
    expect(Object.keys(badField.body.error.fields)[0]).toMatch(/^stages\.0\.requiredFields/);
    const badProbability = await t.owner.post("/api/pipelines", { name: "X", stages: [{ name: "Lead", probability: 101 }] });
    expect(badProbability.status).toBe(400);
    const foreignStage = await setup();
    const p = (await t.owner.post("/api/pipelines", { name: "Mine" })).body;
    const res = await t.owner.patch(`/api/pipelines/${p.pipelineId}`, { version: 1, stages: [{ stageId: foreignStage.stage("Lead"), name: "Stolen" }] });
    expect(res.status).toBe(400);
    expect(res.body.error.fields).toHaveProperty("stages.0.stageId");
    const twice = await t.owner.patch(`/api/pipelines/${p.pipelineId}`, { version: 1, stages: [p.stages[0], { ...p.stages[0], name: "Copy" }] });
    expect(twice.body.error.fields).toHaveProperty("stages.1.stageId");
  });

  it("refuses to remove a stage, change its kind or delete the pipeline while deals are in it, naming the count", async () => {
    const { owner, p, stage } = await setup();
    for (let i = 0; i < 3; i++) await deal(owner, p.pipelineId, { stageId: stage("Proposal"), amount: 100 });
    const res = await owner.del(`/api/pipelines/${p.pipelineId}/stages/${stage("Proposal")}`);
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: "pipeline.stage_not_empty", stageId: stage("Proposal"), count: 3 });
    expect(res.body.error.message).toContain("3 deals");
    const rekind = await owner.patch(`/api/pipelines/${p.pipelineId}/stages/${stage("Proposal")}`, { version: 1, kind: "won" });
    expect(rekind.body.error.code).toBe("pipeline.stage_not_empty");
    const dropped = await owner.patch(`/api/pipelines/${p.pipelineId}`, { version: 1, stages: p.stages.filter((s: any) => s.name !== "Proposal") });
    expect(dropped.body.error).toMatchObject({ code: "pipeline.stage_not_empty", count: 3 });
    const gone = await owner.del(`/api/pipelines/${p.pipelineId}`);
    expect(gone.status).toBe(409);
    expect(gone.body.error.code).toBe("pipeline.not_empty");
    // An empty stage can change its kind; then the pipeline is unchanged otherwise.
    const lead = await owner.patch(`/api/pipelines/${p.pipelineId}/stages/${stage("Lead")}`, { version: 1, probability: 5 });
    expect(lead.body.version).toBe(2);
    expect((await owner.get(`/api/pipelines/${p.pipelineId}`)).body.stages.map((s: any) => s.name)).toEqual(STAGES.map((s) => s.name));
  });

  it("limits the number of pipelines by plan with 403 plan.limit_reached, and frees the slot on delete", async () => {
    const solo = await newTenant();
    const first = await solo.owner.post("/api/pipelines", { name: "Only" });
    expect(first.status).toBe(201);
    const second = await solo.owner.post("/api/pipelines", { name: "Second" });
    expect(second.status).toBe(403);
    expect(second.body.error.code).toBe("plan.limit_reached");
    expect((await solo.owner.get("/api/workspace")).body.plan.limits.pipelines).toBe(1);
    expect((await solo.owner.del(`/api/pipelines/${first.body.pipelineId}`)).status).toBe(204);
    expect((await solo.owner.get(`/api/pipelines/${first.body.pipelineId}`)).status).toBe(404);
    expect((await solo.owner.post("/api/pipelines", { name: "Replacement" })).status).toBe(201);

    const team = await newTenant("team");
    const results = await Promise.all([1, 2, 3, 4, 5].map((i) => team.owner.post("/api/pipelines", { name: `P${i}` })));
    expect(results.map((r) => r.status).sort()).toEqual([201, 201, 201, 403, 403]);
  });
});

describe("deals", () => {
  it("creates, reads, updates with the version and deletes deals; contact and company must exist in the tenant", async () => {
    const { t, owner, p, stage } = await setup();
    const contact = (await owner.post("/api/contacts", { name: "Li Lei" })).body;
    const company = (await owner.post("/api/companies", { name: "Acme" })).body;
    const created = await deal(owner, p.pipelineId, {
      title: "Acme renewal", amount: 1_250_050, currency: "cny", contactId: contact.contactId, companyId: company.companyId,
      closeDate: "2030-06-30", source: "referral", tags: ["renewal", "renewal", "q2"],
    });
    expect(created).toMatchObject({
      title: "Acme renewal", amount: 1_250_050, currency: "CNY", stageId: stage("Lead"), status: "open", ownerId: t.userId,
      contactId: contact.contactId, companyId: company.companyId, closeDate: "2030-06-30", source: "referral", tags: ["renewal", "q2"], version: 1,
    });
    const read = await owner.get(`/api/deals/${created.dealId}`);
    expect(read.body.history).toEqual([expect.objectContaining({ fromStageId: null, toStageId: stage("Lead"), toStageName: "Lead", amount: 1_250_050, actorType: "user", actorId: t.userId })]);

    const updated = await owner.patch(`/api/deals/${created.dealId}`, { version: 1, amount: 2_000_000, closeDate: null, tags: [] });
    expect(updated.body).toMatchObject({ amount: 2_000_000, closeDate: null, tags: [], version: 2 });
    const stale = await owner.patch(`/api/deals/${created.dealId}`, { version: 1, title: "Stale" });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe("conflict");
    expect((await board(owner, p.pipelineId)).Lead).toMatchObject({ count: 1, amount: 2_000_000, weightedAmount: 200_000 });

    const other = await newTenant("business");
    const foreign = (await other.owner.post("/api/contacts", { name: "Not yours" })).body;
    const bad = await owner.post("/api/deals", { pipelineId: p.pipelineId, title: "X", contactId: foreign.contactId });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields).toHaveProperty("contactId");
    expect((await owner.post("/api/deals", { pipelineId: p.pipelineId, title: "X", companyId: "0000000000000nonexistent" })).body.error.fields).toHaveProperty("companyId");
    expect((await owner.post("/api/deals", { pipelineId: p.pipelineId, title: "X", amount: 10.5 })).body.error.fields).toHaveProperty("amount");
    const usd = await owner.post("/api/deals", { pipelineId: p.pipelineId, title: "X", currency: "USD" });
    expect(usd.body.error).toMatchObject({ code: "deal.currency_mismatch", fields: { currency: expect.any(String) } });
    expect((await owner.post("/api/deals", { pipelineId: "0000000000000nonexistent", title: "X" })).body.error.fields).toHaveProperty("pipelineId");
    const otherPipeline = await setup();
    expect((await owner.post("/api/deals", { pipelineId: p.pipelineId, title: "X", stageId: otherPipeline.stage("Lead") })).body.error.fields).toHaveProperty("stageId");
    expect((await owner.post("/api/deals", { pipelineId: p.pipelineId, title: "X", closeDate: "2030-02-30" })).status).toBe(400);

    expect((await owner.del(`/api/deals/${created.dealId}`)).status).toBe(204);
    expect((await owner.get(`/api/deals/${created.dealId}`)).status).toBe(404);
    expect((await board(owner, p.pipelineId)).Lead).toMatchObject({ count: 0, amount: 0, items: [] });
    const published = events.published.filter((e) => (e.data as any)?.dealId === created.dealId);
    expect(published.map((e) => e.type)).toEqual(["deal.created", "deal.updated", "deal.deleted"]);
    for (const e of published) SalesEvents.Schemas[e.type as SalesEvents.EventType].parse(e.data);
  });

  it("checks the stage's required fields before a deal leaves it and wants a reason for won and lost", async () => {
    const { t, owner, p, stage } = await setup();
    const d = await deal(owner, p.pipelineId, { stageId: stage("Negotiation"), title: "Big one" });
    const blocked = await owner.post(`/api/deals/${d.dealId}/move`, { version: 1, stageId: stage("Won"), reason: "Best price" });
    expect(blocked.status).toBe(400);
    expect(blocked.body.error.code).toBe("deal.stage_requirements");
    expect(Object.keys(blocked.body.error.fields).sort()).toEqual(["amount", "closeDate", "contactId"]);
    expect(blocked.body.error.message).toContain("Negotiation");

    const contact = (await owner.post("/api/contacts", { name: "Han Meimei" })).body;
    const filled = (await owner.patch(`/api/deals/${d.dealId}`, { version: 1, amount: 0, closeDate: "2030-01-31", contactId: contact.contactId })).body;
    const noReason = await owner.post(`/api/deals/${d.dealId}/move`, { version: filled.version, stageId: stage("Won") });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error).toMatchObject({ code: "deal.reason_required", fields: { reason: "Required." } });
    await owner.patch(`/api/deals/${d.dealId}`, { version: filled.version, amount: 880_000 });
    const won = await owner.post(`/api/deals/${d.dealId}/move`, { version: 3, stageId: stage("Won"), reason: "Best integration" });
    expect(won.status).toBe(200);
    expect(won.body).toMatchObject({ status: "won", wonReason: "Best integration", stageId: stage("Won"), version: 4 });
    expect(won.body.closedAt).toBeTruthy();

    // Reopening clears the outcome; losing is allowed whatever the open stage still lacks.
    const reopened = await owner.post(`/api/deals/${d.dealId}/move`, { version: 4, stageId: stage("Negotiation") });
    expect(reopened.body).toMatchObject({ status: "open", wonReason: null, closedAt: null });
    const bare = await deal(owner, p.pipelineId, { stageId: stage("Negotiation"), title: "Dead" });
    const lost = await owner.post(`/api/deals/${bare.dealId}/move`, { version: 1, stageId: stage("Lost"), reason: "No budget" });
    expect(lost.body).toMatchObject({ status: "lost", lostReason: "No budget" });
    expect((await owner.post(`/api/deals/${bare.dealId}/move`, { version: 2, stageId: stage("Lead"), reason: "x" })).body.error.fields).toHaveProperty("reason");

    const history = (await owner.get(`/api/deals/${d.dealId}`)).body.history;
    expect(history.map((h: any) => [h.fromStageName, h.toStageName, h.amount, h.reason])).toEqual([
      [null, "Negotiation", null, null],
      ["Negotiation", "Won", 880_000, "Best integration"],
      ["Won", "Negotiation", 880_000, null],
    ]);
    expect(history[1]).toMatchObject({ actorType: "user", actorId: t.userId });
    const types = events.published.filter((e) => (e.data as any)?.deal?.dealId === d.dealId).map((e) => e.type);
    expect(types).toEqual(["deal.stage_changed", "deal.won", "deal.stage_changed"]);
    for (const e of events.published.filter((e) => (e.data as any)?.deal?.dealId === d.dealId)) SalesEvents.Schemas[e.type as SalesEvents.EventType].parse(e.data);
    const cols = await board(owner, p.pipelineId);
    expect([cols.Negotiation.count, cols.Won.count, cols.Lost.count]).toEqual([1, 0, 1]);
    expect(cols.Negotiation.amount).toBe(880_000);
  });

  it("keeps the order within a column: new deals on top, moves before, after or between cards", async () => {
    const { owner, p, stage } = await setup();
    const lead = stage("Lead");
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.unshift((await deal(owner, p.pipelineId, { title: `D${i}` })).dealId);
    const titles = async () => (await wholeColumn(owner, p.pipelineId, lead)).map((d) => d.title);
    expect(await titles()).toEqual(["D4", "D3", "D2", "D1", "D0"]);
    const version = async (id: string) => (await owner.get(`/api/deals/${id}`)).body.version;
    const move = (id: string, body: object) => owner.post(`/api/deals/${id}/move`, { stageId: lead, ...body });

    const byTitle = Object.fromEntries((await wholeColumn(owner, p.pipelineId, lead)).map((d) => [d.title, d.dealId]));
    expect((await move(byTitle.D4, { version: await version(byTitle.D4), afterId: byTitle.D0 })).status).toBe(200);
    expect(await titles()).toEqual(["D3", "D2", "D1", "D0", "D4"]);
    expect((await move(byTitle.D0, { version: await version(byTitle.D0), beforeId: byTitle.D3 })).status).toBe(200);
    expect(await titles()).toEqual(["D0", "D3", "D2", "D1", "D4"]);
    expect((await move(byTitle.D1, { version: await version(byTitle.D1), afterId: byTitle.D0, beforeId: byTitle.D3 })).status).toBe(200);
    expect(await titles()).toEqual(["D0", "D1", "D3", "D2", "D4"]);
    expect((await move(byTitle.D2, { version: await version(byTitle.D2), beforeId: byTitle.D4 })).status).toBe(200);
    expect(await titles()).toEqual(["D0", "D1", "D3", "D2", "D4"]);
    expect((await move(byTitle.D4, { version: await version(byTitle.D4) })).status).toBe(200);
    expect(await titles()).toEqual(["D4", "D0", "D1", "D3", "D2"]);
    expect((await move(byTitle.D4, { version: await version(byTitle.D4), afterId: byTitle.D4 })).body.error.code).toBe("deal.bad_anchor");
    expect((await owner.get(`/api/deals/${byTitle.D4}`)).body.history).toHaveLength(1);

    // A move into another column at a given spot, and anchors that are not in the target column.
    const proposal = stage("Proposal");
    const a = await deal(owner, p.pipelineId, { stageId: proposal, title: "P-a", amount: 1 });
    const b = await deal(owner, p.pipelineId, { stageId: proposal, title: "P-b", amount: 1 });
    await owner.patch(`/api/deals/${byTitle.D2}`, { version: await version(byTitle.D2), amount: 5 });
    const wrong = await owner.post(`/api/deals/${byTitle.D2}/move`, { version: await version(byTitle.D2), stageId: proposal, afterId: byTitle.D3 });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error).toMatchObject({ code: "deal.bad_anchor", fields: { afterId: expect.any(String) } });
    expect((await owner.post(`/api/deals/${byTitle.D2}/move`, { version: await version(byTitle.D2), stageId: proposal, afterId: b.dealId })).status).toBe(200);
    expect((await wholeColumn(owner, p.pipelineId, proposal)).map((d) => d.title)).toEqual(["P-b", "D2", "P-a"]);
    expect((await board(owner, p.pipelineId)).Proposal).toMatchObject({ count: 3, amount: 7 });
    expect(a.position).toMatch(/^[0-9A-Za-z]+$/);
  });
});

describe("the board", () => {
  it("shows counts and totals from counters, the first page per column, and pages a column with a cursor", async () => {
    const { owner, p, stage } = await setup();
    let total = 0;
    for (let i = 0; i < 25; i++) {
      await deal(owner, p.pipelineId, { title: `Lead ${i}`, amount: (i + 1) * 100 });
      total += (i + 1) * 100;
    }
    await deal(owner, p.pipelineId, { stageId: stage("Proposal"), title: "Quoted", amount: 999 });
    const res = await owner.get(`/api/pipelines/${p.pipelineId}/board`);
    expect(res.body.totals).toBe("pipeline");
    const cols = Object.fromEntries(res.body.columns.map((c: any) => [c.stage.name, c]));
    expect(cols.Lead).toMatchObject({ count: 25, amount: total, weightedAmount: Math.round(total * 0.1) });
    expect(cols.Lead.items).toHaveLength(20);
    expect(cols.Lead.items[0].title).toBe("Lead 24");
    expect(cols.Lead.cursor).toBeTruthy();
    expect(cols.Lead.stage).toMatchObject({ probability: 10, guidance: "Find out who decides." });
    expect(cols.Proposal).toMatchObject({ count: 1, amount: 999, cursor: null });

    const next = await owner.get(`/api/pipelines/${p.pipelineId}/stages/${stage("Lead")}/deals?cursor=${encodeURIComponent(cols.Lead.cursor)}`);
    expect(next.body.items.map((d: any) => d.title)).toEqual(["Lead 4", "Lead 3", "Lead 2", "Lead 1", "Lead 0"]);
    expect(next.body.cursor).toBeNull();
    const paged = await wholeColumn(owner, p.pipelineId, stage("Lead"), "", 7);
    expect(paged).toHaveLength(25);
    expect(new Set(paged.map((d) => d.dealId)).size).toBe(25);
    const bad = await owner.get(`/api/pipelines/${p.pipelineId}/stages/${stage("Lead")}/deals?cursor=garbage`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe("cursor.invalid");
    const elsewhere = await owner.get(`/api/pipelines/${p.pipelineId}/stages/${stage("Proposal")}/deals?cursor=${encodeURIComponent(cols.Lead.cursor)}`);
    expect(elsewhere.status).toBe(400);
    const other = await setup();
    const foreign = await other.owner.get(`/api/pipelines/${other.p.pipelineId}/stages/${other.stage("Lead")}/deals?cursor=${encodeURIComponent(cols.Lead.cursor)}`);
    expect(foreign.status).toBe(400);
    expect(foreign.body.error.code).toBe("cursor.invalid");
    expect((await owner.get(`/api/pipelines/${p.pipelineId}/stages/0000000000000nonexistent/deals`)).status).toBe(404);
  });

  it("reads a bounded number of items for the first paint, however many deals a column holds", async () => {
    const small = await setup();
    const large = await setup();
    await deal(small.owner, small.p.pipelineId, { amount: 1 });
    for (let i = 0; i < 60; i++) await deal(large.owner, large.p.pipelineId, { amount: 1, stageId: large.stage(i % 2 ? "Lead" : "Proposal") });
    const name = "count-board-reads";
    const measure = async (c: Client, pipelineId: string, query = "") => {
      const calls: Array<{ command: string; limit?: number }> = [];
      documentClient().middlewareStack.add((next, context) => async (args: any) => {
        calls.push({ command: context.commandName!, limit: args.input.Limit });
        return next(args);
      }, { step: "initialize", name });
      try {
        const res = await c.get(`/api/pipelines/${pipelineId}/board${query}`);
        expect(res.status).toBe(200);
        return { calls, res };
      } finally {
        documentClient().middlewareStack.remove(name);
      }
    };
    const a = await measure(small.owner, small.p.pipelineId);
    const b = await measure(large.owner, large.p.pipelineId);
    expect(b.calls.map((x) => x.command)).toEqual(a.calls.map((x) => x.command));
    const columnReads = b.calls.filter((x) => x.command === "QueryCommand" && x.limit !== undefined);
    expect(columnReads).toHaveLength(STAGES.length);
    for (const r of columnReads) expect(r.limit).toBe(20);
    expect(b.res.body.columns[0]).toMatchObject({ count: 30 });
    expect(b.res.body.columns[0].items).toHaveLength(20);
    // With a filter each column reads at most 10 limited pages and says where to go on.
    const sparse = await measure(large.owner, large.p.pipelineId, "?tag=none&limit=2");
    expect(sparse.calls.filter((x) => x.command === "QueryCommand" && x.limit === 2).length).toBe(10 + 10 + 3);
    expect(sparse.res.body.columns[0]).toMatchObject({ items: [], count: 30 });
    expect(sparse.res.body.columns[0].cursor).toBeTruthy();
  });

  it("filters a column by owner, tag, title, close date and amount", async () => {
    const { t, owner, p, stage } = await setup();
    const member = await addMember(t, "member");
    await deal(owner, p.pipelineId, { title: "Alpha Cloud", amount: 1000, tags: ["cloud"], closeDate: "2030-01-15" });
    await deal(owner, p.pipelineId, { title: "Beta Cloud", amount: 5000, tags: ["cloud", "vip"], closeDate: "2030-03-01", ownerId: member.userId });
    await deal(owner, p.pipelineId, { title: "Gamma On-prem", amount: 20000, tags: ["vip"], closeDate: "2030-06-30" });
    await deal(owner, p.pipelineId, { title: "Delta", tags: [] });
    const titles = async (q: string) => (await wholeColumn(owner, p.pipelineId, stage("Lead"), q)).map((d) => d.title).sort();
    expect(await titles(`&ownerId=${member.userId}`)).toEqual(["Beta Cloud"]);
    expect(await titles("&tag=vip")).toEqual(["Beta Cloud", "Gamma On-prem"]);
    expect(await titles("&q=CLOUD")).toEqual(["Alpha Cloud", "Beta Cloud"]);
    expect(await titles("&closeFrom=2030-02-01&closeTo=2030-06-30")).toEqual(["Beta Cloud", "Gamma On-prem"]);
    expect(await titles("&amountMin=2000")).toEqual(["Beta Cloud", "Gamma On-prem"]);
    expect(await titles("&amountMin=1000&amountMax=5000&tag=cloud")).toEqual(["Alpha Cloud", "Beta Cloud"]);
    expect((await owner.get(`/api/pipelines/${p.pipelineId}/stages/${stage("Lead")}/deals?closeFrom=yesterday`)).status).toBe(400);
    const filtered = await owner.get(`/api/pipelines/${p.pipelineId}/board?tag=vip&limit=1`);
    expect(filtered.body.filtered).toBe(true);
    expect(filtered.body.columns[0].items).toHaveLength(1);
    expect(filtered.body.columns[0].count).toBe(4);
    const byOwner = await board(owner, p.pipelineId, `?ownerId=${member.userId}`);
    expect(byOwner.Lead).toMatchObject({ count: 1, amount: 5000 });
  });

  it("keeps every counter equal to a recount under 50 concurrent moves, some of the same deal (those answer 409)", async () => {
    const { t, owner, p, stage } = await setup();
    const member = await addMember(t, "member");
    const contact = (await owner.post("/api/contacts", { name: "Buyer" })).body;
    const deals: any[] = [];
    for (let i = 0; i < 30; i++) {
      deals.push(await deal(owner, p.pipelineId, {
        title: `C${i}`, amount: 1000 + i * 37, closeDate: "2030-12-31", contactId: contact.contactId, ownerId: i % 3 === 0 ? member.userId : undefined,
        stageId: stage(i % 2 ? "Lead" : "Proposal"),
      }));
    }
    const targets = ["Lead", "Proposal", "Negotiation", "Won", "Lost"];
    const moves: Array<{ deal: any; stage: string }> = [];
    for (let i = 0; i < 20; i++) {
      moves.push({ deal: deals[i], stage: targets[i % 5] }, { deal: deals[i], stage: targets[(i + 2) % 5] });
    }
    for (let i = 20; i < 30; i++) moves.push({ deal: deals[i], stage: targets[(i + 1) % 5] });
    const results = await Promise.all(moves.map((m) => {
      const kind = m.stage === "Won" || m.stage === "Lost";
      return owner.post(`/api/deals/${m.deal.dealId}/move`, { version: 1, stageId: stage(m.stage), ...(kind ? { reason: "Concurrent" } : {}) });
    }));
    expect(results).toHaveLength(50);
    for (const r of results) expect([200, 409], JSON.stringify(r.body)).toContain(r.status);
    for (let i = 0; i < 20; i++) {
      const pair = [results[2 * i], results[2 * i + 1]];
      expect(pair.filter((r) => r.status === 200).length, `deal ${i}`).toBeLessThanOrEqual(1);
      for (const r of pair.filter((r) => r.status === 409)) expect(r.body.error.code).toMatch(/^conflict/);
    }
    const conflicts = results.filter((r) => r.status === 409 && r.body.error.code === "conflict").length;
    expect(conflicts).toBeGreaterThanOrEqual(15);

    // Recount every column from the deals themselves and compare with the counters.
    const cols = await board(owner, p.pipelineId);
    const memberCols = await board(member.client, p.pipelineId);
    let seen = 0;
    for (const name of targets) {
      const items = await wholeColumn(owner, p.pipelineId, stage(name));
      seen += items.length;
      expect(cols[name].count, name).toBe(items.length);
      expect(cols[name].amount, name).toBe(items.reduce((a, d) => a + d.amount, 0));
      const mine = items.filter((d) => d.ownerId === member.userId);
      expect(memberCols[name].count, name).toBe(mine.length);
      expect(memberCols[name].amount, name).toBe(mine.reduce((a, d) => a + d.amount, 0));
      for (const d of items) expect(d.stageId).toBe(stage(name));
    }
    expect(seen).toBe(30);
    for (let i = 0; i < 30; i++) {
      const current = (await owner.get(`/api/deals/${deals[i].dealId}`)).body;
      const won = moves.map((m, j) => ({ ...m, r: results[j] })).filter((m) => m.deal.dealId === deals[i].dealId && m.r.status === 200);
      expect(current.version).toBe(1 + won.length);
      if (won.length) expect(current.stageId).toBe(stage(won[0].stage));
      expect(current.history).toHaveLength(1 + (won.length && won[0].stage !== (i % 2 ? "Lead" : "Proposal") ? 1 : 0));
    }
    const report = (await owner.get(`/api/reports/sales?pipelineId=${p.pipelineId}`)).body;
    expect(report.summary.won).toBe(cols.Won.count);
    expect(report.summary.wonAmount).toBe(cols.Won.amount);
    expect(report.summary.lost).toBe(cols.Lost.count);
  });
});

describe("visibility and roles", () => {
  it("members see their own and shared deals; viewers read but cannot change; only admins edit pipelines", async () => {
    const { t, owner, p, stage } = await setup();
    const member = await addMember(t, "member");
    const viewer = await addMember(t, "viewer");
    const mine = await deal(member.client, p.pipelineId, { title: "Member's", amount: 10 });
    expect(mine.ownerId).toBe(member.userId);
    const secret = await deal(owner, p.pipelineId, { title: "Owner's private", amount: 1000 });
    const shared = await deal(owner, p.pipelineId, { title: "Owner's shared", amount: 100, shared: true });

    const memberBoard = await member.client.get(`/api/pipelines/${p.pipelineId}/board`);
    expect(memberBoard.body.totals).toBe("owners");
    const lead = memberBoard.body.columns[0];
    expect(lead.items.map((d: any) => d.title).sort()).toEqual(["Member's", "Owner's shared"]);
    expect(lead).toMatchObject({ count: 1, amount: 10 });
    expect((await member.client.get(`/api/deals/${secret.dealId}`)).status).toBe(404);
    expect((await member.client.get(`/api/deals/${shared.dealId}`)).status).toBe(200);
    expect((await member.client.post(`/api/deals/${secret.dealId}/move`, { version: 1, stageId: stage("Proposal") })).status).toBe(404);
    expect((await member.client.patch(`/api/deals/${secret.dealId}`, { version: 1, title: "Mine now" })).status).toBe(404);
    expect((await member.client.get(`/api/pipelines/${p.pipelineId}/stages/${stage("Lead")}/deals?ownerId=${t.userId}`)).body.items.map((d: any) => d.title)).toEqual(["Owner's shared"]);
    expect((await board(member.client, p.pipelineId, `?ownerId=${t.userId}`)).Lead.count).toBe(0);
    expect((await member.client.post(`/api/deals/${mine.dealId}/move`, { version: 1, stageId: stage("Proposal") })).status).toBe(200);
    const denied = await member.client.post("/api/pipelines", { name: "Mine" });
    expect(denied.status).toBe(403);
    expect(denied.body.error.code).toBe("forbidden.scope");
    expect((await member.client.get(`/api/reports/sales?pipelineId=${p.pipelineId}`)).status).toBe(403);

    expect((await viewer.client.get(`/api/pipelines/${p.pipelineId}/board`)).body.columns[0].count).toBe(2);
    expect((await viewer.client.get(`/api/deals/${secret.dealId}`)).status).toBe(200);
    for (const res of [
      await viewer.client.post("/api/deals", { pipelineId: p.pipelineId, title: "No" }),
      await viewer.client.post(`/api/deals/${secret.dealId}/move`, { version: 1, stageId: stage("Proposal") }),
      await viewer.client.patch(`/api/deals/${secret.dealId}`, { version: 1, title: "No" }),
      await viewer.client.del(`/api/deals/${secret.dealId}`),
      await viewer.client.del(`/api/pipelines/${p.pipelineId}/stages/${stage("Lost")}`),
    ]) {
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe("forbidden.scope");
    }
  });

  it("answers 403 plan.feature_unavailable when deals are switched off", async () => {
    const { owner, p } = await setup("team");
    expect((await owner.put("/api/workspace/features", { features: { deals: false } })).status).toBe(200);
    const res = await owner.get(`/api/pipelines/${p.pipelineId}/board`);
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe("plan.feature_unavailable");
    const solo = await newTenant();
    expect((await solo.owner.get("/api/reports/sales")).body.error.code).toBe("plan.feature_unavailable");
  });
});

describe("sales report", () => {
  it("reports the funnel, win rate, averages, value by stage and won amount by owner from counters", async () => {
    const { t, owner, p, stage } = await setup();
    const team = (await owner.post("/api/teams", { name: "East" })).body;
    const member = await addMember(t, "member", [team.teamId]);
    const contact = (await owner.post("/api/contacts", { name: "Buyer" })).body;
    // A fixed clock in the past (sessions stay valid): months and cycle lengths are then exact.
    let clock = new Date("2025-03-02T02:00:00Z");
    setPorts({ clock: { now: () => clock } });
    const full = { closeDate: "2025-04-30", contactId: contact.contactId };
    const a = await deal(owner, p.pipelineId, { title: "A", amount: 10_000, ...full, source: "web" });
    const b = await deal(owner, p.pipelineId, { title: "B", amount: 30_000, ...full, ownerId: member.userId, source: "referral" });
    const c = await deal(owner, p.pipelineId, { title: "C", amount: 50_000, ...full, stageId: stage("Proposal"), source: "web" });
    const d = await deal(owner, p.pipelineId, { title: "D", amount: 70_000, ...full, source: "web" });
    await deal(owner, p.pipelineId, { title: "E", amount: 5_000, ...full, stageId: stage("Negotiation") });
    const mv = (x: any, name: string, version: number, reason?: string) => owner.post(`/api/deals/${x.dealId}/move`, { version, stageId: stage(name), ...(reason ? { reason } : {}) });
    clock = new Date("2025-03-12T02:00:00Z");
    expect((await mv(a, "Proposal", 1)).status).toBe(200);
    expect((await mv(a, "Won", 2, "Fast")).status).toBe(200);
    clock = new Date("2025-03-22T02:00:00Z");
    expect((await mv(b, "Won", 1, "Relationship")).status).toBe(200);
    expect((await mv(c, "Lost", 1, "Price")).status).toBe(200);
    // Won on 1 April, 00:30 in Shanghai: an April figure.
    clock = new Date("2025-03-31T16:30:00Z");
    expect((await mv(d, "Won", 1, "Late")).status).toBe(200);

    const march = await owner.get(`/api/reports/sales?pipelineId=${p.pipelineId}&from=2025-03&to=2025-03`);
    expect(march.status).toBe(200);
    expect(march.body.summary).toMatchObject({ created: 5, createdAmount: 165_000, won: 2, wonAmount: 40_000, lost: 1, lostAmount: 50_000, averageDealSize: 20_000, averageCycleDays: 15 });
    expect(march.body.summary.winRate).toBeCloseTo(2 / 3);
    const funnel = Object.fromEntries(march.body.funnel.map((f: any) => [f.name, f]));
    expect(Object.keys(funnel)).toEqual(["Lead", "Proposal", "Negotiation", "Won"]);
    expect(funnel.Lead).toMatchObject({ reached: 5, entered: 3, conversion: null });
    expect(funnel.Proposal).toMatchObject({ reached: 4, entered: 2, conversion: 0.8 });
    expect(funnel.Negotiation).toMatchObject({ reached: 3, entered: 1, conversion: 0.75 });
    expect(funnel.Won).toMatchObject({ reached: 2, entered: 2 });
    expect(funnel.Won.conversion).toBeCloseTo(2 / 3);
    expect(march.body.byOwner).toEqual([
      expect.objectContaining({ ownerId: member.userId, name: "member person", won: 1, wonAmount: 30_000, lost: 0 }),
      expect.objectContaining({ ownerId: t.userId, won: 1, wonAmount: 10_000, lost: 1, winRate: 0.5 }),
    ]);
    expect(march.body.byTeam).toEqual([expect.objectContaining({ teamId: team.teamId, name: "East", won: 1, wonAmount: 30_000 })]);
    expect(march.body.bySource.map((r: any) => [r.source, r.created, r.won, r.wonAmount, r.lost])).toEqual([
      ["referral", 1, 1, 30_000, 0],
      ["web", 3, 1, 10_000, 1],
      [null, 1, 0, 0, 0],
    ]);
    expect(march.body.previous).toMatchObject({ from: "2025-02", to: "2025-02", summary: { created: 0, won: 0, winRate: null } });
    const value = Object.fromEntries(march.body.pipelineValue.stages.map((s: any) => [s.name, s]));
    expect(value.Negotiation).toMatchObject({ count: 1, amount: 5_000, weighted: 3_500 });
    expect(value.Won).toMatchObject({ count: 3, amount: 110_000, weighted: 110_000 });
    expect(march.body.pipelineValue.open).toMatchObject({ count: 1, amount: 5_000, weighted: 3_500 });

    const quarter = (await owner.get(`/api/reports/sales?pipelineId=${p.pipelineId}&from=2025-03&to=2025-04`)).body;
    expect(quarter.months.map((m: any) => [m.month, m.won, m.wonAmount])).toEqual([["2025-03", 2, 40_000], ["2025-04", 1, 70_000]]);
    expect(quarter.summary).toMatchObject({ won: 3, wonAmount: 110_000 });
    const next = (await owner.get(`/api/reports/sales?pipelineId=${p.pipelineId}&from=2025-05&to=2025-06`)).body;
    expect(next.previous).toMatchObject({ from: "2025-03", to: "2025-04", summary: { won: 3, wonAmount: 110_000, created: 5 } });

    // Reopening a won deal takes it out of the month it was won in; deleting a lost one too.
    clock = new Date("2025-04-05T02:00:00Z");
    expect((await mv(b, "Negotiation", 2)).status).toBe(200);
    expect((await owner.del(`/api/deals/${c.dealId}`)).status).toBe(204);
    const after = (await owner.get(`/api/reports/sales?pipelineId=${p.pipelineId}&from=2025-03&to=2025-03`)).body;
    expect(after.summary).toMatchObject({ won: 1, wonAmount: 10_000, lost: 0, averageCycleDays: 10 });
    expect(after.byOwner.map((o: any) => o.ownerId)).toEqual([t.userId]);

    expect((await owner.get(`/api/reports/sales?from=2025-05&to=2025-03`)).status).toBe(400);
    expect((await owner.get(`/api/reports/sales?from=2022-01&to=2025-03`)).status).toBe(400);
    expect((await owner.get(`/api/reports/sales?pipelineId=0000000000000nonexistent`)).status).toBe(404);
    expect((await owner.get(`/api/reports/sales?from=2025-03&to=2025-03`)).body.pipeline.pipelineId).toBe(p.pipelineId);
  });
});

