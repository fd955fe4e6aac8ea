import { beforeAll, describe, expect, it } from "vitest";
import { routes } from "../../packages/functions/src/api/routes";
import { addMember, Client, newTenant, unique } from "../support/api";

/**
 * Tenant isolation, enumerated from the app's own route list: every route is called as tenant B with
 * tenant A's ids. Nothing may be returned, changed or revealed; an id of A answers exactly like an id that
 * does not exist.
 */
type T = Awaited<ReturnType<typeof newTenant>>;
let a: T;
let b: T;
const ids: Record<string, string> = {};
const secrets: string[] = [];

/** A valid body per route with path parameters, so the call reaches the record lookup. */
const sampleBodies: Record<string, unknown> = {
  "patch /api/contacts/:contactId": { version: 1, title: "changed by B" },
  "patch /api/segments/:segmentId": { version: 1, name: "changed by B" },
  "patch /api/broadcasts/:broadcastId": { version: 1, name: "changed by B" },
  "post /api/broadcasts/:broadcastId/preview": {},
  "post /api/broadcasts/:broadcastId/test": {},
  "post /api/broadcasts/:broadcastId/schedule": { version: 1 },
  "post /api/broadcasts/:broadcastId/cancel": { version: 1 },
  "patch /api/companies/:companyId": { version: 1, industry: "changed by B" },
  "patch /api/members/:userId": { version: 1, role: "viewer" },
  "patch /api/teams/:teamId": { version: 1, name: "changed by B" },
  "put /api/platform/tenants/:slug/plan": { plan: "solo" },
  "patch /api/tickets/:ticketId": { version: 1, status: "solved" },
  "post /api/contacts/:contactId/notes": { body: "note by B" },
  "post /api/deals/:dealId/notes": { body: "note by B" },
  "patch /api/deals/:dealId/notes/:noteId": { version: 1, body: "edited by B" },
  "patch /api/tasks/:taskId": { version: 1, title: "changed by B" },
  "post /api/companies/:companyId/notes": { body: "note by B" },
  "post /api/tickets/:ticketId/notes": { body: "note by B" },
  "patch /api/contacts/:contactId/notes/:noteId": { version: 1, body: "edited by B" },
  "patch /api/companies/:companyId/notes/:noteId": { version: 1, body: "edited by B" },
  "patch /api/tickets/:ticketId/notes/:noteId": { version: 1, body: "edited by B" },
  "post /api/tickets/:ticketId/replies": { text: "reply by B" },
  "put /api/sla/policies/:policyId": { version: 1, name: "B's", position: 1, targets: { resolution: { minutes: 60, businessHours: false } } },
  "put /api/sla/calendars/:calendarId": { version: 1, name: "B's", calendar: { timeZone: "UTC", weekly: [], alwaysOpen: true } },
  "patch /api/pipelines/:pipelineId": { version: 1, name: "changed by B" },
  "post /api/pipelines/:pipelineId/stages": { version: 1, name: "B's stage" },
  "patch /api/pipelines/:pipelineId/stages/:stageId": { version: 1, name: "B's stage" },
  "put /api/pipelines/:pipelineId/stage-order": { version: 1, stageIds: ["0000000000000nonexistent"] },
  "patch /api/deals/:dealId": { version: 1, title: "changed by B" },
  "post /api/deals/:dealId/move": { version: 1, stageId: "0000000000000nonexistent" },
  "patch /api/webhooks/:webhookId": { version: 1, description: "changed by B" },
  "patch /api/leads/:leadId": { version: 1, name: "changed by B" },
  "post /api/leads/:leadId/convert": { version: 1, pipelineId: "0000000000000nonexistent" },
  "post /api/public/forms/:tenantSlug/leads": { name: "Form by B", email: "form-b@b.example" },
  "patch /api/goals/:goalId": { version: 1, target: 5 },
  "put /api/care/campaigns/:campaignId": { version: 1, name: "B's", trigger: { kind: "birthday" }, templates: { en: { subject: "B", body: "B" } }, sendHour: 9 },
  "post /api/care/campaigns/:campaignId/preview": { contactId: "0000000000000nonexistent" },
  "post /api/care/campaigns/:campaignId/test": {},
  "patch /api/activities/:activityId": { version: 1, outcome: "changed by B" },
  "post /api/imports/:importId/preview": { mapping: ["name"] },
  "post /api/imports/:importId/start": { mapping: ["name"], duplicateMode: "skip" },
  "patch /api/contacts/:contactId/lifecycle": { version: 1, stage: "customer", reason: "changed by B" },
  "patch /api/companies/:companyId/lifecycle": { version: 1, stage: "customer", reason: "changed by B" },
  "patch /api/custom-fields/:fieldId": { version: 1, labels: { en: "changed by B" } },
  "put /api/layouts/:object": { version: 0, sections: [{ id: "main", labels: { en: "B" }, fields: [] }], quickEntry: [], hidden: {} },
  "patch /api/pools/:poolId": { version: 1, name: "changed by B" },
  "post /api/pools/:poolId/customers": { companyId: "0000000000000nonexistent" },
  "post /api/pools/:poolId/customers/:companyId/assign": { userId: "0000000000000nonexistent" },
  "post /api/companies/:companyId/return": { reason: "returned by B" },
  "patch /api/contracts/:contractId": { version: 1, title: "changed by B" },
  "post /api/contracts/:contractId/payments": { amount: 100, paidOn: "2026-11-01" },
  "patch /api/robots/:robotId": { version: 1, name: "changed by B" },
  "patch /api/approval-flows/:approvalFlowId": { version: 1, name: "changed by B" },
  "post /api/approvals/:approvalId/approve": { comment: "by B" },
  "post /api/approvals/:approvalId/reject": { comment: "by B" },
  "post /api/approvals/:approvalId/cancel": {},
  "patch /api/marketing/campaigns/:marketingCampaignId": { version: 1, name: "changed by B" },
  "post /api/marketing/campaigns/:marketingCampaignId/costs": { date: "2026-11-01", amount: 100 },
  "patch /api/objects/:objectKey": { version: 1, description: "changed by B" },
  "post /api/objects/:objectKey/records": { name: "record by B" },
  "patch /api/objects/:objectKey/records/:recordId": { version: 1, name: "changed by B" },
  "post /api/objects/:objectKey/records/:recordId/notes": { body: "note by B" },
  "patch /api/objects/:objectKey/records/:recordId/notes/:noteId": { version: 1, body: "edited by B" },
  "post /api/visits/:visitId/checkout": { version: 1 },
  "put /api/companies/:companyId/pool/level": { version: 1, level: "A" },
  "post /api/visits/:visitId/photo": { contentType: "image/png", size: 100 },
};

beforeAll(async () => {
  a = await newTenant("enterprise");
  b = await newTenant("enterprise");
  const company = await a.owner.post("/api/companies", { name: `Secret Co ${unique()}`, domain: "secret-a.example" });
  const contact = await a.owner.post("/api/contacts", { name: `Secret Person ${unique()}`, email: `${unique("secret")}@a.example`, phone: "+8613900139000", companyId: company.body.companyId });
  const team = await a.owner.post("/api/teams", { name: `Secret Team ${unique()}` });
  const member = await addMember(a, "member", [team.body.teamId]);
  const inv = await a.owner.post("/api/invitations", { email: `${unique("pending")}@a.example`, role: "viewer" });
  const ticket = await a.owner.post("/api/tickets", { subject: `Secret Ticket ${unique()}`, requesterId: contact.body.contactId, text: "secret ticket text" });
  const full = await a.owner.get(`/api/tickets/${ticket.body.ticketId}`);
  const calendar = await a.owner.post("/api/sla/calendars", { name: `Secret Calendar ${unique()}`, calendar: { timeZone: "Asia/Shanghai", weekly: [{ day: 1, start: "09:00", end: "18:00" }] } });
  const policy = await a.owner.post("/api/sla/policies", { name: `Secret Policy ${unique()}`, position: 1, calendarId: calendar.body.id, targets: { resolution: { minutes: 600, businessHours: true } } });
  const note = await a.owner.post(`/api/contacts/${contact.body.contactId}/notes`, { body: `Secret Note ${unique()}` });
  const task = await a.owner.post("/api/tasks", { title: `Secret Task ${unique()}`, dueAt: new Date(Date.now() + 86400_000).toISOString(), recordType: "contact", recordId: contact.body.contactId });
  const key = await a.owner.post("/api/api-keys", { name: `Secret Key ${unique()}`, scopes: ["contacts:read"] });
  const pipeline = await a.owner.post("/api/pipelines", { name: `Secret Pipeline ${unique()}` });
  const deal = await a.owner.post("/api/deals", { pipelineId: pipeline.body.pipelineId, title: `Secret Deal ${unique()}`, amount: 100, contactId: contact.body.contactId });
  // Switched off, so the sweep never sends to it; a literal public address needs no DNS.
  const webhook = await a.owner.post("/api/webhooks", { url: "https://8.8.8.8/secret-hook", events: ["contact.*"], description: `Secret Webhook ${unique()}`, active: false });
  const goal = await a.owner.post("/api/goals", { subjectType: "user", subjectId: member.userId, metric: "wonDeals", period: "2026-11", target: 3 });
  const campaign = await a.owner.post("/api/care/campaigns", { name: `Secret Campaign ${unique()}`, trigger: { kind: "birthday" }, templates: { en: { subject: "Secret subject", body: "Secret body" } }, sendHour: 9 });
  const suppressed = `${unique("suppressed")}@a.example`;
  await a.owner.post("/api/care/suppressions", { email: suppressed });
  const activity = await a.owner.post("/api/activities", { kind: "call", recordType: "contact", recordId: contact.body.contactId, outcome: `Secret Outcome ${unique()}` });
  const lead = await a.owner.post("/api/leads", { name: `Secret Lead ${unique()}`, email: `${unique("lead")}@a.example`, companyName: `Secret Lead Co ${unique()}` });
  const field = await a.owner.post("/api/custom-fields", { objectType: "contact", key: "secret_field", type: "text", labels: { en: `Secret Field ${unique()}` } });
  Object.assign(ids, { fieldId: field.body.fieldId });
  const pool = await a.owner.post("/api/pools", { name: `Secret Pool ${unique()}`, memberIds: [member.userId] });
  const pooled = await a.owner.post("/api/companies", { name: `Secret Pooled Co ${unique()}` });
  await a.owner.post(`/api/pools/${pool.body.poolId}/customers`, { companyId: pooled.body.companyId });
  Object.assign(ids, { poolId: pool.body.poolId });
  const contract = await a.owner.post("/api/contracts", { title: `Secret Contract ${unique()}`, companyId: company.body.companyId, amount: 100000, endDate: "2027-06-30", instalments: [{ amount: 100000, dueDate: "2027-01-31" }] });
  Object.assign(ids, { contractId: contract.body.contractId });
  const object = await a.owner.post("/api/objects", { key: "secret_store", labels: { singular: { en: `Secret Object ${unique()}` }, plural: { en: "Secret Objects" } }, relations: [{ key: "customer", labels: { en: "Customer" }, target: "company" }] });
  const objectRecord = await a.owner.post("/api/objects/secret_store/records", { name: `Secret Record ${unique()}`, relations: { customer: [company.body.companyId] } });
  expect(objectRecord.status).toBe(201);
  Object.assign(ids, { objectKey: object.body.objectKey, recordId: objectRecord.body.recordId });
  Object.assign(ids, { object: object.body.objectType }); // layouts of A's custom object
  secrets.push(object.body.labels.singular.en, objectRecord.body.name);
  const file = await a.owner.call("POST", `/api/contracts/${contract.body.contractId}/attachments`, "%PDF secret", { "x-file-name": "secret-file.pdf" });
  expect(file.status).toBe(201);
  Object.assign(ids, { attachmentId: file.body.attachmentId });
  // Offline, the platform's host does not resolve: a loopback target (allowed for this one call) stands in.
  process.env.WEBHOOKS_ALLOW_PRIVATE = "true";
  const robot = await a.owner.post("/api/robots", { platform: "wecom", name: `Secret Robot ${unique()}`, url: "http://127.0.0.1:9/cgi-bin/webhook/send?key=secret-robot-key", events: ["deal.won"], active: false });
  delete process.env.WEBHOOKS_ALLOW_PRIVATE;
  expect(robot.status).toBe(201);
  Object.assign(ids, { robotId: robot.body.robotId });
  const approvalFlow = await a.owner.post("/api/approval-flows", { name: `Secret Flow ${unique()}`, trigger: "deal.discount", discountAbove: 50, steps: [{ type: "user", userId: member.userId }] });
  const heldDeal = await a.owner.post("/api/deals", { pipelineId: pipeline.body.pipelineId, title: `Secret Held Deal ${unique()}` });
  const held = await a.owner.patch(`/api/deals/${heldDeal.body.dealId}`, { version: 1, discount: 80 });
  expect(held.status).toBe(202);
  Object.assign(ids, { approvalFlowId: approvalFlow.body.flowId, approvalId: held.body.approval.approvalId });
  secrets.push(approvalFlow.body.name, heldDeal.body.title);
  const mkt = await a.owner.post("/api/marketing/campaigns", { name: `Secret Marketing ${unique()}`, channel: "trade_show" });
  const mktCost = await a.owner.post(`/api/marketing/campaigns/${mkt.body.campaignId}/costs`, { date: "2026-11-01", amount: 4242, note: `Secret Cost ${unique()}` });
  expect(mktCost.status).toBe(201);
  Object.assign(ids, { marketingCampaignId: mkt.body.campaignId, costLineId: mktCost.body.costs[0].lineId });
  secrets.push(mkt.body.name, mktCost.body.costs[0].note);
  const visit = await a.owner.post("/api/visits", { recordType: "company", recordId: company.body.companyId, location: { lat: 31.23, lng: 121.47 }, note: `Secret Visit ${unique()}` });
  expect(visit.status).toBe(201);
  Object.assign(ids, { visitId: visit.body.activityId });
  const segment = await a.owner.post("/api/segments", { name: `Secret Segment ${unique()}`, objectType: "contact", filter: { match: "all", conditions: [] }, shared: true });
  expect(segment.status).toBe(201);
  const broadcast = await a.owner.post("/api/broadcasts", { name: `Secret Broadcast ${unique()}`, segmentId: segment.body.segmentId, templates: { en: { subject: "Secret subject", body: "Secret body" } } });
  expect(broadcast.status).toBe(201);
  Object.assign(ids, { segmentId: segment.body.segmentId, broadcastId: broadcast.body.broadcastId });
  secrets.push(segment.body.name, broadcast.body.name);
  secrets.push(visit.body.notes);
  secrets.push(robot.body.name);
  secrets.push(contract.body.title, contract.body.number);
  secrets.push(pool.body.name);
  secrets.push(field.body.labels.en);
  Object.assign(ids, {
    contactId: contact.body.contactId,
    companyId: company.body.companyId,
    teamId: team.body.teamId,
    userId: member.userId,
    invitationId: inv.body.invitationId,
    slug: a.slug,
    ticketId: ticket.body.ticketId,
    messageId: full.body.messages[0].messageId,
    index: "0",
    keyId: key.body.keyId,
    noteId: note.body.noteId,
    taskId: task.body.taskId,
    calendarId: calendar.body.id,
    policyId: policy.body.id,
    pipelineId: pipeline.body.pipelineId,
    stageId: deal.body.stageId,
    dealId: deal.body.dealId,
    webhookId: webhook.body.webhookId,
    leadId: lead.body.leadId,
    goalId: goal.body.goalId,
    campaignId: campaign.body.campaignId,
    activityId: activity.body.activityId,
    email: suppressed,
  });
  secrets.push(...Object.values(ids).filter((v) => v.length > 3), a.tenantId, contact.body.email, contact.body.name, company.body.name, team.body.name, member.email, a.email);
});

function fill(path: string, values: Record<string, string>) {
  return path.replace(/:(\w+)/g, (_, name) => values[name] ?? `missing-${name}`);
}

describe("tenant isolation", () => {
  const tenantRoutes = routes.filter((r) => r.auth === "tenant");

  it("covers every route of the app", () => {
    expect(routes.length).toBeGreaterThan(20);
    for (const r of routes.filter((r) => /:\w+/.test(r.path) && r.method !== "get" && r.method !== "delete" && r.body)) {
      expect(sampleBodies, `add a sample body for ${r.method} ${r.path}`).toHaveProperty(`${r.method} ${r.path}`);
    }
  });

  it.each(tenantRoutes.filter((r) => /:\w+/.test(r.path)).map((r) => [`${r.method.toUpperCase()} ${r.path}`, r] as const))(
    "%s with the other tenant's id answers like an unknown id",
    async (_name, r) => {
      const body = sampleBodies[`${r.method} ${r.path}`] ?? (r.body ? {} : undefined);
      const foreign = await b.owner.call(r.method.toUpperCase(), fill(r.path, ids), body);
      const unknown = await b.owner.call(r.method.toUpperCase(), fill(r.path, Object.fromEntries(Object.keys(ids).map((k) => [k, "0000000000000nonexistent"]))), body);
      expect(foreign.status).toBe(404);
      expect(foreign.body).toEqual(unknown.body);
      for (const s of secrets) expect(JSON.stringify(foreign.body)).not.toContain(s);
    },
  );

  it.each(tenantRoutes.filter((r) => r.method === "get" && !/:\w+/.test(r.path)).map((r) => [r.path, r] as const))(
    "GET %s as the other tenant reveals nothing",
    async (path) => {
      for (const query of ["", `?q=${encodeURIComponent("Secret")}`]) {
        const res = await b.owner.get(path + (/contacts|companies/.test(path) ? query : ""));
        expect(res.status).toBeLessThan(500);
        for (const s of secrets) expect(JSON.stringify(res.body)).not.toContain(s);
      }
    },
  );

  it("non-tenant routes reveal nothing of another tenant", async () => {
    const me = await b.owner.get("/api/me");
    for (const s of secrets) expect(JSON.stringify(me.body)).not.toContain(s);
    const anon = new Client();
    for (const r of routes.filter((r) => r.auth === "tenant")) {
      const res = await anon.call(r.method.toUpperCase(), fill(r.path, ids), r.body ? {} : undefined);
      expect(res.status, `${r.method} ${r.path} without a session`).toBe(401);
    }
  });

  it("left tenant A's records unchanged", async () => {
    const contact = await a.owner.get(`/api/contacts/${ids.contactId}`);
    expect(contact.status).toBe(200);
    // A's own deal on the contact made it an opportunity: one lifecycle move (version 2); B changed nothing.
    expect(contact.body.lifecycleStage).toBe("opportunity");
    expect(contact.body.version).toBe(2);
    expect((await a.owner.get(`/api/companies/${ids.companyId}`)).body.version).toBe(1);
    const members = await a.owner.get("/api/members");
    expect(members.body.items.find((m: any) => m.userId === ids.userId).role).toBe("member");
    const teams = await a.owner.get("/api/teams");
    expect(teams.body.items.map((t: any) => t.teamId)).toContain(ids.teamId);
    const invitations = await a.owner.get("/api/invitations");
    expect(invitations.body.items.map((i: any) => i.invitationId)).toContain(ids.invitationId);
    const ticket = await a.owner.get(`/api/tickets/${ids.ticketId}`);
    expect(ticket.body).toMatchObject({ version: 1, status: "new" });
    expect(ticket.body.messages).toHaveLength(1);
    expect((await a.owner.get("/api/tasks")).body.items.map((x: any) => [x.taskId, x.version])).toEqual([[ids.taskId, 1]]);
    const notes = await a.owner.get(`/api/contacts/${ids.contactId}/notes`);
    expect(notes.body.items.map((n: any) => [n.noteId, n.version])).toEqual([[ids.noteId, 1]]);
    expect((await a.owner.get("/api/api-keys")).body.items[0]).toMatchObject({ keyId: ids.keyId, revokedAt: null });
    expect((await a.owner.get("/api/sla/policies")).body.items[0]).toMatchObject({ id: ids.policyId, version: 1 });
    expect((await a.owner.get("/api/sla/calendars")).body.items[0]).toMatchObject({ id: ids.calendarId, version: 1 });
    expect((await a.owner.get(`/api/webhooks/${ids.webhookId}`)).body).toMatchObject({ version: 1, active: false, url: "https://8.8.8.8/secret-hook" });
    expect((await a.owner.get(`/api/care/campaigns/${ids.campaignId}`)).body).toMatchObject({ version: 1, enabled: true });
    expect((await a.owner.get("/api/care/suppressions")).body.items.map((x: any) => x.email)).toEqual([ids.email]);
    expect((await a.owner.get(`/api/leads/${ids.leadId}`)).body).toMatchObject({ version: 1, status: "new", dealId: null });
    expect((await a.owner.get(`/api/marketing/campaigns/${ids.marketingCampaignId}`)).body).toMatchObject({ version: 2, totalCost: 4242 });
    expect((await a.owner.get(`/api/visits/${ids.visitId}`)).body).toMatchObject({ version: 1, located: true });
    expect((await a.owner.get(`/api/segments/${ids.segmentId}`)).body).toMatchObject({ version: 1 });
    expect((await a.owner.get(`/api/broadcasts/${ids.broadcastId}`)).body).toMatchObject({ version: 1, status: "draft" });
  });

  it("a cursor from tenant A's list is refused for tenant B", async () => {
    for (let i = 0; i < 2; i++) await a.owner.post("/api/contacts", { name: `Paged ${i}` });
    const page = await a.owner.get("/api/contacts?limit=1");
    expect(page.body.cursor).toBeTruthy();
    const res = await b.owner.get(`/api/contacts?limit=1&cursor=${encodeURIComponent(page.body.cursor)}`);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("cursor.invalid");
  });
});
