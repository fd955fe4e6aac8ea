export * as ExportCells from "./export-cells";

/** The languages export headers come in. */
export type Lang = "en" | "zh-CN";

/** What one cell of an exported row may hold once formatted. */
export type Cell = string | number | boolean | null;

/**
 * A text cell that a spreadsheet would run as a formula (OWASP "CSV injection"): `=`, `+`, `-`, `@`, and a
 * leading tab or carriage return, which Excel strips before looking at the next character. Such text is
 * prefixed with `'`, which spreadsheets read as "this is text" in both CSV and XLSX.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function escape(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/**
 * A stored value as a cell: numbers and booleans stay typed (a number can never be a formula), dates and
 * lists become text, money `{ amount, currency }` reads as "amount currency", other objects as JSON; every
 * text goes through `escape`.
 */
export function cell(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (typeof value === "boolean") return value;
  if (typeof value === "string") return escape(value);
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return escape(value.map((v) => (typeof v === "object" && v !== null ? JSON.stringify(v) : String(v))).join("; "));
  if (typeof value === "object") {
    const o = value as Record<string, unknown>;
    if ("amount" in o && "currency" in o && Object.keys(o).length === 2) return escape(`${o.amount} ${o.currency}`);
    return escape(JSON.stringify(o));
  }
  return escape(String(value));
}

/** The requester's language: `?lang=` first, then the first supported entry of Accept-Language, else English. */
export function language(lang: string | undefined, acceptLanguage: string | undefined): Lang {
  if (lang === "zh-CN" || lang === "en") return lang;
  const ranked = (acceptLanguage ?? "")
    .split(",")
    .map((part, i) => {
      const [tag, ...params] = part.trim().split(";");
      const q = params.map((p) => /^q=([\d.]+)$/.exec(p.trim())?.[1]).find(Boolean);
      return { tag: tag.toLowerCase(), q: q === undefined ? 1 : Number(q), i };
    })
    .filter((x) => x.tag && x.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  for (const { tag } of ranked) {
    if (tag.startsWith("zh")) return "zh-CN";
    if (tag.startsWith("en")) return "en";
  }
  return "en";
}

/**
 * `Content-Disposition` for a download: an ASCII `filename` for old clients and the UTF-8 `filename*`
 * (RFC 6266 / 5987) that browsers prefer, so a Chinese file name survives.
 */
export function disposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
