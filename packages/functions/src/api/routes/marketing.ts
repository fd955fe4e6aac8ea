import { z } from "zod";
import { MarketingCampaign } from "@crm/core/marketing/campaign";
import { Roi } from "@crm/core/marketing/roi";
import { csvResponse } from "../csv";
import { CSV } from "../responses";
import { route, type RouteSpec } from "../route";

const tags = ["marketing"];
const feature = "marketing" as const;
const Campaign = MarketingCampaign.Campaign;

/** Marketing campaigns with their cost lines, who may read the ROI report, and the report itself. */
export const marketingRoutes: RouteSpec[] = [
  route({ method: "get", path: "/api/marketing/campaigns", summary: "Marketing campaigns, newest first", auth: "tenant", scope: "deals:read", feature, query: MarketingCampaign.CampaignListQuery, tags,
    response: z.strictObject({ items: z.array(Campaign) }), handler: ({ query }) => MarketingCampaign.list(query) }),
  route({ method: "post", path: "/api/marketing/campaigns", summary: "Create a marketing campaign (a trade show, an ad, a broadcast, a referral programme)", auth: "tenant", scope: "deals:write", feature, body: MarketingCampaign.CampaignInput, status: 201, tags,
    response: Campaign, handler: ({ body }) => MarketingCampaign.create(body) }),
  route({ method: "get", path: "/api/marketing/campaigns/:marketingCampaignId", summary: "A marketing campaign with its cost lines", auth: "tenant", scope: "deals:read", feature, tags,
    response: Campaign, handler: ({ params }) => MarketingCampaign.get(params.marketingCampaignId) }),
  route({ method: "patch", path: "/api/marketing/campaigns/:marketingCampaignId", summary: "Change a campaign (needs its current version; 409 when stale)", auth: "tenant", scope: "deals:write", feature, body: MarketingCampaign.CampaignPatch, tags,
    response: Campaign, handler: ({ params, body }) => MarketingCampaign.update(params.marketingCampaignId, body) }),
  route({ method: "delete", path: "/api/marketing/campaigns/:marketingCampaignId", summary: "Delete a campaign (its costs leave the ROI report)", auth: "tenant", scope: "deals:write", feature, tags,
    handler: ({ params }) => MarketingCampaign.remove(params.marketingCampaignId) }),
  route({ method: "post", path: "/api/marketing/campaigns/:marketingCampaignId/costs", summary: "Add a cost line (date, amount in the workspace currency's minor unit, note)", auth: "tenant", scope: "deals:write", feature, body: MarketingCampaign.CostInput, status: 201, tags,
    response: Campaign, handler: ({ params, body }) => MarketingCampaign.addCost(params.marketingCampaignId, body) }),
  route({ method: "delete", path: "/api/marketing/campaigns/:marketingCampaignId/costs/:costLineId", summary: "Remove a cost line", auth: "tenant", scope: "deals:write", feature, status: 200, tags,
    response: Campaign, handler: ({ params }) => MarketingCampaign.removeCost(params.marketingCampaignId, params.costLineId) }),
  route({ method: "get", path: "/api/marketing/settings", summary: "Who may read the ROI report: roles and members with the marketing capability", auth: "tenant", scope: "settings:read", feature, tags,
    response: Roi.Settings, handler: () => Roi.getSettings() }),
  route({ method: "put", path: "/api/marketing/settings", summary: "Set the roles and members who may read the ROI report (owners and admins always may)", auth: "tenant", scope: "settings:write", feature, body: Roi.SettingsInput, tags,
    response: Roi.Settings, handler: ({ body }) => Roi.updateSettings(body) }),
  route({ method: "get", path: "/api/reports/roi", summary: "Campaign ROI per campaign, source or month of a period: cost, leads, qualified leads, deals, won amount, cost per lead, ROI (aggregates only)", auth: "tenant", scope: "reports:read", feature, query: Roi.RoiQuery, tags,
    response: Roi.RoiReport, handler: ({ query }) => Roi.report(query) }),
  route({ method: "get", path: "/api/reports/roi.csv", summary: "The campaign ROI report as CSV (UTF-8 with BOM)", auth: "tenant", scope: "reports:read", feature, query: Roi.RoiCsvQuery, tags, produces: CSV,
    handler: async ({ c, query }) => csvResponse(c, await Roi.csv(query)) }),
];
