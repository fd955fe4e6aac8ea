import { Entity, type EntityItem } from "electrodb";
import { entityConfig, SERVICE } from "./config";

/** A note on a record; it lives in the record's timeline partition (`recordKey` = `<type>#<id>`). */
export const NoteEntity = new Entity(
  {
    model: { entity: "note", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true, readOnly: true },
      recordKey: { type: "string", required: true, readOnly: true },
      noteId: { type: "string", required: true, readOnly: true },
      body: { type: "string", required: true },
      mentions: { type: "list", items: { type: "string" } },
      authorId: { type: "string", required: true },
      version: { type: "number", required: true },
      createdAt: { type: "string", required: true, readOnly: true },
      updatedAt: { type: "string", required: true },
    },
    indexes: {
      primary: { pk: { field: "pk", composite: ["tenantId", "recordKey"] }, sk: { field: "sk", composite: ["noteId"] } },
    },
  },
  entityConfig(),
);
export type NoteItem = EntityItem<typeof NoteEntity>;
