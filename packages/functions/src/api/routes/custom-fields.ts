import { CustomField } from "@crm/core/custom-field";
import { Layout } from "@crm/core/custom-field-layout";
import { route, type RouteSpec } from "../route";

const tags = ["custom-fields"];
const gate = { auth: "tenant", feature: "customFields", tags } as const;
const one = CustomField.FieldResponse;

/** Custom field definitions (#7): every member reads them (forms need them), admins change them. */
export const customFieldRoutes: RouteSpec[] = [
  route({ ...gate, method: "get", path: "/api/custom-fields", summary: "Custom field definitions of an object (or all), in form order; `deleted=true` includes deleted ones", scope: "settings:read", query: CustomField.ListQuery, response: CustomField.ListResponse,
    handler: ({ query }) => CustomField.list(query) }),
  route({ ...gate, method: "post", path: "/api/custom-fields", summary: "Add a custom field to contacts, companies, deals or tickets (within the plan's limit per object)", scope: "settings:write", body: CustomField.CreateInput, status: 201, response: one,
    handler: ({ body }) => CustomField.create(body) }),
  route({ ...gate, method: "get", path: "/api/custom-fields/:fieldId", summary: "One custom field definition", scope: "settings:read", response: one,
    handler: ({ params }) => CustomField.get(params.fieldId) }),
  route({ ...gate, method: "patch", path: "/api/custom-fields/:fieldId", summary: "Change labels, help, validation, required, default or position (key and type are fixed; with the version)", scope: "settings:write", body: CustomField.PatchInput, response: one,
    handler: ({ params, body }) => CustomField.update(params.fieldId, body) }),
  route({ ...gate, method: "delete", path: "/api/custom-fields/:fieldId", summary: "Delete a field: hidden from forms and the API, its values kept until purged", scope: "settings:write", status: 200, response: one,
    handler: ({ params }) => CustomField.remove(params.fieldId) }),
  route({ ...gate, method: "post", path: "/api/custom-fields/:fieldId/restore", summary: "Bring a deleted field back with its values", scope: "settings:write", response: one,
    handler: ({ params }) => CustomField.restore(params.fieldId) }),
  route({ ...gate, method: "post", path: "/api/custom-fields/:fieldId/purge", summary: "Remove a field for good: its values leave the records in the background, then the field goes", scope: "settings:write", status: 202, response: one,
    handler: ({ params }) => CustomField.purge(params.fieldId) }),
  route({ ...gate, method: "get", path: "/api/layouts/:object", summary: "An object's layout (contact, company, deal, ticket or a custom object `obj_<key>`): sections of ordered fields, the quick-entry fields, custom fields hidden from roles", scope: "settings:read", response: Layout.LayoutResponse,
    handler: ({ params }) => Layout.get(params.object) }),
  route({ ...gate, method: "put", path: "/api/layouts/:object", summary: "Save an object's layout (with its version; 0 for the first save)", scope: "settings:write", body: Layout.LayoutInput, response: Layout.LayoutResponse,
    handler: ({ params, body }) => Layout.put(params.object, body) }),
];
