import { call, type Company, type Contact, type Page } from "../api";

/** The segments and broadcasts resources of the API client. */
export type Match = "all" | "any";
export interface Condition { field: string; op: string; value?: unknown }
export interface Filter { match: Match; conditions: Condition[] }
export type SegmentObject = "contact" | "company";
export interface Segment {
  segmentId: string; name: string; objectType: SegmentObject; filter: Filter; ownerId: string; shared: boolean;
  version: number; createdAt: string; updatedAt: string;
}
export interface SegmentCount { count: number; capped: boolean; countedAt: string }
/** One slice of a count (see countAll). */
export interface CountSlice extends SegmentCount { cursor: string | null; scanned: number }
export interface CountProgress { count: number; scanned: number; done: boolean }
export type Template = { subject: string; body: string };
export type Templates = { en?: Template; "zh-CN"?: Template };
export type BroadcastStatus = "draft" | "scheduled" | "sending" | "sent" | "cancelled";
export interface Broadcast {
  broadcastId: string; name: string; segmentId: string; templates: Templates; status: BroadcastStatus;
  scheduledAt: string | null; startedAt: string | null; finishedAt: string | null; sent: number; suppressed: number; failed: number;
  ownerId: string; version: number; createdAt: string; updatedAt: string;
}
export interface LogLine { contactId: string; email: string | null; language: string | null; status: "sending" | "sent" | "suppressed" | "failed"; error: string | null; at: string }

const id = (s: string) => encodeURIComponent(s);

export const segmentsApi = {
  list: () => call<{ items: Array<Segment & SegmentCount> }>("GET", "/segments"),
  get: (segmentId: string) => call<Segment>("GET", `/segments/${id(segmentId)}`),
  create: (input: { name: string; objectType: SegmentObject; filter: Filter; shared: boolean }) => call<Segment>("POST", "/segments", input),
  update: (segmentId: string, input: Partial<{ name: string; filter: Filter; shared: boolean }> & { version: number }) => call<Segment>("PATCH", `/segments/${id(segmentId)}`, input),
  remove: (segmentId: string) => call<void>("DELETE", `/segments/${id(segmentId)}`),
  count: (segmentId: string, cursor?: string) => call<CountSlice>("GET", `/segments/${id(segmentId)}/count?scanLimit=5000${cursor ? `&cursor=${id(cursor)}` : ""}`),
  /** The exact count, a slice at a time, telling `progress` the running total; stops early when `cancelled`. */
  countAll: async (segmentId: string, progress: (p: CountProgress) => void, cancelled: () => boolean = () => false): Promise<CountProgress> => {
    let total = { count: 0, scanned: 0, done: false };
    let cursor: string | undefined;
    do {
      const slice = await segmentsApi.count(segmentId, cursor);
      total = { count: total.count + slice.count, scanned: total.scanned + slice.scanned, done: !slice.cursor };
      cursor = slice.cursor ?? undefined;
      progress(total);
    } while (cursor && !cancelled());
    return total;
  },
  members: (segmentId: string, cursor?: string) =>
    call<Page<Contact | Company> & { objectType: SegmentObject }>("GET", `/segments/${id(segmentId)}/members?limit=25${cursor ? `&cursor=${id(cursor)}` : ""}`),
};

export const broadcastsApi = {
  get: (broadcastId: string) => call<Broadcast>("GET", `/broadcasts/${id(broadcastId)}`),
  create: (input: { name: string; segmentId: string; templates: Templates }) => call<Broadcast>("POST", "/broadcasts", input),
  update: (broadcastId: string, input: Partial<{ name: string; templates: Templates }> & { version: number }) => call<Broadcast>("PATCH", `/broadcasts/${id(broadcastId)}`, input),
  preview: (broadcastId: string, input: { contactId?: string; language?: "en" | "zh-CN" }) =>
    call<{ language: string; to: string | null; contactId: string | null; subject: string; text: string }>("POST", `/broadcasts/${id(broadcastId)}/preview`, input),
  test: (broadcastId: string) => call<{ to: string; language: string; subject: string }>("POST", `/broadcasts/${id(broadcastId)}/test`, {}),
  schedule: (broadcastId: string, input: { at?: string; version: number }) => call<Broadcast>("POST", `/broadcasts/${id(broadcastId)}/schedule`, input),
  cancel: (broadcastId: string, version: number) => call<Broadcast>("POST", `/broadcasts/${id(broadcastId)}/cancel`, { version }),
  log: (broadcastId: string, cursor?: string) => call<Page<LogLine>>("GET", `/broadcasts/${id(broadcastId)}/log${cursor ? `?cursor=${id(cursor)}` : ""}`),
};

/** A filter in the address bar: JSON, only when it has conditions. */
export function filterToParam(f: Filter | null): string | undefined {
  return f && f.conditions.length ? JSON.stringify(f) : undefined;
}

export function filterFromParam(raw: string | undefined): Filter {
  if (raw) {
    try {
      const f = JSON.parse(raw) as Filter;
      if (f && Array.isArray(f.conditions)) return { match: f.match === "any" ? "any" : "all", conditions: f.conditions };
    } catch {
      // an edited link: start empty
    }
  }
  return { match: "all", conditions: [] };
}
