import { DateTime } from "luxon";

export * as VisitRules from "./visit-rules";

/** Photo types a phone camera produces and browsers show. HEIC stays in: iPhones send it when not converted. */
export const PHOTO_TYPES = ["image/jpeg", "image/png", "image/webp", "image/heic", "image/heif", "image/gif"] as const;
export const MAX_PHOTO_BYTES = 10 * 1024 * 1024;
/** A visit longer than a day is a forgotten check-out; its duration is capped like any activity's. */
export const MAX_MINUTES = 24 * 60;

/** Why a photo is refused, or null when it is acceptable. */
export function photoProblem(contentType: string, size: number): "type" | "size" | null {
  const type = contentType.split(";")[0].trim().toLowerCase();
  if (!(PHOTO_TYPES as readonly string[]).includes(type)) return "type";
  if (!Number.isInteger(size) || size <= 0 || size > MAX_PHOTO_BYTES) return "size";
  return null;
}

/** Minutes between check-in and check-out, rounded, within 0…MAX_MINUTES; null when out precedes in. */
export function durationMinutes(checkIn: string, checkOut: string): number | null {
  const ms = Date.parse(checkOut) - Date.parse(checkIn);
  if (!Number.isFinite(ms) || ms < 0) return null;
  return Math.min(MAX_MINUTES, Math.round(ms / 60000));
}

/**
 * The instants bounding a calendar day in a time zone, as ISO strings in UTC: [start, end). Days are 23 or
 * 25 hours long across daylight-saving changes, so they are computed by the zone rules, never as 24 h.
 */
export function dayBounds(day: string, timeZone: string): { from: string; to: string } {
  const start = DateTime.fromISO(day, { zone: timeZone }).startOf("day");
  return { from: start.toUTC().toISO()!, to: start.plus({ days: 1 }).toUTC().toISO()! };
}

/** The calendar day of an instant in a time zone (YYYY-MM-DD). */
export function dayOf(at: Date | string, timeZone: string): string {
  return DateTime.fromJSDate(typeof at === "string" ? new Date(at) : at, { zone: timeZone }).toISODate()!;
}
