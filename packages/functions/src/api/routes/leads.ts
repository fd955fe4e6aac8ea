import { z } from "zod";
import { Timeline } from "@crm/core/collab/timeline";
import { Lead } from "@crm/core/sales/lead";
import { LeadConvert } from "@crm/core/sales/lead-convert";
import { LeadForm } from "@crm/core/sales/lead-form";
import { LeadRouting } from "@crm/core/sales/lead-routing";
import { clientIp } from "../middleware";
import { route, type RouteSpec } from "../route";
import * as R from "../responses";

const tags = ["leads"];
const feature = "deals";

export const leadsRoutes: RouteSpec[] = [
  route({ method: "get", path: "/api/leads", summary: "Leads newest first, filtered by status, owner, source or tag, or a search", auth: "tenant", scope: "deals:read", feature, query: Lead.LeadListQuery, tags, response: R.Page(R.Lead),
    handler: ({ query }) => Lead.list(query) }),
  route({ method: "post", path: "/api/leads", summary: "Create a lead (routed by the rules unless an owner is given)", auth: "tenant", scope: "deals:write", feature, body: Lead.LeadInput, status: 201, tags, response: R.Lead,
    handler: ({ body }) => Lead.create(body) }),
  route({ method: "get", path: "/api/leads/:leadId", summary: "A lead", auth: "tenant", scope: "deals:read", feature, tags, response: R.Lead,
    handler: ({ params }) => Lead.get(params.leadId) }),
  route({ method: "patch", path: "/api/leads/:leadId", summary: "Update a lead, its status or owner (needs its version)", auth: "tenant", scope: "deals:write", feature, body: Lead.LeadPatch, tags, response: R.Lead,
    handler: ({ params, body }) => Lead.update(params.leadId, body) }),
  route({ method: "delete", path: "/api/leads/:leadId", summary: "Delete a lead", auth: "tenant", scope: "deals:write", feature, tags,
    handler: ({ params }) => Lead.remove(params.leadId) }),
  route({ method: "post", path: "/api/leads/:leadId/convert", summary: "Convert a lead into a contact, company and deal in one step (a retry answers the first conversion)", auth: "tenant", scope: "deals:write", feature, body: LeadConvert.ConvertInput, tags, response: z.strictObject({ lead: R.Lead, contactId: z.string(), companyId: z.string().nullable(), dealId: z.string(), existingContact: z.boolean(), existingCompany: z.boolean() }),
    handler: ({ params, body }) => LeadConvert.convert(params.leadId, body) }),
  route({ method: "get", path: "/api/leads/:leadId/timeline", summary: "The lead's timeline, newest first", auth: "tenant", scope: "deals:read", feature, query: Timeline.ListQuery, tags: ["timeline"], response: R.Page(R.TimelineEntry),
    handler: ({ params, query }) => Timeline.list("lead", params.leadId, query) }),
  route({ method: "get", path: "/api/lead-routing", summary: "Lead routing: the ordered rules and the default owner", auth: "tenant", scope: "settings:read", feature, tags, response: R.LeadRouting,
    handler: () => LeadRouting.get() }),
  route({ method: "put", path: "/api/lead-routing", summary: "Replace the routing rules (in order) and the default owner (needs the version; 0 at first)", auth: "tenant", scope: "settings:write", feature, body: LeadRouting.RoutingInput, tags, response: R.LeadRouting,
    handler: ({ body }) => LeadRouting.put(body) }),
  route({ method: "get", path: "/api/lead-routing/open-leads", summary: "Open leads per member, as the routing counters hold them", auth: "tenant", scope: "settings:read", feature, tags, response: z.record(z.string(), z.number().int()),
    handler: () => LeadRouting.openCounts() }),
  route({ method: "post", path: "/api/public/forms/:tenantSlug/leads", summary: "The public web form: a lead for the workspace (honeypot field `website`; rate limited per address)", auth: "public", body: LeadForm.FormInput, status: 202, tags, response: z.strictObject({ received: z.literal(true) }),
    handler: ({ c, params, body }) => {
      // The form posts from the tenant's own site: a simple CORS request (text/plain JSON), no preflight.
      c.header("Access-Control-Allow-Origin", "*");
      return LeadForm.submit(params.tenantSlug, body, clientIp(c));
    } }),
];
