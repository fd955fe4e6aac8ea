import { z } from "zod";
import { Activity } from "@crm/core/collab/activity";
import { Note } from "@crm/core/collab/note";
import { Notification } from "@crm/core/collab/notification";
import { Task } from "@crm/core/collab/task";
import { Timeline } from "@crm/core/collab/timeline";
import { route, type RouteSpec } from "../route";
import * as R from "../responses";

/** Notes and timelines hang off each kind of record, with that record's scope. */
const hosts = [
  { type: "contact", param: "contactId", area: "contacts" },
  { type: "company", param: "companyId", area: "companies" },
  { type: "ticket", param: "ticketId", area: "tickets" },
  { type: "deal", param: "dealId", area: "deals" },
] as const;

const perRecord: RouteSpec[] = hosts.flatMap(({ type, param, area }) => {
  const path = `/api/${area}/:${param}`;
  const id = (params: Record<string, string>) => params[param];
  return [
  route({ method: "get", path: `${path}/timeline`, summary: `The ${type}'s timeline, newest first`, auth: "tenant", scope: `${area}:read`, query: Timeline.ListQuery, tags: ["timeline"], response: R.Page(R.TimelineEntry),
    handler: ({ params, query }) => Timeline.list(type, id(params), query) }),
  route({ method: "get", path: `${path}/notes`, summary: `Notes on the ${type}`, auth: "tenant", scope: `${area}:read`, query: Note.ListQuery, tags: ["notes"], response: R.Page(R.Note),
    handler: ({ params, query }) => Note.list(type, id(params), query) }),
  route({ method: "post", path: `${path}/notes`, summary: `Add a note (with @mentions) to the ${type}`, auth: "tenant", scope: `${area}:write`, body: Note.NoteInput.omit({ recordType: true, recordId: true }), status: 201, tags: ["notes"], response: R.Note,
    handler: ({ params, body }) => Note.create(body && typeof body === "object" && !Array.isArray(body) ? { ...body, recordType: type, recordId: id(params) } : body) }),
  route({ method: "patch", path: `${path}/notes/:noteId`, summary: "Edit a note (author or admin)", auth: "tenant", scope: `${area}:write`, body: Note.NotePatch, tags: ["notes"], response: R.Note,
    handler: ({ params, body }) => Note.update(type, id(params), params.noteId, body) }),
  route({ method: "delete", path: `${path}/notes/:noteId`, summary: "Delete a note (author or admin)", auth: "tenant", scope: `${area}:write`, tags: ["notes"],
    handler: ({ params }) => Note.remove(type, id(params), params.noteId) }),
  ];
});

const tags = ["notifications"];
export const collabRoutes: RouteSpec[] = [
  ...perRecord,
  route({ method: "get", path: "/api/activities", summary: "Logged calls, meetings, visits and emails: a record's or a member's, newest first", auth: "tenant", scope: "contacts:read", query: Activity.ListQuery, tags: ["activities"], response: R.Page(R.Activity),
    handler: ({ query }) => Activity.list(query) }),
  route({ method: "post", path: "/api/activities", summary: "Log a call, meeting, visit or email on a contact, company, deal or lead", auth: "tenant", scope: "contacts:write", body: Activity.ActivityInput, status: 201, tags: ["activities"], response: R.Activity,
    handler: ({ body }) => Activity.log(body) }),
  route({ method: "patch", path: "/api/activities/:activityId", summary: "Change a logged activity (its author or an admin; with its version)", auth: "tenant", scope: "contacts:write", body: Activity.ActivityPatch, tags: ["activities"], response: R.Activity,
    handler: ({ params, body }) => Activity.update(params.activityId, body) }),
  route({ method: "delete", path: "/api/activities/:activityId", summary: "Delete a logged activity (its author or an admin)", auth: "tenant", scope: "contacts:write", tags: ["activities"],
    handler: ({ params }) => Activity.remove(params.activityId) }),
  route({ method: "get", path: "/api/tasks", summary: "My tasks (or a teammate's), soonest first, overdue flagged", auth: "tenant", scope: "contacts:read", query: Task.ListQuery, tags: ["tasks"], response: R.Page(R.Task),
    handler: ({ query }) => Task.list(query) }),
  route({ method: "post", path: "/api/tasks", summary: "Create a task with a reminder", auth: "tenant", scope: "contacts:write", body: Task.TaskInput, status: 201, tags: ["tasks"], response: R.Task,
    handler: ({ body }) => Task.create(body) }),
  route({ method: "patch", path: "/api/tasks/:taskId", summary: "Change or complete a task (with its version)", auth: "tenant", scope: "contacts:write", body: Task.TaskPatch, tags: ["tasks"], response: R.Task,
    handler: ({ params, body }) => Task.update(params.taskId, body) }),
  route({ method: "delete", path: "/api/tasks/:taskId", summary: "Delete a task", auth: "tenant", scope: "contacts:write", tags: ["tasks"],
    handler: ({ params }) => Task.remove(params.taskId) }),
  route({ method: "get", path: "/api/notifications", summary: "My notifications with the unread count", auth: "tenant", scope: "settings:read", query: Notification.ListQuery, tags, response: R.Page(R.Notification, { unread: z.number().int() }),
    handler: ({ query }) => Notification.list(query) }),
  route({ method: "post", path: "/api/notifications/read-all", summary: "Mark all my notifications read", auth: "tenant", scope: "settings:read", tags, response: z.strictObject({ marked: z.number().int() }),
    handler: () => Notification.markAllRead() }),
  route({ method: "post", path: "/api/notifications/:notificationId/read", summary: "Mark a notification read", auth: "tenant", scope: "settings:read", tags, response: R.Notification,
    handler: ({ params }) => Notification.markRead(params.notificationId) }),
  route({ method: "get", path: "/api/notifications/preferences", summary: "How I get each kind of notification", auth: "tenant", scope: "settings:read", tags, response: R.NotificationPrefs,
    handler: () => Notification.preferences() }),
  route({ method: "put", path: "/api/notifications/preferences", summary: "Choose in app, email or daily digest per kind", auth: "tenant", scope: "settings:read", body: Notification.PrefsInput, tags, response: R.NotificationPrefs,
    handler: ({ body }) => Notification.setPreferences(body) }),
];
