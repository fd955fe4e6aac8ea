export * as CreditCode from "./credit-code";

/**
 * 统一社会信用代码 (GB 32100-2015): 18 characters from a 31-character alphabet (no I, O, S, V, Z); the last is a
 * check character: 31 − (Σ value × weight mod 31), where 31 maps to 0.
 */
const ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** Upper case without spaces or dashes, as people paste it from licences. */
export function normalize(code: string): string {
  return code.normalize("NFKC").replace(/[\s-]/g, "").toUpperCase();
}

/** The check character for the first 17 characters, or undefined if one of them is outside the alphabet. */
export function checkCharacter(first17: string): string | undefined {
  if (first17.length !== 17) return undefined;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = ALPHABET.indexOf(first17[i]);
    if (value < 0) return undefined;
    sum += value * WEIGHTS[i];
  }
  const check = (31 - (sum % 31)) % 31;
  return ALPHABET[check];
}

/** Whether `code` (normalized first) is a well-formed code with the right check character. */
export function isValid(code: string): boolean {
  const c = normalize(code);
  if (!/^[0-9A-HJ-NPQRTUWXY]{18}$/.test(c)) return false;
  return checkCharacter(c.slice(0, 17)) === c[17];
}
