import { createHmac, timingSafeEqual } from "node:crypto";

export * as ExportToken from "./tenant-export-token";

/** How long a download link works. */
export const LINK_TTL_MS = 24 * 3600 * 1000;

export interface Claims {
  tenantId: string;
  jobId: string;
  /** Epoch milliseconds after which the link answers 410. */
  expires: number;
}

const PART = /^[a-z0-9]{1,64}$/;

function mac(secret: string, body: string): string {
  return createHmac("sha256", secret).update(`tenant-export.v1.${body}`).digest("base64url");
}

/** `<tenantId>.<jobId>.<expires base36>.<HMAC>`: a link that needs no session and cannot be altered. */
export function sign(claims: Claims, secret: string): string {
  const body = `${claims.tenantId}.${claims.jobId}.${claims.expires.toString(36)}`;
  return `${body}.${mac(secret, body)}`;
}

/**
 * The claims of a genuine token, or `forged` (wrong shape or signature: the same answer as an unknown
 * export) or `expired` (genuine but past its time). Pure: the caller passes `now`.
 */
export function verify(token: string, secret: string, now: number): { ok: true; claims: Claims } | { ok: false; reason: "forged" | "expired" } {
  const parts = token.split(".");
  if (parts.length !== 4 || token.length > 300) return { ok: false, reason: "forged" };
  const [tenantId, jobId, exp, sig] = parts;
  if (!PART.test(tenantId) || !PART.test(jobId) || !/^[0-9a-z]{1,12}$/.test(exp)) return { ok: false, reason: "forged" };
  const expected = Buffer.from(mac(secret, `${tenantId}.${jobId}.${exp}`));
  const given = Buffer.from(sig);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: "forged" };
  const expires = parseInt(exp, 36);
  if (!(expires > now)) return { ok: false, reason: "expired" };
  return { ok: true, claims: { tenantId, jobId, expires } };
}
