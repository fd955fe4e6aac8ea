import { Entity, type EntityItem } from "electrodb";
import { entityConfig, SERVICE } from "./config";

export const CAMPAIGN_CHANNELS = ["trade_show", "online_ad", "email", "referral", "event", "social", "other"] as const;
export const CAMPAIGN_STATUSES = ["planned", "active", "completed", "cancelled"] as const;

/**
 * A marketing campaign (a trade show, an ad, a broadcast, a referral programme) with its cost lines, in the
 * tenant's currency. Not the care campaigns of retention/, which are automated mails. Listed newest first
 * through gsi1 (the tenant's campaigns share that partition: a tenant has tens, not millions).
 */
export const MarketingCampaignEntity = new Entity(
  {
    model: { entity: "mktcampaign", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true, readOnly: true },
      campaignId: { type: "string", required: true, readOnly: true },
      name: { type: "string", required: true },
      channel: { type: CAMPAIGN_CHANNELS, required: true },
      status: { type: CAMPAIGN_STATUSES, required: true },
      /** YYYY-MM-DD, inclusive. */
      startDate: { type: "string" },
      endDate: { type: "string" },
      description: { type: "string" },
      currency: { type: "string", required: true },
      /** Cost lines; amounts in the currency's minor unit. */
      costs: {
        type: "list",
        items: {
          type: "map",
          properties: {
            lineId: { type: "string", required: true },
            date: { type: "string", required: true },
            amount: { type: "number", required: true },
            note: { type: "string" },
          },
        },
      },
      version: { type: "number", required: true },
      createdAt: { type: "string", required: true, readOnly: true },
      updatedAt: { type: "string", required: true },
    },
    indexes: {
      primary: { pk: { field: "pk", composite: ["tenantId", "campaignId"] }, sk: { field: "sk", composite: [] } },
      byCreated: { index: "gsi1", pk: { field: "gsi1pk", composite: ["tenantId"] }, sk: { field: "gsi1sk", composite: ["createdAt", "campaignId"] } },
    },
  },
  entityConfig(),
);
export type MarketingCampaignItem = EntityItem<typeof MarketingCampaignEntity>;

/**
 * ROI counters of one month (in the tenant's time zone) per campaign and source: `-` stands for none.
 * A month's items share a partition, so the report reads one partition per month, never the deals.
 * Kept by the marketing subscriber (marketing/roi-counter.ts).
 */
export const MarketingStatEntity = new Entity(
  {
    model: { entity: "mktstat", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true, readOnly: true },
      month: { type: "string", required: true, readOnly: true },
      campaignKey: { type: "string", required: true, readOnly: true },
      sourceKey: { type: "string", required: true, readOnly: true },
      /** The currency of `wonAmount` (a won deal's own); `-` for counts without an amount and costs (the workspace's). */
      currency: { type: "string", required: true, readOnly: true },
      cost: { type: "number" },
      leads: { type: "number" },
      qualified: { type: "number" },
      deals: { type: "number" },
      won: { type: "number" },
      wonAmount: { type: "number" },
    },
    indexes: {
      primary: { pk: { field: "pk", composite: ["tenantId", "month"] }, sk: { field: "sk", composite: ["campaignKey", "sourceKey", "currency"], casing: "none" } },
    },
  },
  entityConfig(),
);
export type MarketingStatItem = EntityItem<typeof MarketingStatEntity>;

/**
 * What the ROI counters hold of one lead (`l#`), deal (`d#`) or cost line (`c#`): the record version
 * counted and its contributions, so a later version moves its counts and an older or repeated event
 * changes nothing. Written in the same transaction as the counters.
 */
export const MarketingMarkEntity = new Entity(
  {
    model: { entity: "mktmark", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true, readOnly: true },
      markId: { type: "string", required: true, readOnly: true },
      version: { type: "number", required: true },
      state: { type: "any" },
    },
    indexes: {
      primary: { pk: { field: "pk", composite: ["tenantId", "markId"] }, sk: { field: "sk", composite: [] } },
    },
  },
  entityConfig(),
);

/** Who may read the ROI report: roles (owner and admin always) and members given the marketing capability. */
export const MarketingSettingsEntity = new Entity(
  {
    model: { entity: "mktsettings", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true, readOnly: true },
      reportRoles: { type: "list", items: { type: "string" } },
      reportUserIds: { type: "list", items: { type: "string" } },
      version: { type: "number", required: true },
      updatedAt: { type: "string", required: true },
    },
    indexes: {
      primary: { pk: { field: "pk", composite: ["tenantId"] }, sk: { field: "sk", composite: [] } },
    },
  },
  entityConfig(),
);
export type MarketingSettingsItem = EntityItem<typeof MarketingSettingsEntity>;
