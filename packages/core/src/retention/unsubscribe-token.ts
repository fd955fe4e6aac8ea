import { createHmac, timingSafeEqual } from "node:crypto";
import { Config } from "../config";

export * as UnsubscribeToken from "./unsubscribe-token";

export interface Claims {
  tenantId: string;
  contactId: string;
  email: string;
}

function mac(payload: string, secret: string): Buffer {
  return createHmac("sha256", secret).update(`unsubscribe\n${payload}`).digest();
}

/**
 * A link token: the tenant, contact and email, readable, with an HMAC over all three. No login and no
 * stored state: changing any part (another contact, another tenant) breaks the signature.
 */
export function sign(claims: Claims, secret = Config.unsubscribeSecret()): string {
  const payload = Buffer.from(JSON.stringify([claims.tenantId, claims.contactId, claims.email.toLowerCase()])).toString("base64url");
  return `${payload}.${mac(payload, secret).toString("base64url")}`;
}

/** The claims of a genuine token, or undefined for anything else (never throws). */
export function verify(token: string, secret = Config.unsubscribeSecret()): Claims | undefined {
  if (typeof token !== "string" || token.length > 1000) return undefined;
  const [payload, signature, extra] = token.split(".");
  if (!payload || !signature || extra !== undefined) return undefined;
  const given = Buffer.from(signature, "base64url");
  const want = mac(payload, secret);
  if (given.length !== want.length || !timingSafeEqual(given, want)) return undefined;
  try {
    const parts = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
    if (!Array.isArray(parts) || parts.length !== 3 || !parts.every((p) => typeof p === "string" && p)) return undefined;
    return { tenantId: parts[0], contactId: parts[1], email: parts[2] };
  } catch {
    return undefined;
  }
}
