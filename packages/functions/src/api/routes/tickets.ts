import { z } from "zod";
import { Desk } from "@crm/core/service/desk";
import { Ticket } from "@crm/core/service/ticket";
import { route } from "../route";
import * as R from "../responses";

const tags = ["tickets"];
const Index = z.coerce.number().int().min(0).max(1000);

export const ticketRoutes = [
  route({ method: "get", path: "/api/tickets", summary: "Ticket queues: all, mine, group, unassigned, overdue", auth: "tenant", scope: "tickets:read", feature: "tickets", query: Ticket.TicketListQuery, tags, response: R.Page(R.Ticket),
    handler: ({ query }) => Ticket.list(query) }),
  route({ method: "post", path: "/api/tickets", summary: "Open a ticket by hand or from an integration", auth: "tenant", scope: "tickets:write", feature: "tickets", body: Ticket.TicketCreateInput, status: 201, tags, response: R.TicketWithMessages,
    handler: ({ body }) => Ticket.create(body) }),
  route({ method: "get", path: "/api/tickets/:ticketId", summary: "A ticket with its conversation", auth: "tenant", scope: "tickets:read", feature: "tickets", tags, response: R.TicketWithMessages,
    handler: ({ params }) => Ticket.get(params.ticketId) }),
  route({ method: "patch", path: "/api/tickets/:ticketId", summary: "Change status, priority, assignee, group, tags or CCs (needs the version)", auth: "tenant", scope: "tickets:write", feature: "tickets", body: Ticket.TicketPatch, tags, response: R.Ticket,
    handler: ({ params, body }) => Ticket.update(params.ticketId, body) }),
  route({ method: "post", path: "/api/tickets/:ticketId/replies", summary: "Reply by email or add an internal note", auth: "tenant", scope: "tickets:write", feature: "tickets", body: Ticket.ReplyInput, status: 201, tags, response: z.strictObject({ ticket: R.Ticket, message: R.Message }),
    handler: ({ params, body }) => Ticket.reply(params.ticketId, body) }),
  route({ method: "get", path: "/api/tickets/:ticketId/messages/:messageId/attachments/:index", summary: "Download an attachment", auth: "tenant", scope: "tickets:read", feature: "tickets", tags, produces: R.FILE,
    handler: async ({ params }) => {
      const parsed = Index.safeParse(params.index);
      const a = await Ticket.attachment(params.ticketId, params.messageId, parsed.success ? parsed.data : -1);
      return new Response(new Uint8Array(a.body), {
        headers: {
          "content-type": a.contentType || "application/octet-stream",
          "content-disposition": `attachment; filename*=UTF-8''${encodeURIComponent(a.filename)}`,
          "x-content-type-options": "nosniff",
        },
      });
    } }),
  route({ method: "get", path: "/api/contacts/:contactId/tickets", summary: "A contact's tickets", auth: "tenant", scope: "tickets:read", feature: "tickets", tags, response: R.Items(R.Ticket),
    handler: async ({ params }) => ({ items: await Ticket.ofRequester(params.contactId) }) }),
  route({ method: "get", path: "/api/desk/settings", summary: "Inbound address, support addresses and the acknowledgement template", auth: "tenant", scope: "settings:read", feature: "tickets", tags, response: R.DeskSettings,
    handler: () => Desk.settings() }),
  route({ method: "put", path: "/api/desk/settings", summary: "Change support addresses and the acknowledgement template", auth: "tenant", scope: "settings:write", feature: "tickets", body: Desk.DeskSettingsInput, tags, response: R.DeskSettings,
    handler: ({ body }) => Desk.update(body) }),
];
