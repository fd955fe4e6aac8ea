import { ObjectDef } from "@crm/core/objects/object-def";
import { ObjectRecord } from "@crm/core/objects/object-record";
import { route, type RouteSpec } from "../route";

const tags = ["objects"];
const gate = { auth: "tenant", feature: "customObjects", tags } as const;

/** Custom objects (#7): admins define them, members work with their records like contacts. */
export const objectRoutes: RouteSpec[] = [
  route({ ...gate, method: "get", path: "/api/objects", summary: "The workspace's custom objects and the plan's limit", scope: "settings:read", response: ObjectDef.ListResponse,
    handler: () => ObjectDef.list() }),
  route({ ...gate, method: "post", path: "/api/objects", summary: "Define a custom object: key, labels, name field and relations to contacts, companies and deals", scope: "settings:write", body: ObjectDef.CreateInput, status: 201, response: ObjectDef.DefResponse,
    handler: ({ body }) => ObjectDef.create(body) }),
  route({ ...gate, method: "get", path: "/api/objects/:objectKey", summary: "One custom object's definition", scope: "settings:read", response: ObjectDef.DefResponse,
    handler: ({ params }) => ObjectDef.get(params.objectKey) }),
  route({ ...gate, method: "patch", path: "/api/objects/:objectKey", summary: "Change an object's labels, description, name label or relations (key fixed; with the version)", scope: "settings:write", body: ObjectDef.PatchInput, response: ObjectDef.DefResponse,
    handler: ({ params, body }) => ObjectDef.update(params.objectKey, body) }),
  route({ ...gate, method: "delete", path: "/api/objects/:objectKey", summary: "Delete an object without records (409 object.has_records otherwise)", scope: "settings:write",
    handler: ({ params }) => ObjectDef.remove(params.objectKey) }),
  route({ ...gate, method: "get", path: "/api/objects/:objectKey/records", summary: "Records by name, by name prefix (`q`), or related to a contact, company or deal", scope: "contacts:read", query: ObjectRecord.ListQuery, response: ObjectRecord.ListResponse,
    handler: ({ params, query }) => ObjectRecord.list(params.objectKey, query) }),
  route({ ...gate, method: "post", path: "/api/objects/:objectKey/records", summary: "Create a record (required custom fields enforced)", scope: "contacts:write", body: ObjectRecord.RecordInput, status: 201, response: ObjectRecord.RecordResponse,
    handler: ({ params, body }) => ObjectRecord.create(params.objectKey, body) }),
  route({ ...gate, method: "get", path: "/api/objects/:objectKey/records/:recordId", summary: "A record with its related records", scope: "contacts:read", response: ObjectRecord.RecordDetail,
    handler: ({ params }) => ObjectRecord.get(params.objectKey, params.recordId) }),
  route({ ...gate, method: "patch", path: "/api/objects/:objectKey/records/:recordId", summary: "Change a record (with its version; 409 when stale)", scope: "contacts:write", body: ObjectRecord.RecordPatch, response: ObjectRecord.RecordResponse,
    handler: ({ params, body }) => ObjectRecord.update(params.objectKey, params.recordId, body) }),
  route({ ...gate, method: "delete", path: "/api/objects/:objectKey/records/:recordId", summary: "Delete a record", scope: "contacts:write",
    handler: ({ params }) => ObjectRecord.remove(params.objectKey, params.recordId) }),
  route({ ...gate, method: "get", path: "/api/objects/:objectKey/records/:recordId/timeline", summary: "A record's timeline, newest first", scope: "contacts:read", query: ObjectRecord.TimelineQuery, response: ObjectRecord.TimelineResponse,
    handler: ({ params, query }) => ObjectRecord.timeline(params.objectKey, params.recordId, query) }),
];
