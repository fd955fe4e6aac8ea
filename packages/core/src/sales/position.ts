import { randomInt } from "node:crypto";

export * as Position from "./position";

/**
 * Sortable position keys for cards in a board column (fractional indexing, after D. Greenspan's
 * "Implementing Fractional Indexing" and the CC0 `fractional-indexing` package): a key is an integer part
 * whose first character gives its length, then a fraction in base 62 that never ends in "0". Keys compare
 * as plain strings (byte order), so the column's index sorts cards by them, and a key can always be made
 * between any two others: moving a card writes one item, however long the column is. Appending at either
 * end keeps keys short (the integer part grows by one character per ~62^n moves).
 */
export const DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const ZERO = DIGITS[0];
const INTEGER_ZERO = "a0";
const SMALLEST_INTEGER = "A" + ZERO.repeat(26);
/** Random digits appended to each new key so that two users dropping cards into the same gap at once
 * (who both read the same neighbours) still get different keys (1 in 62^3). */
const JITTER = 3;
export const MAX_LENGTH = 200;

function integerLength(head: string): number {
  if (head >= "a" && head <= "z") return head.charCodeAt(0) - "a".charCodeAt(0) + 2;
  if (head >= "A" && head <= "Z") return "Z".charCodeAt(0) - head.charCodeAt(0) + 2;
  throw new Error(`invalid position head: ${head}`);
}

function integerPart(key: string): string {
  const n = integerLength(key[0]);
  if (n > key.length) throw new Error(`invalid position: ${key}`);
  return key.slice(0, n);
}

/** True for a well-formed key (what the API accepts from storage or tests). */
export function isValid(key: string): boolean {
  if (!key || key.length > MAX_LENGTH || [...key].some((c) => !DIGITS.includes(c))) return false;
  try {
    const i = integerPart(key);
    if (key === SMALLEST_INTEGER) return false;
    return !key.slice(i.length).endsWith(ZERO);
  } catch {
    return false;
  }
}

/** A digit string strictly between fractions `a` and `b` (b null: 1). */
function midpoint(a: string, b: string | null): string {
  if (b !== null) {
    let n = 0;
    while ((a[n] ?? ZERO) === b[n]) n++;
    if (n > 0) return b.slice(0, n) + midpoint(a.slice(n), b.slice(n));
  }
  const da = a ? DIGITS.indexOf(a[0]) : 0;
  const db = b !== null ? DIGITS.indexOf(b[0]) : DIGITS.length;
  if (db - da > 1) return DIGITS[Math.round((da + db) / 2)];
  if (b !== null && b.length > 1) return b.slice(0, 1);
  return DIGITS[da] + midpoint(a.slice(1), null);
}

function incrementInteger(x: string): string | null {
  const [head, ...digits] = x.split("");
  let carry = true;
  for (let i = digits.length - 1; carry && i >= 0; i--) {
    const d = DIGITS.indexOf(digits[i]) + 1;
    if (d === DIGITS.length) digits[i] = ZERO;
    else {
      digits[i] = DIGITS[d];
      carry = false;
    }
  }
  if (!carry) return head + digits.join("");
  if (head === "Z") return "a" + ZERO;
  if (head === "z") return null;
  const h = String.fromCharCode(head.charCodeAt(0) + 1);
  return h > "a" ? h + digits.join("") + ZERO : h + digits.slice(1).join("");
}

function decrementInteger(x: string): string | null {
  const [head, ...digits] = x.split("");
  let borrow = true;
  for (let i = digits.length - 1; borrow && i >= 0; i--) {
    const d = DIGITS.indexOf(digits[i]) - 1;
    if (d === -1) digits[i] = DIGITS[DIGITS.length - 1];
    else {
      digits[i] = DIGITS[d];
      borrow = false;
    }
  }
  if (!borrow) return head + digits.join("");
  if (head === "a") return "Z" + DIGITS[DIGITS.length - 1];
  if (head === "A") return null;
  const h = String.fromCharCode(head.charCodeAt(0) - 1);
  return h < "Z" ? h + digits.join("") + DIGITS[DIGITS.length - 1] : h + digits.slice(1).join("");
}

/** The shortest key strictly between `a` and `b` (null: the start or the end of the column). */
export function between(a: string | null, b: string | null): string {
  if (a !== null && b !== null && a >= b) throw new Error(`position ${a} is not before ${b}`);
  if (a === null) {
    if (b === null) return INTEGER_ZERO;
    const ib = integerPart(b);
    const fb = b.slice(ib.length);
    if (ib === SMALLEST_INTEGER) return ib + midpoint("", fb);
    if (ib < b) return ib;
    const res = decrementInteger(ib);
    if (res === null) throw new Error("cannot decrement any more");
    return res;
  }
  const ia = integerPart(a);
  const fa = a.slice(ia.length);
  if (b === null) {
    const i = incrementInteger(ia);
    return i === null ? ia + midpoint(fa, null) : i;
  }
  const ib = integerPart(b);
  const fb = b.slice(ib.length);
  if (ia === ib) return ia + midpoint(fa, fb);
  const i = incrementInteger(ia);
  if (i === null) throw new Error("cannot increment any more");
  return i < b ? i : ia + midpoint(fa, null);
}

function tail(random: (n: number) => number): string {
  let out = "";
  for (let i = 0; i < JITTER - 1; i++) out += DIGITS[random(DIGITS.length)];
  return out + DIGITS[1 + random(DIGITS.length - 1)];
}

/**
 * A key strictly between `a` and `b` with random digits appended. When the neighbours carry the same key
 * (two cards dropped into one gap at once, 1 in 62^3), the card goes right after them; the index's
 * tie-breaker (the deal id) keeps the order total.
 */
export function jittered(a: string | null, b: string | null, random: (n: number) => number = randomInt): string {
  if (a !== null && b !== null && a >= b) return a + tail(random);
  let low = a;
  for (;;) {
    // At the start of the column a fresh integer keeps keys short: the neighbour's own integer part would
    // leave only the room below its random digits.
    const k = (low === null && b !== null ? decrementInteger(integerPart(b)) : null) ?? between(low, b);
    for (let attempt = 0; attempt < 8; attempt++) {
      const candidate = k + tail(random);
      if (b === null || candidate < b) return candidate;
    }
    // `k` is a prefix of `b` and the random tails did not fit below it: go closer to `b` and try again.
    low = k;
  }
}
