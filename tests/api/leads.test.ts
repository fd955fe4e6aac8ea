import { describe, expect, it } from "vitest";
import { type DomainEvent, setPorts, systemClock } from "../../packages/core/src/ports";
import { LeadForm } from "../../packages/core/src/sales/lead-form";
import { subscriptions } from "../../packages/functions/src/registry";
import { LocalBus } from "../../packages/local/src/bus";
import { addMember, Client, mailer, newTenant, unique } from "../support/api";

// Events still run their subscribers inline (timelines, notifications) and are kept for assertions.
const published: DomainEvent[] = [];
const bus = new LocalBus(subscriptions, { inline: true });
setPorts({ events: { publish: async (events) => { published.push(...events); await bus.publish(events); } } });

type T = Awaited<ReturnType<typeof newTenant>>;

async function lead(c: Client, body: Record<string, unknown> = {}) {
  const res = await c.post("/api/leads", { name: `Lead ${unique()}`, ...body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

async function team(t: T, size: number) {
  const res = await t.owner.post("/api/teams", { name: `Team ${unique()}` });
  expect(res.status).toBe(201);
  const members = [];
  for (let i = 0; i < size; i++) members.push(await addMember(t, "member", [res.body.teamId]));
  return { teamId: res.body.teamId as string, members };
}

async function setRouting(t: T, body: { rules: unknown[]; defaultOwnerId?: string | null }) {
  const current = await t.owner.get("/api/lead-routing");
  const res = await t.owner.put("/api/lead-routing", { version: current.body.version, ...body });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

async function pipeline(t: T, name = "Sales") {
  const res = await t.owner.post("/api/pipelines", { name });
  expect(res.status).toBe(201);
  return res.body;
}

/** Every lead of the tenant, page by page. */
async function allLeads(c: Client, query = "") {
  const out: any[] = [];
  let cursor: string | null = null;
  do {
    const res = await c.get(`/api/leads?limit=7${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
    expect(res.status).toBe(200);
    out.push(...res.body.items);
    cursor = res.body.cursor;
  } while (cursor);
  return out;
}

// Generous: the machine may be shared with other test runs.
describe("leads", { timeout: 120_000 }, () => {
  it("creates, reads, updates with its version, lists with filters and deletes a lead", async () => {
    const t = await newTenant("business");
    const created = await lead(t.owner, {
      name: "王芳", companyName: "Acme 上海", email: "Wang.Fang@Example.com", phone: "13800138000", source: "expo",
      region: "Shanghai", tags: ["vip", "vip"], amount: 120000, message: "Wants a demo",
    });
    expect(created).toMatchObject({
      name: "王芳", email: "wang.fang@example.com", phone: "+8613800138000", tags: ["vip"], amount: 120000, currency: "CNY",
      status: "new", ownerId: t.userId, routedBy: "default", version: 1, contactId: null,
    });
    expect((await t.owner.get(`/api/leads/${created.leadId}`)).body).toEqual(created);

    const patched = await t.owner.patch(`/api/leads/${created.leadId}`, { version: 1, status: "working", message: null });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ status: "working", message: null, version: 2 });
    const stale = await t.owner.patch(`/api/leads/${created.leadId}`, { version: 1, name: "lost update" });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe("conflict");

    for (let i = 0; i < 9; i++) await lead(t.owner, { source: i % 3 === 0 ? "web" : "expo", tags: i % 2 ? ["smb"] : [] });
    const all = await allLeads(t.owner);
    expect(all).toHaveLength(10);
    expect(all.map((l) => l.createdAt)).toEqual([...all.map((l) => l.createdAt)].sort().reverse());
    expect((await allLeads(t.owner, "&source=web")).length).toBe(3);
    expect((await allLeads(t.owner, "&status=working")).map((l) => l.leadId)).toEqual([created.leadId]);
    expect((await allLeads(t.owner, `&ownerId=${t.userId}&status=new`)).length).toBe(9);
    expect((await allLeads(t.owner, "&tag=smb")).length).toBe(4);
    const search = await t.owner.get(`/api/leads?q=${encodeURIComponent("acme")}`);
    expect(search.body.items.map((l: any) => l.leadId)).toEqual([created.leadId]);
    expect((await t.owner.get("/api/leads?q=13800138000")).body.items.map((l: any) => l.leadId)).toEqual([created.leadId]);

    expect((await t.owner.del(`/api/leads/${created.leadId}`)).status).toBe(204);
    const gone = await t.owner.get(`/api/leads/${created.leadId}`);
    expect(gone.status).toBe(404);
    expect(gone.body.error.code).toBe("not_found");
    expect((await t.owner.get("/api/leads?q=acme")).body.items).toEqual([]);
  });

  it("answers bad input with 400 naming the field, and writes nothing", async () => {
    const t = await newTenant("business");
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ name: "" }, "name"],
      [{ name: "X", phone: "12" }, "phone"],
      [{ name: "X", email: "not-an-email" }, "email"],
      [{ name: "X", amount: -5 }, "amount"],
      [{ name: "X", amount: 10.5 }, "amount"],
      [{ name: "X", currency: "dollars" }, "currency"],
      [{ name: "X", ownerId: "nobody" }, "ownerId"],
      [{ name: "X", status: "converted" }, "status"],
      [{ name: "X", surprise: true }, "surprise"],
    ];
    for (const [body, field] of cases) {
      const res = await t.owner.post("/api/leads", body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.fields, JSON.stringify(body)).toHaveProperty(field);
    }
    expect((await t.owner.get("/api/leads")).body.items).toEqual([]);
    const l = await lead(t.owner);
    const converted = await t.owner.patch(`/api/leads/${l.leadId}`, { version: 1, status: "converted" });
    expect(converted.status).toBe(400);
    expect(converted.body.error.fields).toHaveProperty("status");
    expect((await t.owner.get(`/api/leads/${l.leadId}?nonsense=1`)).status).toBe(200);
    expect((await t.owner.get("/api/leads?status=won")).status).toBe(400);
  });

  it("members see their own leads only; managers' teams and admins see more", async () => {
    const t = await newTenant("business");
    const { members } = await team(t, 1);
    const member = members[0];
    // Without an owner the rules route it (here to the workspace owner); a member may take it themselves.
    expect((await lead(member.client)).ownerId).toBe(t.userId);
    const mine = await lead(member.client, { ownerId: member.userId });
    expect(mine.ownerId).toBe(member.userId);
    const other = await lead(t.owner);
    expect((await member.client.get(`/api/leads/${other.leadId}`)).status).toBe(404);
    expect((await member.client.get("/api/leads")).body.items.map((l: any) => l.leadId)).toEqual([mine.leadId]);
    expect((await t.owner.get("/api/leads")).body.items).toHaveLength(3);
    const viewer = await addMember(t, "viewer");
    expect((await viewer.client.post("/api/leads", { name: "nope" })).status).toBe(403);
    expect((await member.client.put("/api/lead-routing", { version: 0, rules: [] })).status).toBe(403);
  });
});

describe("public web form", { timeout: 120_000 }, () => {
  it("stores a lead routed like any other, and an unknown slug answers the same 404 as a workspace without leads", async () => {
    const t = await newTenant("business");
    const visitor = new Client(`198.51.100.${1 + Math.floor(Math.random() * 200)}`);
    const res = await visitor.post(`/api/public/forms/${t.slug}/leads`, { name: "Form Person", email: "form@example.com", companyName: "Form Co", region: "浙江", message: "Call me" });
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    expect(res.body).toEqual({ received: true });
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    const [stored] = (await t.owner.get("/api/leads")).body.items;
    expect(stored).toMatchObject({ name: "Form Person", email: "form@example.com", source: "web-form", region: "浙江", ownerId: t.userId, status: "new" });
    const timeline = await t.owner.get(`/api/leads/${stored.leadId}/timeline`);
    expect(timeline.body.items.map((e: any) => e.type).sort()).toEqual(["lead.assigned", "lead.created"]);
    expect(timeline.body.items[0].actorType).toBe("system");

    const unknown = await visitor.post(`/api/public/forms/${unique("noslug")}/leads`, { name: "X", email: "x@example.com" });
    expect(unknown.status).toBe(404);
    const off = await newTenant("business");
    expect((await off.owner.put("/api/workspace/features", { features: { deals: false } })).status).toBe(200);
    const disabled = await visitor.post(`/api/public/forms/${off.slug}/leads`, { name: "X", email: "x@example.com" });
    expect(disabled.status).toBe(404);
    expect(disabled.body).toEqual(unknown.body);
    expect(JSON.stringify(unknown.body)).not.toContain("noslug");

    const bad = await visitor.post(`/api/public/forms/${t.slug}/leads`, { name: "X", ownerId: t.userId, email: "x@example.com" });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields).toHaveProperty("ownerId");
    const noWay = await visitor.post(`/api/public/forms/${t.slug}/leads`, { name: "X" });
    expect(noWay.status).toBe(400);
    expect(noWay.body.error.fields).toHaveProperty("email");
  });

  it("a filled honeypot answers like a success and stores nothing", async () => {
    const t = await newTenant("business");
    const bot = new Client("198.51.100.250");
    const res = await bot.post(`/api/public/forms/${t.slug}/leads`, { name: "Bot", email: "bot@example.com", [LeadForm.HONEYPOT]: "http://spam.example" });
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ received: true });
    expect((await t.owner.get("/api/leads")).body.items).toEqual([]);
    expect(published.some((e) => e.tenantId === t.tenantId && e.type === "lead.created")).toBe(false);
  });

  it("limits submissions per address and workspace with 429 and Retry-After", async () => {
    const t = await newTenant("business");
    const other = await newTenant("business");
    const flood = new Client("192.0.2.77");
    const statuses: number[] = [];
    let last: Awaited<ReturnType<Client["post"]>> | undefined;
    for (let i = 0; i < LeadForm.MAX_PER_WINDOW + 2; i++) {
      last = await flood.post(`/api/public/forms/${t.slug}/leads`, { name: `Flood ${i}`, email: `flood${i}@example.com` });
      statuses.push(last.status);
    }
    expect(statuses.slice(0, LeadForm.MAX_PER_WINDOW).every((s) => s === 202)).toBe(true);
    expect(statuses.slice(LeadForm.MAX_PER_WINDOW)).toEqual([429, 429]);
    expect(last!.body.error.code).toBe("form.rate_limited");
    expect(Number(last!.headers.get("retry-after"))).toBeGreaterThan(0);
    // The site's script can read the refusal too (the form posts from another origin).
    expect(last!.headers.get("access-control-allow-origin")).toBe("*");
    expect((await allLeads(t.owner)).length).toBe(LeadForm.MAX_PER_WINDOW);
    // Another workspace's form and another address are counted apart.
    expect((await flood.post(`/api/public/forms/${other.slug}/leads`, { name: "Elsewhere", email: "e@example.com" })).status).toBe(202);
    expect((await new Client("192.0.2.78").post(`/api/public/forms/${t.slug}/leads`, { name: "Neighbour", email: "n@example.com" })).status).toBe(202);
  });
});

describe("lead routing", { timeout: 120_000 }, () => {
  it("routes by source, region, tag and amount to an owner; unmatched leads go to the default owner", async () => {
    const t = await newTenant("business");
    const { teamId, members } = await team(t, 3);
    const [a, b, c] = members;
    const rules = [
      { name: "Expo", conditions: { sources: ["Expo"] }, action: { type: "owner", ownerId: a.userId } },
      { name: "South", conditions: { regions: ["广东", "Guangdong"] }, action: { type: "owner", ownerId: b.userId } },
      { name: "Big VIP", conditions: { tags: ["vip"], amountMin: 100000 }, action: { type: "owner", ownerId: c.userId } },
      { name: "Small", conditions: { amountMax: 999 }, action: { type: "owner", ownerId: b.userId } },
    ];
    const saved = await setRouting(t, { rules, defaultOwnerId: c.userId });
    expect(saved.rules.map((r: any) => r.name)).toEqual(["Expo", "South", "Big VIP", "Small"]);
    expect(saved.rules.every((r: any) => typeof r.ruleId === "string")).toBe(true);
    const cases: Array<[Record<string, unknown>, string, string]> = [
      [{ source: "expo", region: "Guangdong" }, a.userId, "Expo"],
      [{ region: "guangdong" }, b.userId, "South"],
      [{ tags: ["vip"], amount: 100000 }, c.userId, "Big VIP"],
      [{ tags: ["vip"], amount: 99999 }, c.userId, "default"],
      [{ amount: 500 }, b.userId, "Small"],
      [{ source: "web" }, c.userId, "default"],
    ];
    for (const [body, owner, rule] of cases) {
      const l = await lead(t.owner, body);
      expect(l.ownerId, JSON.stringify(body)).toBe(owner);
      expect(l.routedBy, JSON.stringify(body)).toBe(rule === "default" ? "default" : saved.rules.find((r: any) => r.name === rule).ruleId);
    }
    // A given owner wins over the rules.
    expect((await lead(t.owner, { source: "expo", ownerId: b.userId })).ownerId).toBe(b.userId);
    // Without a default owner, unmatched leads go to the workspace owner.
    await setRouting(t, { rules: saved.rules, defaultOwnerId: null });
    expect((await lead(t.owner, { source: "web" })).ownerId).toBe(t.userId);
    expect(teamId).toBeTruthy();
  });

  it("validates rules and refuses a stale version", async () => {
    const t = await newTenant("business");
    const bad = await t.owner.put("/api/lead-routing", { version: 0, rules: [
      { name: "x", conditions: { amountMin: 10, amountMax: 5 }, action: { type: "round_robin", teamId: "noteam" } },
      { name: "y", conditions: {}, action: { type: "owner", ownerId: "nobody" } },
      { name: "z", conditions: {}, action: { type: "somebody" } },
    ] });
    expect(bad.status).toBe(400);
    const good = await t.owner.put("/api/lead-routing", { version: 0, rules: [], defaultOwnerId: t.userId });
    expect(good.status).toBe(200);
    const fields = (await t.owner.put("/api/lead-routing", { version: 1, rules: [
      { name: "x", conditions: { amountMin: 10, amountMax: 5 }, action: { type: "round_robin", teamId: "noteam" } },
      { name: "y", conditions: {}, action: { type: "owner", ownerId: "nobody" } },
    ] })).body.error.fields;
    expect(Object.keys(fields).sort()).toEqual(["rules.0.action.teamId", "rules.0.conditions.amountMax", "rules.1.action.ownerId"]);
    const stale = await t.owner.put("/api/lead-routing", { version: 0, rules: [] });
    expect(stale.status).toBe(409);
    expect((await t.owner.get("/api/lead-routing")).body).toEqual({ rules: [], defaultOwnerId: t.userId, version: 1 });
  });

  it("round robin spreads 20 concurrent leads evenly over a team of 4", async () => {
    const t = await newTenant("business");
    const { teamId, members } = await team(t, 4);
    await setRouting(t, { rules: [{ name: "All to the team", conditions: {}, action: { type: "round_robin", teamId } }] });
    const created = await Promise.all(Array.from({ length: 20 }, (_, i) => lead(t.owner, { name: `Concurrent ${i}` })));
    const per: Record<string, number> = {};
    for (const l of created) per[l.ownerId] = (per[l.ownerId] ?? 0) + 1;
    expect(Object.keys(per).sort()).toEqual(members.map((m) => m.userId).sort());
    expect(Object.values(per)).toEqual([5, 5, 5, 5]);
    expect((await allLeads(t.owner)).length).toBe(20);
  });

  it("gives each lead to the team member with the fewest open leads, and keeps the counters right through converts", async () => {
    const t = await newTenant("business");
    const { teamId, members } = await team(t, 3);
    const [a, b, c] = members;
    // a starts with two open leads of their own, b with one.
    await lead(a.client, { ownerId: a.userId });
    await lead(a.client, { ownerId: a.userId });
    await lead(b.client, { ownerId: b.userId });
    await setRouting(t, { rules: [{ name: "Balance", conditions: {}, action: { type: "fewest_open", teamId } }] });
    const first = await lead(t.owner);
    expect(first.ownerId).toBe(c.userId);
    const routed = await Promise.all(Array.from({ length: 8 }, (_, i) => lead(t.owner, { name: `Balanced ${i}` })));
    const open = async () => (await t.owner.get("/api/lead-routing/open-leads")).body;
    let counts = await open();
    expect([counts[a.userId], counts[b.userId], counts[c.userId]].sort()).toEqual([4, 4, 4]);
    expect(routed.filter((l) => l.ownerId === a.userId)).toHaveLength(2);

    // Converting, disqualifying, reassigning and deleting all move the counters; they equal a recount.
    const p = await pipeline(t);
    const mineA = routed.filter((l) => l.ownerId === a.userId);
    expect((await t.owner.post(`/api/leads/${mineA[0].leadId}/convert`, { version: 1, pipelineId: p.pipelineId })).status).toBe(200);
    expect((await t.owner.post(`/api/leads/${mineA[1].leadId}/convert`, { version: 1, pipelineId: p.pipelineId })).status).toBe(200);
    const mineB = routed.filter((l) => l.ownerId === b.userId);
    expect((await t.owner.patch(`/api/leads/${mineB[0].leadId}`, { version: 1, status: "disqualified" })).status).toBe(200);
    expect((await t.owner.patch(`/api/leads/${mineB[1].leadId}`, { version: 1, ownerId: c.userId })).status).toBe(200);
    const mineC = routed.filter((l) => l.ownerId === c.userId);
    expect((await t.owner.del(`/api/leads/${mineC[0].leadId}`)).status).toBe(204);

    const recount: Record<string, number> = {};
    for (const l of await allLeads(t.owner)) if (l.status === "new" || l.status === "working") recount[l.ownerId] = (recount[l.ownerId] ?? 0) + 1;
    counts = await open();
    for (const m of members) expect(counts[m.userId] ?? 0, m.userId).toBe(recount[m.userId] ?? 0);
    expect(counts[a.userId]).toBe(2);
    // The next lead goes to a, who now has the fewest.
    expect((await lead(t.owner)).ownerId).toBe(a.userId);
  });

  it("an empty team or a departed owner falls back to the default owner", async () => {
    const t = await newTenant("business");
    const empty = await t.owner.post("/api/teams", { name: "Nobody here" });
    const { members } = await team(t, 1);
    await setRouting(t, { rules: [{ name: "Empty", conditions: { sources: ["x"] }, action: { type: "round_robin", teamId: empty.body.teamId } }], defaultOwnerId: members[0].userId });
    const l = await lead(t.owner, { source: "x" });
    expect(l).toMatchObject({ ownerId: members[0].userId, routedBy: "default" });
  });

  it("notifies the new owner in the app and by email, once per assignment", async () => {
    const t = await newTenant("business");
    const { members } = await team(t, 2);
    const [a, b] = members;
    await setRouting(t, { rules: [{ name: "Fairs", conditions: { sources: ["fair"] }, action: { type: "owner", ownerId: a.userId } }] });
    const visitor = new Client("198.51.100.9");
    expect((await visitor.post(`/api/public/forms/${t.slug}/leads`, { name: "Notify Me", companyName: "Bell Co", email: "notify@example.com", source: "fair" })).status).toBe(202);
    const inbox = await a.client.get("/api/notifications");
    expect(inbox.body.unread).toBe(1);
    const [n] = inbox.body.items;
    expect(n).toMatchObject({ kind: "assigned" });
    expect(n.title).toContain("Notify Me (Bell Co)");
    const [stored] = (await t.owner.get("/api/leads")).body.items;
    expect(n.link).toBe(`/leads/${stored.leadId}`);
    const mails = mailer.sent.filter((m) => m.to.includes(a.email) && m.tag === "notify.assigned");
    expect(mails).toHaveLength(1);
    expect(mails[0].text).toContain(`/leads/${stored.leadId}`);

    // Reassigning notifies the next owner; the owner taking a lead for themselves is not notified.
    expect((await t.owner.patch(`/api/leads/${stored.leadId}`, { version: 1, ownerId: b.userId })).status).toBe(200);
    expect((await b.client.get("/api/notifications")).body.unread).toBe(1);
    expect(mailer.sent.filter((m) => m.to.includes(b.email) && m.tag === "notify.assigned")).toHaveLength(1);
    await lead(t.owner, { ownerId: t.userId });
    expect((await t.owner.get("/api/notifications")).body.items.filter((x: any) => x.kind === "assigned")).toEqual([]);
  });
});

describe("lead conversion", { timeout: 120_000 }, () => {
  it("creates a contact, a company and a deal once, links them, and a retry answers the same conversion", async () => {
    const t = await newTenant("business");
    const p = await pipeline(t);
    const l = await lead(t.owner, { name: "Li Lei", companyName: "Convert Co", email: "li.lei@example.com", phone: "+8613900139000", source: "expo", amount: 50000, tags: ["vip"] });
    const before = published.length;
    const [first, second] = await Promise.all([
      t.owner.post(`/api/leads/${l.leadId}/convert`, { version: 1, pipelineId: p.pipelineId }),
      t.owner.post(`/api/leads/${l.leadId}/convert`, { version: 1, pipelineId: p.pipelineId }),
    ]);
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(second.status, JSON.stringify(second.body)).toBe(200);
    expect(second.body.dealId).toBe(first.body.dealId);
    expect(second.body.contactId).toBe(first.body.contactId);
    const retry = await t.owner.post(`/api/leads/${l.leadId}/convert`, { version: 1, pipelineId: p.pipelineId });
    expect(retry.body).toMatchObject({ contactId: first.body.contactId, companyId: first.body.companyId, dealId: first.body.dealId });
    const { contactId, companyId, dealId } = first.body;
    expect(first.body.lead).toMatchObject({ status: "converted", contactId, companyId, dealId, version: 2 });

    const contact = (await t.owner.get(`/api/contacts/${contactId}`)).body;
    expect(contact).toMatchObject({ name: "Li Lei", email: "li.lei@example.com", phone: "+8613900139000", companyId, ownerId: t.userId, tags: ["vip"] });
    expect((await t.owner.get(`/api/companies/${companyId}`)).body).toMatchObject({ name: "Convert Co" });
    const deal = (await t.owner.get(`/api/deals/${dealId}`)).body;
    expect(deal).toMatchObject({ title: "Convert Co", amount: 50000, currency: "CNY", contactId, companyId, pipelineId: p.pipelineId, stageId: p.stages.find((s: any) => s.kind === "open").stageId, source: "expo", status: "open" });
    expect((await t.owner.get("/api/contacts")).body.items).toHaveLength(1);
    expect((await t.owner.get("/api/companies")).body.items).toHaveLength(1);
    const board = (await t.owner.get(`/api/pipelines/${p.pipelineId}/board`)).body;
    expect(board.columns.reduce((n: number, col: any) => n + col.count, 0)).toBe(1);
    expect((await t.owner.get("/api/contacts?q=lilei")).body.items.map((x: any) => x.contactId)).toEqual([contactId]);

    const mine = published.slice(before).filter((e) => e.tenantId === t.tenantId).map((e) => e.type);
    expect(mine.filter((x) => x === "lead.converted")).toHaveLength(1);
    expect(mine.filter((x) => x === "deal.created")).toHaveLength(1);
    expect(mine).toEqual(expect.arrayContaining(["contact.created", "company.created", "deal.created", "lead.converted"]));
    const contactTimeline = await t.owner.get(`/api/contacts/${contactId}/timeline`);
    expect(contactTimeline.body.items.map((e: any) => e.type)).toContain("lead.converted");
    // A converted lead keeps its status.
    expect((await t.owner.patch(`/api/leads/${l.leadId}`, { version: 2, status: "working" })).status).toBe(400);
    // Its other fields stay editable (the web form sends the unchanged owner along).
    const edited = await t.owner.patch(`/api/leads/${l.leadId}`, { version: 2, message: "Signed in March", ownerId: t.userId });
    expect(edited.body).toMatchObject({ status: "converted", message: "Signed in March", dealId, version: 3 });
  });

  it("attaches to an existing company with the same name and an existing contact with the same email", async () => {
    const t = await newTenant("business");
    const p = await pipeline(t);
    const company = await t.owner.post("/api/companies", { name: "Existing  Industries" });
    const contact = await t.owner.post("/api/contacts", { name: "Known Person", email: "known@example.com" });
    const l = await lead(t.owner, { name: "Known Person", email: "known@example.com", companyName: "existing industries" });
    const res = await t.owner.post(`/api/leads/${l.leadId}/convert`, { version: 1, pipelineId: p.pipelineId, dealTitle: "Renewal", amount: 700 });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ contactId: contact.body.contactId, companyId: company.body.companyId, existingContact: true, existingCompany: true });
    expect((await t.owner.get("/api/companies")).body.items).toHaveLength(1);
    expect((await t.owner.get("/api/contacts")).body.items).toHaveLength(1);
    expect((await t.owner.get(`/api/deals/${res.body.dealId}`)).body).toMatchObject({ title: "Renewal", amount: 700, companyId: company.body.companyId });
  });

  it("refuses a stale version, an unknown pipeline, a disqualified lead and another currency, writing nothing", async () => {
    const t = await newTenant("business");
    const p = await pipeline(t);
    const l = await lead(t.owner, { name: "Careful", companyName: "Careful Co", amount: 100, currency: "USD" });
    const stale = await t.owner.post(`/api/leads/${l.leadId}/convert`, { version: 7, pipelineId: p.pipelineId });
    expect(stale.status).toBe(409);
    const unknownPipeline = await t.owner.post(`/api/leads/${l.leadId}/convert`, { version: 1, pipelineId: "0000000000000nonexistent" });
    expect(unknownPipeline.status).toBe(400);
    expect(unknownPipeline.body.error.fields).toHaveProperty("pipelineId");
    const currency = await t.owner.post(`/api/leads/${l.leadId}/convert`, { version: 1, pipelineId: p.pipelineId });
    expect(currency.status).toBe(400);
    expect(currency.body.error.code).toBe("lead.currency_mismatch");
    await t.owner.patch(`/api/leads/${l.leadId}`, { version: 1, status: "disqualified" });
    const disq = await t.owner.post(`/api/leads/${l.leadId}/convert`, { version: 2, pipelineId: p.pipelineId, amount: 700 });
    expect(disq.status).toBe(400);
    expect(disq.body.error.code).toBe("lead.disqualified");
    expect((await t.owner.get("/api/contacts")).body.items).toEqual([]);
    expect((await t.owner.get("/api/companies")).body.items).toEqual([]);
    expect((await t.owner.get(`/api/leads/${l.leadId}`)).body).toMatchObject({ status: "disqualified", dealId: null });
    const b = await newTenant("business");
    expect((await b.owner.post(`/api/leads/${l.leadId}/convert`, { version: 2, pipelineId: p.pipelineId })).status).toBe(404);
  });
});
