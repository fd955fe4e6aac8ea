import { Contact } from "@crm/core/contact";
import { Sync } from "@crm/core/sync";
import { route } from "../route";
import * as R from "../responses";

const tags = ["contacts"];

export const contactRoutes = [
  route({ method: "get", path: "/api/contacts", summary: "List or search contacts (cursor pagination)", auth: "tenant", scope: "contacts:read", feature: "contacts", query: Contact.ContactListQuery, tags, response: R.Page(R.Contact, R.Examined),
    handler: ({ query }) => Contact.list(query) }),
  route({ method: "post", path: "/api/contacts", summary: "Create a contact", auth: "tenant", scope: "contacts:write", feature: "contacts", body: Contact.ContactInput, status: 201, tags, response: R.Contact,
    handler: ({ body }) => Contact.create(body) }),
  route({ method: "post", path: "/api/contacts/bulk", summary: "Create or update up to 100 contacts, matched by email or external id; one result per row", auth: "tenant", scope: "contacts:write", feature: "contacts", body: Sync.ContactUpsertInput, tags, response: R.UpsertResults,
    handler: ({ body }) => Sync.upsertContacts(body) }),
  route({ method: "get", path: "/api/contacts/:contactId", summary: "A contact", auth: "tenant", scope: "contacts:read", feature: "contacts", tags, response: R.Contact,
    handler: ({ params }) => Contact.get(params.contactId) }),
  route({ method: "patch", path: "/api/contacts/:contactId", summary: "Update a contact (needs its current version)", auth: "tenant", scope: "contacts:write", feature: "contacts", body: Contact.ContactPatch, tags, response: R.Contact,
    handler: ({ params, body }) => Contact.update(params.contactId, body) }),
  route({ method: "delete", path: "/api/contacts/:contactId", summary: "Delete a contact", auth: "tenant", scope: "contacts:write", feature: "contacts", tags,
    handler: ({ params }) => Contact.remove(params.contactId) }),
];
