import { z } from "zod";
import { Care } from "@crm/core/retention/care";
import { CarePreview } from "@crm/core/retention/care-preview";
import { CareSuppression } from "@crm/core/retention/care-suppression";
import { Suppression } from "@crm/core/retention/suppression";
import { Unsubscribe } from "@crm/core/retention/unsubscribe";
import { route, type RouteSpec } from "../route";
import * as R from "../responses";

const tags = ["care"];
const base = "/api/care/campaigns";

export const careRoutes: RouteSpec[] = [
  route({ method: "get", path: base, summary: "Care campaigns", auth: "tenant", scope: "settings:read", feature: "care", tags, response: R.Items(R.CareCampaign),
    handler: () => Care.list() }),
  route({ method: "post", path: base, summary: "Create a care campaign (owners, admins, managers)", auth: "tenant", scope: "settings:write", feature: "care", body: Care.CampaignInput, status: 201, tags, response: R.CareCampaign,
    handler: ({ body }) => Care.create(body) }),
  route({ method: "get", path: `${base}/:campaignId`, summary: "A care campaign", auth: "tenant", scope: "settings:read", feature: "care", tags, response: R.CareCampaign,
    handler: ({ params }) => Care.get(params.campaignId) }),
  route({ method: "put", path: `${base}/:campaignId`, summary: "Replace a care campaign (with its version)", auth: "tenant", scope: "settings:write", feature: "care", body: Care.CampaignReplace, tags, response: R.CareCampaign,
    handler: ({ params, body }) => Care.replace(params.campaignId, body) }),
  route({ method: "delete", path: `${base}/:campaignId`, summary: "Delete a care campaign", auth: "tenant", scope: "settings:write", feature: "care", tags,
    handler: ({ params }) => Care.remove(params.campaignId) }),
  route({ method: "get", path: `${base}/:campaignId/log`, summary: "The campaign's send log, newest first", auth: "tenant", scope: "settings:read", feature: "care", query: Care.LogQuery, tags, response: R.Page(R.CareSend),
    handler: ({ params, query }) => Care.log(params.campaignId, query) }),
  route({ method: "post", path: `${base}/:campaignId/preview`, summary: "The message as a contact would get it", auth: "tenant", scope: "settings:read", feature: "care", body: CarePreview.PreviewInput, tags, response: z.strictObject({ language: z.string(), to: z.string().nullable(), subject: z.string(), text: z.string() }),
    handler: ({ params, body }) => CarePreview.preview(params.campaignId, body) }),
  route({ method: "post", path: `${base}/:campaignId/test`, summary: "Send the message to me", auth: "tenant", scope: "settings:write", feature: "care", body: CarePreview.TestInput, tags, response: z.strictObject({ to: z.string(), language: z.string(), subject: z.string() }),
    handler: ({ params, body }) => CarePreview.testSend(params.campaignId, body) }),
  route({ method: "get", path: "/api/care/suppressions", summary: "Addresses no care message goes to, newest first", auth: "tenant", scope: "settings:read", feature: "care", query: Suppression.ListQuery, tags, response: R.Page(R.Suppression),
    handler: ({ query }) => CareSuppression.list(query) }),
  route({ method: "post", path: "/api/care/suppressions", summary: "Suppress an address by hand", auth: "tenant", scope: "settings:write", feature: "care", body: Suppression.AddInput, status: 201, tags, response: z.strictObject({ email: z.string(), reason: z.literal("manual") }),
    handler: ({ body }) => CareSuppression.add(body) }),
  route({ method: "delete", path: "/api/care/suppressions/:email", summary: "Take an address off the suppression list", auth: "tenant", scope: "settings:write", feature: "care", tags,
    handler: ({ params }) => CareSuppression.remove(params.email) }),
  route({ method: "get", path: "/api/public/unsubscribe", summary: "What an unsubscribe link is for (signed token, no login)", auth: "public", query: Unsubscribe.TokenQuery, tags, response: z.strictObject({ workspace: z.string(), email: z.string(), unsubscribed: z.boolean() }),
    handler: ({ query }) => Unsubscribe.describe(query) }),
  route({ method: "post", path: "/api/public/unsubscribe", summary: "Unsubscribe the link's address from the workspace's care mail", auth: "public", body: Unsubscribe.ConfirmInput, tags, response: z.strictObject({ workspace: z.string(), email: z.string(), unsubscribed: z.literal(true) }),
    handler: ({ body }) => Unsubscribe.confirm(body) }),
];
