import { DateTime } from "luxon";
import { parsePhoneNumberWithError, type CountryCode } from "libphonenumber-js";
import { z } from "zod";
import { ValidationError } from "./errors";
import { Email, Id } from "./validation";

export * as CustomFieldSchema from "./custom-field-schema";

/**
 * Pure rules of custom fields: the zod schema of one field's value, the schema of a record's `custom` map
 * built from the active definitions, and how input meets stored values (defaults on create, a patch on
 * update, values of deleted fields kept but never accepted or shown). No I/O: the domain module loads the
 * definitions and checks what needs the table (a user is a member, a linked record exists).
 */

export const OBJECT_TYPES = ["contact", "company", "deal", "ticket"] as const;
export const FIELD_TYPES = [
  "text", "long_text", "number", "money", "date", "datetime", "single_select", "multi_select",
  "checkbox", "url", "email", "phone", "user", "record_link",
] as const;
export type FieldType = (typeof FIELD_TYPES)[number];
/** Types whose value is text a search can index. */
export const SEARCHABLE_TYPES: readonly FieldType[] = ["text", "long_text", "email", "phone", "url"];
const TEXT_MAX: Partial<Record<FieldType, number>> = { text: 2000, long_text: 20000 };

export const KEY_PATTERN = /^[a-z][a-z0-9_]{0,39}$/;
export const Key = z.string().regex(KEY_PATTERN, "Use a lower-case letter, then up to 39 lower-case letters, digits or underscores.");
export const ObjectType = z.string().max(40).regex(/^[a-z][a-z0-9_]{0,39}$/);

export const Labels = z
  .strictObject({ en: z.string().trim().max(100).default(""), "zh-CN": z.string().trim().max(100).default("") })
  .refine((l) => l.en.length > 0 || l["zh-CN"].length > 0, "Give a label in at least one language.");
export const Help = z.strictObject({ en: z.string().trim().max(500).optional(), "zh-CN": z.string().trim().max(500).optional() });
export const Option = z.strictObject({
  key: z.string().trim().regex(/^[A-Za-z0-9_-]{1,40}$/, "Use up to 40 letters, digits, dashes or underscores."),
  labels: Labels,
});
export const Validation = z.strictObject({
  /** Numbers and money amounts: the value; text: its length; multi-select: how many options. */
  min: z.number().finite().optional(),
  max: z.number().finite().optional(),
  /** Text: a regular expression the whole value must match. */
  pattern: z.string().max(200).optional(),
  options: z.array(Option).max(200).optional(),
  /** Record links: which objects may be linked (all when absent). */
  objectTypes: z.array(z.enum(OBJECT_TYPES)).min(1).max(OBJECT_TYPES.length).optional(),
});
export type Validation = z.infer<typeof Validation>;

/** A definition as far as the rules care. */
export interface Definition {
  key: string;
  type: FieldType | string;
  required?: boolean;
  default?: unknown;
  validation?: Validation | null;
  deletedAt?: string | null;
  purgingAt?: string | null;
}

export interface Context {
  /** The tenant's phone region, for numbers written without a country code. */
  region: string;
}

export const isActive = (d: Definition) => !d.deletedAt && !d.purgingAt;

function isDate(v: string) {
  return /^\d{4}-\d{2}-\d{2}$/.test(v) && DateTime.fromISO(v).isValid;
}

function withRange<T extends z.ZodNumber>(s: T, v?: Validation | null): T {
  let out = s;
  if (v?.min !== undefined) out = out.min(v.min) as T;
  if (v?.max !== undefined) out = out.max(v.max) as T;
  return out;
}

function safeRegExp(pattern: string): RegExp | null {
  try {
    return new RegExp(`^(?:${pattern})$`, "u");
  } catch {
    return null;
  }
}

/** The schema of one field's value (never null: clearing is handled by the map's schema). */
export function valueSchema(def: Definition, ctx: Context): z.ZodType {
  const v = def.validation ?? undefined;
  switch (def.type as FieldType) {
    case "text":
    case "long_text": {
      let s = z.string().trim().max(Math.min(v?.max ?? Infinity, TEXT_MAX[def.type as FieldType]!));
      if (v?.min !== undefined) s = s.min(v.min);
      const re = v?.pattern ? safeRegExp(v.pattern) : null;
      return re ? s.regex(re, "Does not match the expected format.") : s;
    }
    case "number":
      return withRange(z.number().finite(), v);
    case "money":
      return z.strictObject({
        amount: withRange(z.number().finite(), v),
        currency: z.string().trim().toUpperCase().regex(/^[A-Z]{3}$/, "Use a 3-letter currency code."),
      });
    case "date":
      return z.string().refine(isDate, "Use a date as YYYY-MM-DD.");
    case "datetime":
      return z.iso.datetime({ offset: true, message: "Use an ISO date and time." });
    case "single_select":
      return z.string().refine((x) => (v?.options ?? []).some((o) => o.key === x), "Unknown option.");
    case "multi_select": {
      let s = z
        .array(z.string().refine((x) => (v?.options ?? []).some((o) => o.key === x), "Unknown option."))
        .max(400)
        .transform((xs) => [...new Set(xs)]);
      if (v?.min !== undefined || v?.max !== undefined) {
        s = s.refine((xs) => (v?.min === undefined || xs.length >= v.min) && (v?.max === undefined || xs.length <= v.max), "Too few or too many options.") as never;
      }
      return s;
    }
    case "checkbox":
      return z.boolean();
    case "url":
      return z.string().trim().max(2000).pipe(z.url({ protocol: /^https?$/, message: "Enter an http or https URL." }));
    case "email":
      return Email;
    case "phone":
      return z.string().trim().max(40).transform((x, c) => {
        try {
          const parsed = parsePhoneNumberWithError(x, ctx.region as CountryCode);
          if (parsed.isValid()) return parsed.number as string;
        } catch {
          // reported below
        }
        c.addIssue({ code: "custom", message: `Not a valid phone number for region ${ctx.region}.` });
        return z.NEVER;
      });
    case "user":
      return Id;
    case "record_link":
      return z.strictObject({ objectType: z.enum((v?.objectTypes ?? OBJECT_TYPES) as [string, ...string[]]), id: Id });
    default:
      return z.never();
  }
}

/**
 * The schema of the `custom` map given in a create or an update: only active fields, each optional, `null`
 * clears a value. Unknown keys (and keys of deleted fields) are refused.
 */
export function inputSchema(defs: Definition[], ctx: Context) {
  const shape: Record<string, z.ZodType> = {};
  for (const d of defs.filter(isActive)) shape[d.key] = valueSchema(d, ctx).nullable().optional();
  return z.strictObject(shape);
}

/** Turns zod issues into fields named `custom.<key>` (nested paths of money and links name their field). */
function toError(error: z.ZodError): ValidationError {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    if (issue.code === "unrecognized_keys") {
      for (const k of issue.keys) fields[`custom.${k}`] = "Unknown field.";
      continue;
    }
    const key = issue.path.length ? `custom.${String(issue.path[0])}` : "custom";
    fields[key] ??= issue.message;
  }
  const names = Object.keys(fields);
  return new ValidationError(`Check ${names.length === 1 ? "the field" : "the fields"}: ${names.join(", ")}.`, fields);
}

const isEmpty = (x: unknown) => x === undefined || x === null || x === "" || (Array.isArray(x) && x.length === 0);

/**
 * The `custom` map to store. On create (`before` undefined) defaults fill what was not given; on update the
 * input is a patch over the stored map (`null` clears). Stored values of deleted fields are kept as they
 * are. Required fields must end up with a value. Throws a ValidationError naming `custom.<key>`.
 */
export function apply(defs: Definition[], input: unknown, before: Record<string, unknown> | undefined, ctx: Context): Record<string, unknown> {
  if (input === null || typeof input !== "object" || Array.isArray(input)) {
    throw new ValidationError("Custom fields are an object of values by field key.", { custom: "Expected an object." });
  }
  const result = inputSchema(defs, ctx).safeParse(input);
  if (!result.success) throw toError(result.error);
  const given = result.data as Record<string, unknown>;
  const out: Record<string, unknown> = { ...(before ?? {}) };
  for (const [k, v] of Object.entries(given)) {
    if (v === undefined) continue;
    if (v === null) delete out[k];
    else out[k] = v;
  }
  const missing: Record<string, string> = {};
  for (const d of defs.filter(isActive)) {
    if (!before && isEmpty(out[d.key]) && !isEmpty(d.default)) out[d.key] = d.default;
    if (isEmpty(out[d.key])) delete out[d.key];
    if (d.required && out[d.key] === undefined) missing[`custom.${d.key}`] = "Required.";
  }
  if (Object.keys(missing).length) throw new ValidationError(`Fill in: ${Object.keys(missing).join(", ")}.`, missing);
  return out;
}

/** What the API shows of a stored map: values of active fields only. */
export function visible(defs: Definition[], values: unknown): Record<string, unknown> {
  if (!values || typeof values !== "object") return {};
  const active = new Set(defs.filter(isActive).map((d) => d.key));
  return Object.fromEntries(Object.entries(values as Record<string, unknown>).filter(([k]) => active.has(k)));
}

/**
 * Checks a definition as a whole (after parsing its parts): options for selects, a range that makes
 * sense, a pattern that compiles, a default the field itself accepts. Returns problems by field name.
 */
export function problems(def: Definition & { searchable?: boolean }, ctx: Context): Record<string, string> {
  const out: Record<string, string> = {};
  const v = def.validation ?? {};
  const selects = def.type === "single_select" || def.type === "multi_select";
  if (selects && !(v.options ?? []).length) out["validation.options"] = "Give at least one option.";
  if (v.options) {
    const keys = v.options.map((o) => o.key);
    if (new Set(keys).size !== keys.length) out["validation.options"] = "Option keys must be unique.";
  }
  if (v.min !== undefined && v.max !== undefined && v.min > v.max) out["validation.max"] = "Must not be less than the minimum.";
  if ((def.type === "text" || def.type === "long_text") && (v.min ?? 0) < 0) out["validation.min"] = "Must not be negative.";
  if (v.pattern !== undefined && !safeRegExp(v.pattern)) out["validation.pattern"] = "Not a valid regular expression.";
  if (v.pattern !== undefined && def.type !== "text" && def.type !== "long_text") out["validation.pattern"] = "Only text fields take a pattern.";
  if (def.searchable && !SEARCHABLE_TYPES.includes(def.type as FieldType)) out.searchable = "Only text, email, phone and URL fields can be searchable.";
  if (!isEmpty(def.default) && !out["validation.options"] && !out["validation.pattern"]) {
    if (def.type === "user" || def.type === "record_link") out.default = "This type takes no default.";
    else if (!valueSchema(def, ctx).safeParse(def.default).success) out.default = "The default is not a valid value of this field.";
  }
  return out;
}

/** The default as stored: normalized by the field's own schema (a phone in E.164, a trimmed text). */
export function normalizeDefault(def: Definition, ctx: Context): unknown {
  if (isEmpty(def.default)) return undefined;
  const r = valueSchema(def, ctx).safeParse(def.default);
  return r.success ? r.data : undefined;
}
