import { z } from "zod";
import { Broadcast } from "@crm/core/segments/broadcast";
import { Segment } from "@crm/core/segments/segment";
import { route, type RouteSpec } from "../route";
import * as R from "../responses";

const tags = ["segments"];
const auth = "tenant" as const;
const feature = "segments" as const;
const seg = "/api/segments";
const bc = "/api/broadcasts";

/** Segments (saved filters over contacts or companies) and broadcasts (one-off mail to a contact segment). */
export const segmentRoutes: RouteSpec[] = [
  route({ method: "get", path: seg, summary: "Segments I can see (mine and shared), each with its live count", auth, scope: "contacts:read", feature, tags, response: Segment.ListResponse,
    handler: () => Segment.list() }),
  route({ method: "post", path: seg, summary: "Save a segment (private unless shared)", auth, scope: "contacts:write", feature, body: Segment.SegmentInput, status: 201, tags, response: Segment.SegmentResponse,
    handler: ({ body }) => Segment.create(body) }),
  route({ method: "get", path: `${seg}/:segmentId`, summary: "A segment", auth, scope: "contacts:read", feature, tags, response: Segment.SegmentResponse,
    handler: ({ params }) => Segment.get(params.segmentId) }),
  route({ method: "patch", path: `${seg}/:segmentId`, summary: "Change a segment (needs its current version)", auth, scope: "contacts:write", feature, body: Segment.SegmentPatch, tags, response: Segment.SegmentResponse,
    handler: ({ params, body }) => Segment.update(params.segmentId, body) }),
  route({ method: "delete", path: `${seg}/:segmentId`, summary: "Delete a segment", auth, scope: "contacts:write", feature, tags,
    handler: ({ params }) => Segment.remove(params.segmentId) }),
  route({ method: "get", path: `${seg}/:segmentId/count`, summary: "The segment's live count, a slice at a time: add up the slices, following `cursor` while `capped`", auth, scope: "contacts:read", feature, query: Segment.CountQuery, tags, response: Segment.CountResponse,
    handler: ({ params, query }) => Segment.count(params.segmentId, query) }),
  route({ method: "get", path: `${seg}/:segmentId/members`, summary: "The segment's records (cursor pages of a filtered scan)", auth, scope: "contacts:read", feature, query: Segment.MembersQuery, tags,
    response: z.strictObject({ objectType: z.enum(["contact", "company"]), items: z.array(z.union([R.Contact, R.Company])), cursor: z.string().nullable() }),
    handler: ({ params, query }) => Segment.members(params.segmentId, query) }),

  route({ method: "get", path: bc, summary: "Broadcasts, newest first", auth, scope: "contacts:read", feature, tags, response: z.object({ items: z.array(Broadcast.BroadcastResponse) }),
    handler: () => Broadcast.list() }),
  route({ method: "post", path: bc, summary: "Draft a broadcast to a contact segment", auth, scope: "contacts:write", feature, body: Broadcast.BroadcastInput, status: 201, tags, response: Broadcast.BroadcastResponse,
    handler: ({ body }) => Broadcast.create(body) }),
  route({ method: "get", path: `${bc}/:broadcastId`, summary: "A broadcast with its progress", auth, scope: "contacts:read", feature, tags, response: Broadcast.BroadcastResponse,
    handler: ({ params }) => Broadcast.get(params.broadcastId) }),
  route({ method: "patch", path: `${bc}/:broadcastId`, summary: "Change a draft broadcast (needs its current version)", auth, scope: "contacts:write", feature, body: Broadcast.BroadcastPatch, tags, response: Broadcast.BroadcastResponse,
    handler: ({ params, body }) => Broadcast.update(params.broadcastId, body) }),
  route({ method: "delete", path: `${bc}/:broadcastId`, summary: "Delete a broadcast that is not scheduled or sending", auth, scope: "contacts:write", feature, tags,
    handler: ({ params }) => Broadcast.remove(params.broadcastId) }),
  route({ method: "post", path: `${bc}/:broadcastId/preview`, summary: "The message as a member (a named contact or a sample) would get it", auth, scope: "contacts:read", feature, body: Broadcast.PreviewInput, tags, response: Broadcast.PreviewResponse,
    handler: ({ params, body }) => Broadcast.preview(params.broadcastId, body) }),
  route({ method: "post", path: `${bc}/:broadcastId/test`, summary: "Send the message to me", auth, scope: "contacts:write", feature, body: Broadcast.TestInput, tags, response: z.object({ to: z.string(), language: z.string(), subject: z.string() }),
    handler: ({ params, body }) => Broadcast.testSend(params.broadcastId, body) }),
  route({ method: "post", path: `${bc}/:broadcastId/schedule`, summary: "Schedule the send (now when no time or a past one is given)", auth, scope: "contacts:write", feature, body: Broadcast.ScheduleInput, tags, response: Broadcast.BroadcastResponse,
    handler: ({ params, body }) => Broadcast.schedule(params.broadcastId, body) }),
  route({ method: "post", path: `${bc}/:broadcastId/cancel`, summary: "Cancel a scheduled broadcast, or stop one that is sending", auth, scope: "contacts:write", feature, body: Broadcast.CancelInput, tags, response: Broadcast.BroadcastResponse,
    handler: ({ params, body }) => Broadcast.cancel(params.broadcastId, body) }),
  route({ method: "get", path: `${bc}/:broadcastId/log`, summary: "The send log: one line per recipient", auth, scope: "contacts:read", feature, query: Broadcast.LogQuery, tags, response: R.Page(Broadcast.LogItem),
    handler: ({ params, query }) => Broadcast.log(params.broadcastId, query) }),
];
