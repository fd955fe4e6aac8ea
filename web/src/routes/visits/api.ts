import { ApiError, call } from "../../api";

/** The field visits (外勤签到) part of the typed client. */
export interface Visit {
  activityId: string; kind: "visit"; at: string; checkOutAt?: string; durationMinutes?: number; outcome?: string; notes?: string;
  recordType: "company" | "contact" | "deal"; recordId: string; recordTitle?: string; userId: string; ownerId: string;
  located: boolean; location?: { lat: number; lng: number; accuracy?: number };
  photo?: { contentType: string; size: number; uploadedAt: string };
  version: number; createdAt: string; updatedAt: string;
}
export interface VisitDay { day: string; timeZone: string; items: Visit[]; cursor: string | null }
export interface Upload { method: "PUT"; url: string; direct: boolean; headers: Record<string, string> }

const id = encodeURIComponent;
const qs = (p: Record<string, string | undefined>) => {
  const s = new URLSearchParams(Object.entries(p).filter((e): e is [string, string] => !!e[1])).toString();
  return s ? `?${s}` : "";
};

export const visitsApi = {
  list: (p: { userId?: string; day?: string; cursor?: string }) => call<VisitDay>("GET", `/visits${qs(p)}`),
  get: (visitId: string) => call<Visit>("GET", `/visits/${id(visitId)}`),
  checkIn: (input: { recordType: Visit["recordType"]; recordId: string; location?: Visit["location"]; note?: string }) => call<Visit>("POST", "/visits", input),
  checkOut: (visitId: string, version: number) => call<Visit>("POST", `/visits/${id(visitId)}/checkout`, { version }),
  photoUrl: (visitId: string) => call<{ url: string; expiresAt: string; contentType: string }>("GET", `/visits/${id(visitId)}/photo-url`),
  /** Asks where the photo goes, then sends it there (S3 directly on AWS, the API locally). */
  async uploadPhoto(visitId: string, file: File): Promise<Visit> {
    const start = await call<{ visit: Visit; upload: Upload }>("POST", `/visits/${id(visitId)}/photo`, { contentType: file.type || "image/jpeg", size: file.size });
    const res = await fetch(start.upload.url, { method: "PUT", headers: start.upload.headers, body: file, credentials: start.upload.direct ? "omit" : "same-origin" });
    const json = await res.json().catch(() => ({}));
    if (!res.ok) throw new ApiError(res.status, json?.error?.code ?? "unknown", json?.error?.message ?? res.statusText, json?.error?.fields);
    return start.upload.direct ? start.visit : (json as Visit);
  },
};

/** The phone's position, or undefined when the user refuses, the phone has none, or it takes too long. */
export function currentPosition(timeoutMs = 10_000): Promise<Visit["location"] | undefined> {
  if (typeof navigator === "undefined" || !navigator.geolocation) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    navigator.geolocation.getCurrentPosition(
      (p) => resolve({ lat: p.coords.latitude, lng: p.coords.longitude, accuracy: Math.round(p.coords.accuracy) }),
      () => resolve(undefined),
      { enableHighAccuracy: true, timeout: timeoutMs, maximumAge: 60_000 },
    );
  });
}

/** Coordinates as shown in lists: five decimals (about a metre) and the accuracy radius. */
export function formatCoords(l: NonNullable<Visit["location"]>): string {
  return `${l.lat.toFixed(5)}, ${l.lng.toFixed(5)}${l.accuracy !== undefined ? ` ±${Math.round(l.accuracy)} m` : ""}`;
}
