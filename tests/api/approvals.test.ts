import { beforeAll, describe, expect, it } from "vitest";
import { addMember, newTenant, unique } from "../support/api";

type Tenant = Awaited<ReturnType<typeof newTenant>>;
type Member = Awaited<ReturnType<typeof addMember>>;

let t: Tenant;
let manager: Member;
let rep: Member;
let outsider: Member;
let pipelineId: string;
let wonStageId: string;
let openStageId: string;
let companyId: string;

async function newDeal(client = rep.client, extra: Record<string, unknown> = {}) {
  const res = await client.post("/api/deals", { pipelineId, title: `Deal ${unique()}`, amount: 50000, ...extra });
  expect(res.status).toBe(201);
  return res.body;
}

async function notificationsOf(m: { client: Tenant["owner"] }) {
  return (await m.client.get("/api/notifications")).body.items as Array<{ kind: string; title: string }>;
}

beforeAll(async () => {
  t = await newTenant("business");
  const team = await t.owner.post("/api/teams", { name: `Sales ${unique()}` });
  const other = await t.owner.post("/api/teams", { name: `Other ${unique()}` });
  manager = await addMember(t, "manager", [team.body.teamId]);
  rep = await addMember(t, "member", [team.body.teamId]);
  outsider = await addMember(t, "manager", [other.body.teamId]);
  const pipeline = await t.owner.post("/api/pipelines", { name: `Pipe ${unique()}` });
  pipelineId = pipeline.body.pipelineId;
  wonStageId = pipeline.body.stages.find((s: { kind: string }) => s.kind === "won").stageId;
  openStageId = pipeline.body.stages.filter((s: { kind: string }) => s.kind === "open")[1].stageId;
  companyId = (await rep.client.post("/api/companies", { name: `Approval Co ${unique()}` })).body.companyId;
  const stage = await t.owner.post("/api/approval-flows", { name: "Won deals", trigger: "deal.stage", stageIds: [wonStageId], steps: [{ type: "manager" }, { type: "user", userId: t.userId }] });
  expect(stage.status).toBe(201);
  const discount = await t.owner.post("/api/approval-flows", { name: "Discounts", trigger: "deal.discount", discountAbove: 20, steps: [{ type: "role", role: "manager" }] });
  expect(discount.status).toBe(201);
  const contracts = await t.owner.post("/api/approval-flows", { name: "Big contracts", trigger: "contract.create", minAmount: 1_000_000, steps: [{ type: "user", userId: t.userId }] });
  expect(contracts.status).toBe(201);
  const payments = await t.owner.post("/api/approval-flows", { name: "Big payments", trigger: "payment.record", minAmount: 500_000, steps: [{ type: "manager" }] });
  expect(payments.status).toBe(201);
});

describe("approval flows (审批流程)", () => {
  it("validates flows, lists them and refuses a stale version", async () => {
    const bad = await t.owner.post("/api/approval-flows", { name: "No stages", trigger: "deal.stage", steps: [{ type: "manager" }] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields).toHaveProperty("stageIds");
    const noSteps = await t.owner.post("/api/approval-flows", { name: "No steps", trigger: "payment.record", steps: [] });
    expect(noSteps.status).toBe(400);
    const flow = await t.owner.post("/api/approval-flows", { name: "Spare", trigger: "payment.record", minAmount: 999_999_999, active: false, steps: [{ type: "role", role: "admin" }] });
    const changed = await t.owner.patch(`/api/approval-flows/${flow.body.flowId}`, { version: 1, name: "Spare 2" });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ name: "Spare 2", version: 2, active: false });
    expect((await t.owner.patch(`/api/approval-flows/${flow.body.flowId}`, { version: 1, name: "Stale" })).status).toBe(409);
    const list = await t.owner.get("/api/approval-flows");
    expect(list.body.items.map((f: { name: string }) => f.name)).toEqual(["Won deals", "Discounts", "Big contracts", "Big payments", "Spare 2"]);
    expect((await rep.client.post("/api/approval-flows", { name: "x", trigger: "payment.record", steps: [{ type: "manager" }] })).status).toBe(403);
    expect((await t.owner.del(`/api/approval-flows/${flow.body.flowId}`)).status).toBe(204);
    expect((await t.owner.get(`/api/approval-flows/${flow.body.flowId}`)).status).toBe(404);
  });
});

describe("a stage move held for approval", () => {
  it("locks the deal, walks the manager then a named user, and applies the move on the last approval", async () => {
    const deal = await newDeal();
    const held = await rep.client.post(`/api/deals/${deal.dealId}/move`, { version: 1, stageId: wonStageId, reason: "Signed" });
    expect(held.status).toBe(202);
    expect(held.body.status).toBe("pending");
    const approval = held.body.approval;
    expect(approval).toMatchObject({ recordType: "deal", recordId: deal.dealId, step: 0, approvers: [`user#${manager.userId}`], requesterId: rep.userId });

    const locked = (await rep.client.get(`/api/deals/${deal.dealId}`)).body;
    expect(locked).toMatchObject({ stageId: deal.stageId, approvalId: approval.approvalId, version: 2 });
    const edit = await rep.client.patch(`/api/deals/${deal.dealId}`, { version: 2, title: "Changed" });
    expect(edit.status).toBe(409);
    expect(edit.body.error.code).toBe("approval.pending");
    expect((await rep.client.post(`/api/deals/${deal.dealId}/move`, { version: 2, stageId: openStageId })).body.error.code).toBe("approval.pending");
    expect((await rep.client.del(`/api/deals/${deal.dealId}`)).body.error.code).toBe("approval.pending");

    const inbox = await manager.client.get("/api/approvals?box=mine");
    expect(inbox.body.items.map((a: { approvalId: string }) => a.approvalId)).toContain(approval.approvalId);
    expect((await manager.client.get("/api/approval-badge")).body.pending).toBeGreaterThanOrEqual(1);
    expect((await notificationsOf(manager)).some((n) => n.kind === "approval")).toBe(true);
    // Another team's manager is not this owner's manager.
    expect((await outsider.client.get("/api/approvals?box=mine")).body.items).toEqual([]);
    const notMine = await outsider.client.post(`/api/approvals/${approval.approvalId}/approve`, {});
    expect([403, 404]).toContain(notMine.status);
    expect((await rep.client.post(`/api/approvals/${approval.approvalId}/approve`, {})).body.error.code).toBe("approval.not_approver");
    expect((await rep.client.get("/api/approvals?box=requested")).body.items[0].approvalId).toBe(approval.approvalId);

    const first = await manager.client.post(`/api/approvals/${approval.approvalId}/approve`, { comment: "Fine by me" });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ status: "pending", step: 1, approvers: [`user#${t.userId}`] });
    expect((await manager.client.get("/api/approvals?box=mine")).body.items.map((a: { approvalId: string }) => a.approvalId)).not.toContain(approval.approvalId);
    expect((await rep.client.get(`/api/deals/${deal.dealId}`)).body.stageId).toBe(deal.stageId);

    const last = await t.owner.post(`/api/approvals/${approval.approvalId}/approve`, {});
    expect(last.status).toBe(200);
    expect(last.body).toMatchObject({ status: "approved", approvers: [] });
    expect(last.body.decisions.map((d: { by: string; decision: string }) => [d.by, d.decision])).toEqual([[manager.userId, "approved"], [t.userId, "approved"]]);
    const moved = (await rep.client.get(`/api/deals/${deal.dealId}`)).body;
    expect(moved).toMatchObject({ stageId: wonStageId, status: "won", wonReason: "Signed" });
    expect(moved.approvalId).toBeUndefined();
    expect((await rep.client.patch(`/api/deals/${deal.dealId}`, { version: moved.version, title: "Editable again" })).status).toBe(200);
    expect((await notificationsOf(rep)).some((n) => n.kind === "approval" && n.title.startsWith("Approved"))).toBe(true);
    const timeline = await rep.client.get(`/api/deals/${deal.dealId}/timeline`);
    expect(timeline.body.items.map((e: { type: string }) => e.type)).toEqual(expect.arrayContaining(["approval.requested", "approval.approved", "deal.won"]));
    expect((await t.owner.post(`/api/approvals/${approval.approvalId}/approve`, {})).body.error.code).toBe("approval.already_decided");
  });

  it("checks the move before asking: a won stage still wants its reason", async () => {
    const deal = await newDeal();
    const res = await rep.client.post(`/api/deals/${deal.dealId}/move`, { version: 1, stageId: wonStageId });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("deal.reason_required");
    expect((await rep.client.get(`/api/deals/${deal.dealId}`)).body.approvalId).toBeUndefined();
    const plain = await rep.client.post(`/api/deals/${deal.dealId}/move`, { version: 1, stageId: openStageId });
    expect(plain.status).toBe(200);
    expect(plain.body.stageId).toBe(openStageId);
  });

  it("lets one of two approvers acting at once decide the step", async () => {
    const deal = await newDeal();
    const flowless = await t.owner.post("/api/approval-flows", { name: "Race", trigger: "deal.discount", discountAbove: 90, steps: [{ type: "role", role: "manager" }] });
    const held = await rep.client.post(`/api/deals/${deal.dealId}/move`, { version: 1, stageId: wonStageId, reason: "Race" });
    const id = held.body.approval.approvalId;
    // The first step is the owner's managers; make both managers of the rep's team race on it.
    await t.owner.patch(`/api/members/${outsider.userId}`, { teamIds: [...(await t.owner.get("/api/teams")).body.items.map((x: { teamId: string }) => x.teamId)] });
    const request = (await t.owner.get(`/api/approvals/${id}`)).body;
    expect(request.approvers).toEqual([`user#${manager.userId}`]);
    const results = await Promise.all([manager.client.post(`/api/approvals/${id}/approve`, {}), manager.client.post(`/api/approvals/${id}/approve`, {})]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(results.find((r) => r.status === 409)!.body.error.code).toBe("approval.already_decided");
    const after = (await t.owner.get(`/api/approvals/${id}`)).body;
    expect(after.decisions).toHaveLength(1);
    expect(after.step).toBe(1);
    // Two final approvals at once: one applies the move, the other is told it was decided.
    const finals = await Promise.all([t.owner.post(`/api/approvals/${id}/approve`, {}), t.owner.post(`/api/approvals/${id}/approve`, {})]);
    expect(finals.map((r) => r.status).sort()).toEqual([200, 409]);
    const history = (await t.owner.get(`/api/deals/${deal.dealId}`)).body.history;
    expect(history.filter((h: { toStageId: string }) => h.toStageId === wonStageId)).toHaveLength(1);
    await t.owner.patch(`/api/members/${outsider.userId}`, { teamIds: [] });
    await t.owner.del(`/api/approval-flows/${flowless.body.flowId}`);
  });
});

describe("a discount held for approval by role", () => {
  it("refuses a new deal straight into a guarded stage or with a guarded discount, and says what to do", async () => {
    const won = await rep.client.post("/api/deals", { title: `Straight won ${unique()}`, pipelineId, stageId: wonStageId, reason: "Signed" });
    expect(won.status).toBe(409);
    expect(won.body.error.code).toBe("approval.required");
    const discounted = await rep.client.post("/api/deals", { title: `Discounted ${unique()}`, pipelineId, discount: 35 });
    expect(discounted.status).toBe(409);
    expect(discounted.body.error).toMatchObject({ code: "approval.required", message: expect.stringContaining("discount") });
    const small = await rep.client.post("/api/deals", { title: `Small discount ${unique()}`, pipelineId, discount: 10 });
    expect(small.status).toBe(201);
    expect(small.body.discount).toBe(10);
    const externalId = `ERP-${unique()}`;
    const synced = await t.owner.post("/api/deals/bulk", { items: [{ externalId, pipelineId, title: "Synced order" }] });
    expect(synced.body.results[0].status).toBe("created");
    const moved = await t.owner.post("/api/deals/bulk", { items: [{ externalId, stageId: wonStageId, reason: "Paid" }, { externalId, discount: 40 }] });
    expect(moved.body.results.map((r: { error?: { code: string } }) => r.error?.code)).toEqual(["approval.required", "approval.required"]);
    const after = (await t.owner.get(`/api/deals/${synced.body.results[0].dealId}`)).body;
    expect(after.stageId).not.toBe(wonStageId);
    expect(after.discount ?? null).toBeNull();
  });

  it("rejects with a comment (releasing the deal), then approves a second request", async () => {
    const deal = await newDeal();
    const below = await rep.client.patch(`/api/deals/${deal.dealId}`, { version: 1, discount: 10 });
    expect(below.status).toBe(200);
    expect(below.body.discount).toBe(10);
    const held = await rep.client.patch(`/api/deals/${deal.dealId}`, { version: 2, discount: 35, title: "With discount" });
    expect(held.status).toBe(202);
    expect(held.body.approval.approvers).toEqual(["role#manager"]);
    const id = held.body.approval.approvalId;
    // Any manager holds the role: the other team's manager sees it in the inbox too.
    expect((await outsider.client.get("/api/approvals?box=mine")).body.items.map((a: { approvalId: string }) => a.approvalId)).toContain(id);
    const noComment = await manager.client.post(`/api/approvals/${id}/reject`, {});
    expect(noComment.status).toBe(400);
    expect(noComment.body.error.fields).toHaveProperty("comment");
    const rejected = await manager.client.post(`/api/approvals/${id}/reject`, { comment: "Too deep" });
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({ status: "rejected" });
    const released = (await rep.client.get(`/api/deals/${deal.dealId}`)).body;
    expect(released).toMatchObject({ discount: 10 });
    expect(released.approvalId).toBeUndefined();
    expect(released.title).toBe(deal.title);
    expect((await notificationsOf(rep)).some((n) => n.kind === "approval" && n.title.startsWith("Rejected"))).toBe(true);

    const again = await rep.client.patch(`/api/deals/${deal.dealId}`, { version: released.version, discount: 30 });
    expect(again.status).toBe(202);
    const ok = await outsider.client.post(`/api/approvals/${again.body.approval.approvalId}/approve`, {});
    expect(ok.status).toBe(200);
    expect((await rep.client.get(`/api/deals/${deal.dealId}`)).body.discount).toBe(30);
    expect((await rep.client.patch(`/api/deals/${deal.dealId}`, { version: 1, discount: 101 })).status).toBe(400);
  });

  it("lets the requester cancel", async () => {
    const deal = await newDeal();
    const held = await rep.client.patch(`/api/deals/${deal.dealId}`, { version: 1, discount: 50 });
    const id = held.body.approval.approvalId;
    expect((await manager.client.post(`/api/approvals/${id}/cancel`, {})).body.error.code).toBe("approval.not_requester");
    const cancelled = await rep.client.post(`/api/approvals/${id}/cancel`, {});
    expect(cancelled.body.status).toBe("cancelled");
    expect((await rep.client.get(`/api/deals/${deal.dealId}`)).body.approvalId).toBeUndefined();
    expect((await manager.client.get("/api/approvals?box=mine")).body.items.map((a: { approvalId: string }) => a.approvalId)).not.toContain(id);
  });
});

describe("contracts and payments held for approval", () => {
  it("creates a large contract pending approval and activates it when approved", async () => {
    const small = await rep.client.post("/api/contracts", { title: "Small", companyId, amount: 5000 });
    expect(small.status).toBe(201);
    expect(small.body.status).toBe("active");
    const big = await rep.client.post("/api/contracts", { title: "Big", companyId, amount: 2_000_000, endDate: "2030-01-31" });
    expect(big.status).toBe(201);
    expect(big.body.status).toBe("pending_approval");
    const id = big.body.approvalId;
    expect((await rep.client.patch(`/api/contracts/${big.body.contractId}`, { version: 1, title: "Bigger" })).body.error.code).toBe("approval.pending");
    expect((await rep.client.post(`/api/contracts/${big.body.contractId}/payments`, { amount: 100, paidOn: "2026-11-01" })).body.error.code).toBe("approval.pending");
    const approved = await t.owner.post(`/api/approvals/${id}/approve`, { comment: "OK" });
    expect(approved.body.status).toBe("approved");
    const contract = (await rep.client.get(`/api/contracts/${big.body.contractId}`)).body;
    expect(contract.status).toBe("active");
    expect(contract.approvalId).toBeUndefined();

    const other = await rep.client.post("/api/contracts", { title: "Refused", companyId, amount: 3_000_000 });
    const refused = await t.owner.post(`/api/approvals/${other.body.approvalId}/reject`, { comment: "No" });
    expect(refused.body.status).toBe("rejected");
    expect((await rep.client.get(`/api/contracts/${other.body.contractId}`)).body.status).toBe("draft");
  });

  it("holds a large payment until the manager approves it", async () => {
    const c = await rep.client.post("/api/contracts", { title: "Paid", companyId, amount: 900_000 });
    expect(c.body.status).toBe("active");
    const small = await rep.client.post(`/api/contracts/${c.body.contractId}/payments`, { amount: 100_000, paidOn: "2026-11-01" });
    expect(small.status).toBe(201);
    const held = await rep.client.post(`/api/contracts/${c.body.contractId}/payments`, { amount: 600_000, paidOn: "2026-11-02" });
    expect(held.status).toBe(202);
    expect(held.body.approval.approvers).toEqual([`user#${manager.userId}`]);
    expect((await rep.client.get(`/api/contracts/${c.body.contractId}`)).body.collected).toBe(100_000);
    await manager.client.post(`/api/approvals/${held.body.approval.approvalId}/approve`, {});
    const paid = (await rep.client.get(`/api/contracts/${c.body.contractId}`)).body;
    expect(paid.collected).toBe(700_000);
    expect(paid.payments).toHaveLength(2);
  });
});

describe("without the feature, and across tenants", () => {
  it("applies guarded actions directly when approvals are switched off", async () => {
    const o = await newTenant("business");
    const pipe = await o.owner.post("/api/pipelines", { name: "P" });
    const won = pipe.body.stages.find((s: { kind: string }) => s.kind === "won").stageId;
    await o.owner.post("/api/approval-flows", { name: "Won", trigger: "deal.stage", stageIds: [won], steps: [{ type: "manager" }] });
    expect((await o.owner.put("/api/workspace/features", { features: { approvals: false } })).status).toBe(200);
    const deal = await o.owner.post("/api/deals", { pipelineId: pipe.body.pipelineId, title: "Direct" });
    const moved = await o.owner.post(`/api/deals/${deal.body.dealId}/move`, { version: 1, stageId: won, reason: "Won" });
    expect(moved.status).toBe(200);
    expect(moved.body.status).toBe("won");
    expect((await o.owner.get("/api/approvals")).body.error.code).toBe("plan.feature_unavailable");
  });

  it("answers another tenant's request like a missing one", async () => {
    const deal = await newDeal();
    const held = await rep.client.post(`/api/deals/${deal.dealId}/move`, { version: 1, stageId: wonStageId, reason: "x" });
    const id = held.body.approval.approvalId;
    const b = await newTenant("business");
    for (const res of [await b.owner.get(`/api/approvals/${id}`), await b.owner.post(`/api/approvals/${id}/approve`, {}), await b.owner.get("/api/approvals/0000000000000nonexistent")]) {
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe("not_found");
    }
    expect((await b.owner.get("/api/approvals?box=all")).body.items).toEqual([]);
    expect((await t.owner.get("/api/approvals?box=all")).body.items.map((a: { approvalId: string }) => a.approvalId)).toContain(id);
    expect((await rep.client.get("/api/approvals?box=all")).status).toBe(403);
  });
});
