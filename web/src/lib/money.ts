/**
 * Deal amounts travel as integers in the currency's minor unit (fen, cents; yen has none). These turn
 * them into what people read and type, and back.
 */

const digitsCache = new Map<string, number>();

/** Digits after the decimal point for `currency` (CNY 2, JPY 0); 2 for a code the browser does not know. */
export function minorDigits(currency: string): number {
  let d = digitsCache.get(currency);
  if (d === undefined) {
    try {
      d = new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
    } catch {
      d = 2;
    }
    digitsCache.set(currency, d);
  }
  return d;
}

/** `125050` CNY → "¥1,250.50" (in the reader's locale). */
export function formatMoney(minor: number | null | undefined, currency: string, locale: string): string {
  if (minor === null || minor === undefined) return "";
  const digits = minorDigits(currency);
  try {
    return new Intl.NumberFormat(locale, { style: "currency", currency, minimumFractionDigits: 0, maximumFractionDigits: digits }).format(minor / 10 ** digits);
  } catch {
    return `${(minor / 10 ** digits).toFixed(digits)} ${currency}`;
  }
}

/** The amount as typed into a form field: `125050` CNY → "1250.5". */
export function toMajorText(minor: number | null | undefined, currency: string): string {
  if (minor === null || minor === undefined) return "";
  const digits = minorDigits(currency);
  const sign = minor < 0 ? "-" : "";
  const abs = Math.abs(minor);
  const whole = Math.floor(abs / 10 ** digits);
  const frac = digits ? String(abs % 10 ** digits).padStart(digits, "0").replace(/0+$/, "") : "";
  return `${sign}${whole}${frac ? `.${frac}` : ""}`;
}

/**
 * What was typed ("1,250.50", "1250") → minor units, exactly (no floating point): `null` for an empty field,
 * `undefined` when it is not an amount in this currency (letters, a negative, too many decimals).
 */
export function toMinor(text: string, currency: string): number | null | undefined {
  const s = text.trim().replace(/[,\s，]/g, "");
  if (s === "") return null;
  const digits = minorDigits(currency);
  const m = /^(\d+)(?:\.(\d*))?$/.exec(s);
  if (!m) return undefined;
  const frac = m[2] ?? "";
  if (frac.length > digits) return undefined;
  const value = Number(m[1]) * 10 ** digits + Number(frac.padEnd(digits, "0") || "0");
  return Number.isSafeInteger(value) ? value : undefined;
}
