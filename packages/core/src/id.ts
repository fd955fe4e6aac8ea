import { randomBytes } from "node:crypto";

const ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";

function timePart(ms: number): string {
  let t = Math.max(0, Math.floor(ms));
  let time = "";
  for (let i = 0; i < 9; i++) {
    time = ALPHABET[t % 32] + time;
    t = Math.floor(t / 32);
  }
  return time;
}

/** The lowest and highest ids a moment can have, for key ranges by time. */
export function idBounds(ms: number): { low: string; high: string } {
  return { low: timePart(ms) + "0".repeat(12), high: timePart(ms) + "z".repeat(12) };
}

/** Time-ordered, URL-safe ids (like ULIDs, lower case): ids created later sort later. */
export function newId(ms = Date.now()): string {
  const time = timePart(ms);
  const bytes = randomBytes(12);
  let rand = "";
  for (const b of bytes) rand += ALPHABET[b % 32];
  return time + rand;
}

/** A secret for links and cookies: 32 random bytes, base64url. */
export function newSecret(bytes = 32): string {
  return randomBytes(bytes).toString("base64url");
}
