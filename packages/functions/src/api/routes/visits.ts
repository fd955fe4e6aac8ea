import { z } from "zod";
import { ActivityEntity } from "@crm/core/db/activity";
import { Visit } from "@crm/core/visits/visit";
import { VisitPhoto } from "@crm/core/visits/visit-photo";
import { Page, record } from "../responses";
import { route, type RouteSpec } from "../route";

const tags = ["visits"];
const read = { auth: "tenant" as const, scope: "contacts:read", feature: "visits" as const, tags };
const write = { ...read, scope: "contacts:write" };

const VisitResponse = record(ActivityEntity, {
  omit: ["recordKey", "photo"],
  extend: {
    recordType: z.string(), recordId: z.string(), located: z.boolean(),
    photo: z.strictObject({ contentType: z.string(), size: z.number(), uploadedAt: z.string() }).optional(),
  },
});
const Upload = z.strictObject({ method: z.literal("PUT"), url: z.string(), direct: z.boolean(), headers: z.record(z.string(), z.string()) });

/** Field visits (外勤签到, #9): check in at a customer with the phone's location and a photo, check out, per-rep per-day lists. */
export const visitRoutes: RouteSpec[] = [
  route({ method: "get", path: "/api/visits", summary: "Visits of one day (the workspace's zone): one rep's, or all the caller may see", ...read, query: Visit.ListQuery,
    response: Page(VisitResponse, { day: z.string(), timeZone: z.string() }),
    handler: ({ query }) => Visit.list(query) }),
  route({ method: "post", path: "/api/visits", summary: "Check in at a company, contact or deal, with the phone's location when given", ...write, body: Visit.CheckInInput, status: 201, response: VisitResponse,
    handler: ({ body }) => Visit.checkIn(body) }),
  route({ method: "get", path: "/api/visits/:visitId", summary: "A visit", ...read, response: VisitResponse,
    handler: ({ params }) => Visit.get(params.visitId) }),
  route({ method: "post", path: "/api/visits/:visitId/checkout", summary: "Check out of a visit (its duration runs from check-in), with its version", ...write, body: Visit.CheckOutInput, response: VisitResponse,
    handler: ({ params, body }) => Visit.checkOut(params.visitId, body) }),
  route({ method: "post", path: "/api/visits/:visitId/photo", summary: "Where to PUT the visit's photo (image, up to 10 MB): a presigned S3 URL on AWS, the API locally", ...write, body: VisitPhoto.UploadInput,
    response: z.strictObject({ visit: VisitResponse, upload: Upload }),
    handler: ({ params, body }) => VisitPhoto.startUpload(params.visitId, body) }),
  route({ method: "put", path: "/api/visits/:visitId/photo", summary: "Upload the photo's bytes (local runtime; an image type, up to 10 MB)", ...write, response: VisitResponse,
    handler: ({ c, params }) => VisitPhoto.put(params.visitId, c.req.header("content-type"), c.req.raw.body) }),
  route({ method: "get", path: "/api/visits/:visitId/photo-url", summary: "A short-lived address of the visit's photo", ...read,
    response: z.strictObject({ url: z.string(), expiresAt: z.string(), contentType: z.string() }),
    handler: ({ params }) => VisitPhoto.url(params.visitId) }),
  route({ method: "get", path: "/api/visits/:visitId/photo", summary: "The visit's photo", ...read, produces: "image/*",
    handler: async ({ c, params }) => {
      const { body, contentType } = await VisitPhoto.read(params.visitId);
      return c.body(new Uint8Array(body), 200, { "content-type": contentType, "cache-control": "private, max-age=300" });
    } }),
];
