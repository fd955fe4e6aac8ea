import { afterEach, describe, expect, it } from "vitest";
import { setPorts, systemClock } from "../../packages/core/src/ports";
import { addMember, at, keyClient, newTenant, ok } from "../support/api";
import { download } from "../support/downloads";

afterEach(() => setPorts({ clock: systemClock }));

const CAMPAIGNS = "/api/marketing/campaigns";
const MARCH_APRIL = "/api/reports/roi?from=2026-03&to=2026-04";

describe("marketing campaigns", () => {
  it("creates, lists, edits with the version (409 when stale), adds and removes cost lines, deletes", async () => {
    const t = await newTenant("business");
    const bad = await t.owner.post(CAMPAIGNS, { name: "", channel: "billboard" });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.fields)).toEqual(expect.arrayContaining(["name", "channel"]));
    const backwards = await t.owner.post(CAMPAIGNS, { name: "X", channel: "event", startDate: "2026-05-01", endDate: "2026-04-01" });
    expect(backwards.status).toBe(400);
    expect(backwards.body.error.fields).toHaveProperty("endDate");

    const c = await ok(t.owner.post(CAMPAIGNS, { name: "Canton Fair", channel: "trade_show", startDate: "2026-04-15", endDate: "2026-04-19" }), 201);
    expect(c).toMatchObject({ name: "Canton Fair", channel: "trade_show", status: "planned", currency: "CNY", costs: [], totalCost: 0, version: 1 });
    const edited = await ok(t.owner.patch(`${CAMPAIGNS}/${c.campaignId}`, { version: 1, status: "active", description: "Booth 12.1" }));
    expect(edited).toMatchObject({ status: "active", description: "Booth 12.1", version: 2 });
    const stale = await t.owner.patch(`${CAMPAIGNS}/${c.campaignId}`, { version: 1, name: "Lost edit" });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe("conflict");

    const withCost = await ok(t.owner.post(`${CAMPAIGNS}/${c.campaignId}/costs`, { date: "2026-04-01", amount: 800000, note: "Booth" }), 201);
    const twoCosts = await ok(t.owner.post(`${CAMPAIGNS}/${c.campaignId}/costs`, { date: "2026-04-16", amount: 150000 }), 201);
    expect(twoCosts.costs.map((l: any) => l.amount)).toEqual([800000, 150000]);
    expect(twoCosts.totalCost).toBe(950000);
    expect((await t.owner.post(`${CAMPAIGNS}/${c.campaignId}/costs`, { date: "2026-04-16", amount: 1, version: withCost.version })).status).toBe(409);
    const badCost = await t.owner.post(`${CAMPAIGNS}/${c.campaignId}/costs`, { date: "16.4.2026", amount: 12.5 });
    expect(badCost.status).toBe(400);
    expect(Object.keys(badCost.body.error.fields).sort()).toEqual(["amount", "date"]);
    const removed = await ok(t.owner.del(`${CAMPAIGNS}/${c.campaignId}/costs/${withCost.costs[0].lineId}`));
    expect(removed.totalCost).toBe(150000);
    expect((await t.owner.del(`${CAMPAIGNS}/${c.campaignId}/costs/${withCost.costs[0].lineId}`)).status).toBe(404);

    const list = await ok(t.owner.get(CAMPAIGNS));
    expect(list.items.map((x: any) => x.campaignId)).toEqual([c.campaignId]);
    expect((await ok(t.owner.get(`${CAMPAIGNS}?status=completed`))).items).toEqual([]);
    expect((await t.owner.del(`${CAMPAIGNS}/${c.campaignId}`)).status).toBe(204);
    expect((await t.owner.get(`${CAMPAIGNS}/${c.campaignId}`)).status).toBe(404);

    // A plan without the feature answers 403 plan.feature_unavailable.
    const team = await newTenant("team");
    const locked = await team.owner.get(CAMPAIGNS);
    expect(locked.status).toBe(403);
    expect(locked.body.error.code).toBe("plan.feature_unavailable");
  });

  it("refuses an unknown campaign on leads, contacts and deals with a 400 naming campaignId", async () => {
    const t = await newTenant("business");
    const other = await newTenant("business");
    const foreign = await ok(other.owner.post(CAMPAIGNS, { name: "Theirs", channel: "email" }), 201);
    const p = await ok(t.owner.post("/api/pipelines", { name: "Sales" }), 201);
    for (const [path, body] of [
      ["/api/leads", { name: "L" }],
      ["/api/contacts", { name: "C" }],
      ["/api/deals", { title: "D", pipelineId: p.pipelineId }],
    ] as const) {
      const res = await t.owner.post(path, { ...body, campaignId: foreign.campaignId });
      expect(res.status, path).toBe(400);
      expect(Object.keys(res.body.error.fields)).toEqual(["campaignId"]);
    }
    const mine = await ok(t.owner.post(CAMPAIGNS, { name: "Mine", channel: "email" }), 201);
    const contact = await ok(t.owner.post("/api/contacts", { name: "C", campaignId: mine.campaignId, source: "newsletter" }), 201);
    expect(contact).toMatchObject({ campaignId: mine.campaignId, source: "newsletter" });
    const cleared = await ok(t.owner.patch(`/api/contacts/${contact.contactId}`, { version: 1, campaignId: null }));
    expect(cleared.campaignId).toBeUndefined();
    expect((await t.owner.patch(`/api/contacts/${contact.contactId}`, { version: 2, campaignId: foreign.campaignId })).status).toBe(400);
  });
});

describe("campaign ROI report", () => {
  /**
   * A workspace (Asia/Shanghai) in March 2026: the Expo campaign (trade show) costs 10,000.00 in March and
   * 2,000.00 in April and brings two leads; one converts, and its deal is won for 30,000.00. The Ads campaign
   * costs 5,000.00 and brings one deal, lost. One lead comes from the web without a campaign.
   */
  async function setup() {
    const t = await newTenant("business");
    at("2026-03-10T04:00:00Z");
    const expo = await ok(t.owner.post(CAMPAIGNS, { name: "Expo", channel: "trade_show" }), 201);
    const ads = await ok(t.owner.post(CAMPAIGNS, { name: "Ads", channel: "online_ad" }), 201);
    await ok(t.owner.post(`${CAMPAIGNS}/${expo.campaignId}/costs`, { date: "2026-03-01", amount: 1000000, note: "Booth" }), 201);
    await ok(t.owner.post(`${CAMPAIGNS}/${expo.campaignId}/costs`, { date: "2026-04-02", amount: 200000 }), 201);
    await ok(t.owner.post(`${CAMPAIGNS}/${ads.campaignId}/costs`, { date: "2026-03-05", amount: 500000 }), 201);
    const p = await ok(t.owner.post("/api/pipelines", { name: "Sales" }), 201);
    const won = p.stages.find((s: any) => s.kind === "won");
    const lost = p.stages.find((s: any) => s.kind === "lost");

    const lead = await ok(t.owner.post("/api/leads", { name: "李雷", companyName: "Lei Trading", email: "lilei@example.com", source: "Expo booth", campaignId: expo.campaignId, amount: 3000000 }), 201);
    expect(lead).toMatchObject({ campaignId: expo.campaignId, source: "Expo booth" });
    await ok(t.owner.post("/api/leads", { name: "韩梅梅", source: "Expo booth", campaignId: expo.campaignId }), 201);
    await ok(t.owner.post("/api/leads", { name: "Web visitor", source: "web" }), 201);

    at("2026-03-20T04:00:00Z");
    const conversion = await ok(t.owner.post(`/api/leads/${lead.leadId}/convert`, { version: 1, pipelineId: p.pipelineId }));
    const deal = await ok(t.owner.get(`/api/deals/${conversion.dealId}`));
    const contact = await ok(t.owner.get(`/api/contacts/${conversion.contactId}`));
    // The conversion passes the campaign and the source on.
    expect(deal).toMatchObject({ campaignId: expo.campaignId, source: "Expo booth", amount: 3000000 });
    expect(contact).toMatchObject({ campaignId: expo.campaignId, source: "Expo booth" });
    await ok(t.owner.post(`/api/deals/${deal.dealId}/move`, { version: deal.version, stageId: won.stageId, reason: "Good fit" }));

    const adDeal = await ok(t.owner.post("/api/deals", { pipelineId: p.pipelineId, title: "Ad order", amount: 400000, campaignId: ads.campaignId, source: "baidu" }), 201);
    await ok(t.owner.post(`/api/deals/${adDeal.dealId}/move`, { version: 1, stageId: lost.stageId, reason: "Too expensive" }));
    return { t, expo, ads, deal };
  }

  it("reports cost, leads, qualified leads, deals, won amount, cost per lead and ROI per campaign, source and month", async () => {
    const { t, expo, ads } = await setup();
    const byCampaign = await ok(t.owner.get(MARCH_APRIL));
    expect(byCampaign).toMatchObject({ from: "2026-03", to: "2026-04", groupBy: "campaign", currency: "CNY" });
    const row = (r: any, key: string) => r.rows.find((x: any) => x.key === key);
    // Expo: cost 10,000 + 2,000; 2 leads, 1 qualified (converted), 1 deal won for 30,000:
    // cost per lead 12,000 / 2 = 6,000; ROI (30,000 − 12,000) / 12,000 = 1.5.
    expect(row(byCampaign, expo.campaignId)).toEqual({
      key: expo.campaignId, name: "Expo", channel: "trade_show",
      cost: 1200000, leads: 2, qualified: 1, deals: 1, won: 1, wonAmount: 3000000, wonUnconverted: 0, costPerLead: 600000, roi: 1.5,
    });
    // Ads: cost 5,000, no leads, a lost deal: ROI (0 − 5,000) / 5,000 = −1.
    expect(row(byCampaign, ads.campaignId)).toMatchObject({ name: "Ads", cost: 500000, leads: 0, deals: 1, won: 0, wonAmount: 0, costPerLead: null, roi: -1 });
    // Without a campaign: the web lead.
    expect(row(byCampaign, "-")).toMatchObject({ name: null, cost: 0, leads: 1, qualified: 0, deals: 0, roi: null });
    expect(byCampaign.totals).toEqual({ cost: 1700000, leads: 3, qualified: 1, deals: 2, won: 1, wonAmount: 3000000, wonUnconverted: 0, costPerLead: 566667, roi: (3000000 - 1700000) / 1700000 });
    expect(byCampaign.series.map((s: any) => [s.month, s.cost, s.leads])).toEqual([["2026-03", 1500000, 3], ["2026-04", 200000, 0]]);

    const bySource = await ok(t.owner.get(`${MARCH_APRIL}&groupBy=source`));
    expect(row(bySource, "expo booth")).toMatchObject({ leads: 2, qualified: 1, deals: 1, wonAmount: 3000000 });
    expect(row(bySource, "web")).toMatchObject({ leads: 1 });
    expect(row(bySource, "baidu")).toMatchObject({ deals: 1, won: 0 });
    // Costs count under their campaign's channel.
    expect(row(bySource, "trade_show").cost).toBe(1200000);
    expect(row(bySource, "online_ad").cost).toBe(500000);

    const byMonth = await ok(t.owner.get(`${MARCH_APRIL}&groupBy=month`));
    expect(byMonth.rows.map((r: any) => [r.key, r.cost, r.won])).toEqual([["2026-03", 1500000, 1], ["2026-04", 200000, 0]]);
    const onlyExpo = await ok(t.owner.get(`${MARCH_APRIL}&campaignId=${expo.campaignId}`));
    expect(onlyExpo.rows.map((r: any) => r.key)).toEqual([expo.campaignId]);
    expect((await ok(t.owner.get("/api/reports/roi?from=2026-04&to=2026-04"))).totals).toMatchObject({ cost: 200000, leads: 0, wonAmount: 0 });

    // A removed cost line leaves the report; a bad period is a 400.
    const campaign = await ok(t.owner.get(`${CAMPAIGNS}/${expo.campaignId}`));
    await ok(t.owner.del(`${CAMPAIGNS}/${expo.campaignId}/costs/${campaign.costs[1].lineId}`));
    expect(row(await ok(t.owner.get(MARCH_APRIL)), expo.campaignId)).toMatchObject({ cost: 1000000, roi: 2 });
    const backwards = await t.owner.get("/api/reports/roi?from=2026-05&to=2026-03");
    expect(backwards.status).toBe(400);
    expect(backwards.body.error.fields).toHaveProperty("from");
    expect((await t.owner.get("/api/reports/roi?from=2026-13")).status).toBe(400);
    expect((await t.owner.get("/api/reports/roi?from=2020-01&to=2026-01")).status).toBe(400);
  });

  it("downloads the report as CSV with a byte-order mark, amounts in yuan and ROI in percent", async () => {
    const { t, expo } = await setup();
    const file = await download(t.owner, `/api/reports/roi.csv?from=2026-03&to=2026-04&lang=en`);
    expect(file.status).toBe(200);
    expect(file.type).toMatch(/^text\/csv/);
    expect([...file.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = file.bytes.toString("utf8").slice(1).split("\r\n");
    expect(lines[1]).toBe("Campaign,Cost,Leads,Qualified leads,Deals,Won deals,Won amount,Cost per lead,ROI %,Won deals without an exchange rate (not in the won amount)");
    expect(lines).toContain("Expo,12000,2,1,1,1,30000,6000,150,0");
    expect(lines).toContain("(none),0,1,0,0,0,0,,,0");
    expect(lines.some((l) => l.startsWith("Total,17000,3,1,2,1,30000,"))).toBe(true);
    const zh = (await download(t.owner, `/api/reports/roi.csv?from=2026-03&to=2026-04&groupBy=source`)).bytes.toString("utf8");
    expect(zh).toContain("来源,成本,线索");
    expect(expo.name).toBe("Expo");
  });

  it("converts won amounts of another currency with the workspace's exchange rates, and counts those without a rate apart", async () => {
    const { t, expo } = await setup();
    const usd = await ok(t.owner.post("/api/pipelines", { name: "Export", currency: "USD" }), 201);
    const won = usd.stages.find((s: any) => s.kind === "won");
    const winUsd = async (amount: number) => {
      const d = await ok(t.owner.post("/api/deals", { pipelineId: usd.pipelineId, title: "US order", amount, campaignId: expo.campaignId }), 201);
      await ok(t.owner.post(`/api/deals/${d.dealId}/move`, { version: 1, stageId: won.stageId, reason: "Signed" }));
    };
    // No USD rate yet: the deal counts as won but its dollars are not added to the yuan.
    await winUsd(100_000);
    const row = (r: any) => r.rows.find((x: any) => x.key === expo.campaignId);
    expect(row(await ok(t.owner.get(MARCH_APRIL)))).toMatchObject({ won: 2, wonAmount: 3000000, wonUnconverted: 1 });
    // With a rate of 7.1, 1,000.00 USD counts as 7,100.00 CNY.
    const ws = await ok(t.owner.get("/api/workspace"));
    const bad = await t.owner.patch("/api/workspace/settings", { version: ws.tenant.version, exchangeRates: { usd: 7.1 } });
    expect(bad.status).toBe(400);
    await ok(t.owner.patch("/api/workspace/settings", { version: ws.tenant.version, exchangeRates: { USD: 7.1 } }));
    await winUsd(100_000);
    // The rate applies to the deal won before it was set as well: amounts are converted when the report is read.
    const after = row(await ok(t.owner.get(MARCH_APRIL)));
    expect(after).toMatchObject({ won: 3, wonAmount: 3000000 + 2 * 710000, wonUnconverted: 0 });
    expect(after.roi).toBeCloseTo((4420000 - 1200000) / 1200000, 6);
    // A changed rate changes the report at once.
    await ok(t.owner.patch("/api/workspace/settings", { version: ws.tenant.version + 1, exchangeRates: { USD: 7 } }));
    expect(row(await ok(t.owner.get(MARCH_APRIL)))).toMatchObject({ won: 3, wonAmount: 3000000 + 2 * 700000, wonUnconverted: 0 });
  });

  it("is visible to the roles given report access: aggregates only, without widening which deals one sees", async () => {
    const { t, deal } = await setup();
    const manager = await addMember(t, "manager");
    const member = await addMember(t, "member");
    const viewer = await addMember(t, "viewer");
    expect((await manager.client.get(MARCH_APRIL)).status).toBe(200);
    const denied = await member.client.get(MARCH_APRIL);
    expect(denied.status).toBe(403);
    expect(denied.body.error.code).toBe("forbidden.scope");
    expect((await member.client.get("/api/reports/roi.csv")).status).toBe(403);

    expect(await ok(t.owner.get("/api/marketing/settings"))).toEqual({ reportRoles: ["owner", "admin", "manager"], reportUserIds: [], version: 0 });
    // Only admins change who has access; unknown members are refused.
    expect((await manager.client.put("/api/marketing/settings", { reportRoles: ["member"], reportUserIds: [] })).status).toBe(403);
    const unknown = await t.owner.put("/api/marketing/settings", { reportRoles: [], reportUserIds: ["0000000000000nonexistent"] });
    expect(unknown.status).toBe(400);
    expect(Object.keys(unknown.body.error.fields)).toEqual(["reportUserIds.0"]);
    const set = await ok(t.owner.put("/api/marketing/settings", { reportRoles: ["manager", "member"], reportUserIds: [viewer.userId], version: 0 }));
    expect(set).toEqual({ reportRoles: ["owner", "admin", "manager", "member"], reportUserIds: [viewer.userId], version: 1 });
    expect((await t.owner.put("/api/marketing/settings", { reportRoles: [], reportUserIds: [], version: 0 })).status).toBe(409);

    const seen = await ok(member.client.get(MARCH_APRIL));
    expect(seen.totals.wonAmount).toBe(3000000);
    // The member sees the totals but still not the owner's deal itself.
    expect((await member.client.get(`/api/deals/${deal.dealId}`)).status).toBe(404);
    // The marketing capability: a viewer named in the settings reads it.
    expect((await viewer.client.get(MARCH_APRIL)).status).toBe(200);

    await ok(t.owner.put("/api/marketing/settings", { reportRoles: [], reportUserIds: [], version: 1 }));
    expect((await manager.client.get(MARCH_APRIL)).status).toBe(403);
    expect((await member.client.get(MARCH_APRIL)).status).toBe(403);

    // API keys need the reports scope.
    const weak = await ok(t.owner.post("/api/api-keys", { name: "CRM sync", scopes: ["deals:read"] }), 201);
    expect((await keyClient(weak.secret).get(MARCH_APRIL)).status).toBe(403);
    const strong = await ok(t.owner.post("/api/api-keys", { name: "BI", scopes: ["reports:read"] }), 201);
    expect((await keyClient(strong.secret).get(MARCH_APRIL)).status).toBe(200);
  });
});
