import { Company } from "@crm/core/company";
import { Contact } from "@crm/core/contact";
import { route } from "../route";
import * as R from "../responses";

const tags = ["companies"];

export const companyRoutes = [
  route({ method: "get", path: "/api/companies", summary: "List or search companies (cursor pagination)", auth: "tenant", scope: "companies:read", feature: "companies", query: Company.CompanyListQuery, tags, response: R.Page(R.Company, R.Examined),
    handler: ({ query }) => Company.list(query) }),
  route({ method: "post", path: "/api/companies", summary: "Create a company", auth: "tenant", scope: "companies:write", feature: "companies", body: Company.CompanyInput, status: 201, tags, response: R.Company,
    handler: ({ body }) => Company.create(body) }),
  route({ method: "get", path: "/api/companies/:companyId", summary: "A company", auth: "tenant", scope: "companies:read", feature: "companies", tags, response: R.Company,
    handler: ({ params }) => Company.get(params.companyId) }),
  route({ method: "get", path: "/api/companies/:companyId/contacts", summary: "The company's contacts", auth: "tenant", scope: "contacts:read", feature: "companies", query: Contact.ContactListQuery.omit({ companyId: true }), tags, response: R.Page(R.Contact, R.Examined),
    handler: async ({ params, query }) => {
      await Company.get(params.companyId);
      return Contact.list({ ...query, companyId: params.companyId });
    } }),
  route({ method: "patch", path: "/api/companies/:companyId", summary: "Update a company (needs its current version)", auth: "tenant", scope: "companies:write", feature: "companies", body: Company.CompanyPatch, tags, response: R.Company,
    handler: ({ params, body }) => Company.update(params.companyId, body) }),
  route({ method: "delete", path: "/api/companies/:companyId", summary: "Delete a company", auth: "tenant", scope: "companies:write", feature: "companies", tags,
    handler: ({ params }) => Company.remove(params.companyId) }),
];
