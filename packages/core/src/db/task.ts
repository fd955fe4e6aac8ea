import { Entity, type EntityItem } from "electrodb";
import { entityConfig, SERVICE } from "./config";

/** A to-do with a due time, an assignee and optionally the record it is about. */
export const TaskEntity = new Entity(
  {
    model: { entity: "task", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true, readOnly: true },
      taskId: { type: "string", required: true, readOnly: true },
      title: { type: "string", required: true },
      notes: { type: "string" },
      dueAt: { type: "string", required: true },
      remindMinutesBefore: { type: "number", required: true },
      remindAt: { type: "string" },
      reminderSentFor: { type: "string" },
      assigneeId: { type: "string", required: true },
      recordKey: { type: "string", required: true },
      status: { type: ["open", "done"] as const, required: true },
      completedAt: { type: "string" },
      createdBy: { type: "string", required: true },
      ownerId: { type: "string", required: true },
      version: { type: "number", required: true },
      createdAt: { type: "string", required: true, readOnly: true },
      updatedAt: { type: "string", required: true },
    },
    indexes: {
      primary: { pk: { field: "pk", composite: ["tenantId", "taskId"] }, sk: { field: "sk", composite: [] } },
      byAssignee: { index: "gsi1", pk: { field: "gsi1pk", composite: ["tenantId", "assigneeId", "status"] }, sk: { field: "gsi1sk", composite: ["dueAt", "taskId"] } },
      byRecord: { index: "gsi2", pk: { field: "gsi2pk", composite: ["tenantId", "recordKey"] }, sk: { field: "gsi2sk", composite: ["dueAt", "taskId"] } },
    },
  },
  entityConfig(),
);
export type TaskItem = EntityItem<typeof TaskEntity>;
