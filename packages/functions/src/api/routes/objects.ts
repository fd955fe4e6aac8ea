import { ObjectDef } from "@crm/core/objects/object-def";
import { ObjectRecord } from "@crm/core/objects/object-record";
import { ObjectExport } from "@crm/core/objects/object-export";
import { ObjectRules } from "@crm/core/objects/object-rules";
import { Note } from "@crm/core/collab/note";
import { ExportCells } from "@crm/core/data/export-cells";
import * as R from "../responses";
import { route, type RouteSpec } from "../route";

const tags = ["objects"];
const gate = { auth: "tenant", feature: "customObjects", tags } as const;
const RECORD = "/api/objects/:objectKey/records/:recordId";

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
  // Before `/records/:recordId`, which would take `export.csv` for an id.
  ...(["csv", "xlsx"] as const).map((format) =>
    route({ ...gate, method: "get", path: `/api/objects/:objectKey/records/export.${format}`, summary: `Export an object's records as ${format.toUpperCase()} (all, or those matching the list's search \`q\`; a file download)`, scope: "contacts:read", query: ObjectExport.ExportQuery,
      produces: format === "csv" ? R.CSV : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      handler: async ({ c, params, query }) => {
        const file = await ObjectExport.open(params.objectKey, format, query, c.req.header("accept-language"));
        return new Response(file.body, { headers: { "content-type": file.contentType, "content-disposition": ExportCells.disposition(file.filename), "cache-control": "no-store" } });
      } })),
  route({ ...gate, method: "get", path: "/api/objects/:objectKey/records/:recordId", summary: "A record with its related records", scope: "contacts:read", response: ObjectRecord.RecordDetail,
    handler: ({ params }) => ObjectRecord.get(params.objectKey, params.recordId) }),
  route({ ...gate, method: "patch", path: "/api/objects/:objectKey/records/:recordId", summary: "Change a record (with its version; 409 when stale)", scope: "contacts:write", body: ObjectRecord.RecordPatch, response: ObjectRecord.RecordResponse,
    handler: ({ params, body }) => ObjectRecord.update(params.objectKey, params.recordId, body) }),
  route({ ...gate, method: "delete", path: "/api/objects/:objectKey/records/:recordId", summary: "Delete a record", scope: "contacts:write",
    handler: ({ params }) => ObjectRecord.remove(params.objectKey, params.recordId) }),
  route({ ...gate, method: "get", path: "/api/objects/:objectKey/records/:recordId/timeline", summary: "A record's timeline, newest first", scope: "contacts:read", query: ObjectRecord.TimelineQuery, response: ObjectRecord.TimelineResponse,
    handler: ({ params, query }) => ObjectRecord.timeline(params.objectKey, params.recordId, query) }),
  // Notes on a record, as on contacts (@mentions notify); tasks take `recordType: obj_<key>` on /api/tasks.
  route({ ...gate, method: "get", path: `${RECORD}/notes`, summary: "Notes on a record, newest first", scope: "contacts:read", query: Note.ListQuery, response: R.Page(R.Note),
    handler: ({ params, query }) => Note.list(ObjectRules.objectType(params.objectKey), params.recordId, query) }),
  route({ ...gate, method: "post", path: `${RECORD}/notes`, summary: "Add a note (with @mentions) to a record", scope: "contacts:write", body: Note.NoteInput.omit({ recordType: true, recordId: true }), status: 201, response: R.Note,
    handler: ({ params, body }) => Note.create(body && typeof body === "object" && !Array.isArray(body) ? { ...body, recordType: ObjectRules.objectType(params.objectKey), recordId: params.recordId } : body) }),
  route({ ...gate, method: "patch", path: `${RECORD}/notes/:noteId`, summary: "Edit a note on a record (author or admin)", scope: "contacts:write", body: Note.NotePatch, response: R.Note,
    handler: ({ params, body }) => Note.update(ObjectRules.objectType(params.objectKey), params.recordId, params.noteId, body) }),
  route({ ...gate, method: "delete", path: `${RECORD}/notes/:noteId`, summary: "Delete a note on a record (author or admin)", scope: "contacts:write",
    handler: ({ params }) => Note.remove(ObjectRules.objectType(params.objectKey), params.recordId, params.noteId) }),
];
