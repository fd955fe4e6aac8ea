import { Entity, type EntityItem } from "electrodb";
import { entityConfig, SERVICE } from "./config";

/** A logged call, meeting, visit or email with a customer: who did it, when, how long, how it went. */
export const ActivityEntity = new Entity(
  {
    model: { entity: "activity", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true, readOnly: true },
      activityId: { type: "string", required: true, readOnly: true },
      kind: { type: ["call", "meeting", "visit", "email"] as const, required: true },
      /** When it happened (not when it was logged). */
      at: { type: "string", required: true },
      durationMinutes: { type: "number" },
      outcome: { type: "string" },
      notes: { type: "string" },
      /** `contact#id`, `company#id`, `deal#id` or `lead#id`. */
      recordKey: { type: "string", required: true },
      /** Who did it: the member it counts for. */
      userId: { type: "string", required: true },
      /** Where a visit took place, as reported by the phone (optional). */
      location: { type: "map", properties: { lat: { type: "number" }, lng: { type: "number" }, accuracy: { type: "number" }, address: { type: "string" } } },
      /** The customer's name when a field visit was checked in (the per-day list shows it without reading each record). */
      recordTitle: { type: "string" },
      /** A field visit's check-out (its check-in is `at`); see visits/visit.ts. */
      checkOutAt: { type: "string" },
      /** A field visit's photo in the blob store. */
      photo: { type: "map", properties: { key: { type: "string", required: true }, contentType: { type: "string", required: true }, size: { type: "number", required: true }, uploadedAt: { type: "string", required: true } } },
      ownerId: { type: "string", required: true },
      version: { type: "number", required: true },
      createdAt: { type: "string", required: true, readOnly: true },
      updatedAt: { type: "string", required: true },
    },
    indexes: {
      primary: { pk: { field: "pk", composite: ["tenantId", "activityId"] }, sk: { field: "sk", composite: [] } },
      byRecord: { index: "gsi1", pk: { field: "gsi1pk", composite: ["tenantId", "recordKey"] }, sk: { field: "gsi1sk", composite: ["at", "activityId"] } },
      byUser: { index: "gsi2", pk: { field: "gsi2pk", composite: ["tenantId", "userId"] }, sk: { field: "gsi2sk", composite: ["at", "activityId"] } },
      /** A tenant's activities of one kind by time: the per-day list of field visits. */
      byKind: { index: "gsi3", pk: { field: "gsi3pk", composite: ["tenantId", "kind"] }, sk: { field: "gsi3sk", composite: ["at", "activityId"] } },
    },
  },
  entityConfig(),
);
export type ActivityItem = EntityItem<typeof ActivityEntity>;
