import { DateTime } from "luxon";
import { z } from "zod";
import { STAGES } from "../data/lifecycle-rules";

export * as Filter from "./filter";

/**
 * The filter model of segments and list views, pure: a list of conditions combined with `all` or `any`,
 * each a field, an operator and a value. `schema(defs)` builds the zod schema from the tenant's custom field
 * definitions (an unknown field or an operator the field's type lacks is a 400 naming the condition);
 * `compile` resolves each condition to its kind once; `matches` evaluates a record with no I/O.
 */

/** How a field is compared; decides its operators. */
export type Kind = "text" | "number" | "money" | "date" | "datetime" | "select" | "multi" | "checkbox" | "user" | "link" | "tags" | "gone";

export const OPERATORS: Record<Kind, readonly string[]> = {
  text: ["contains", "equals", "empty", "not_empty"],
  number: ["between", "empty", "not_empty"],
  money: ["between", "empty", "not_empty"],
  date: ["between", "within_days", "older_than_days", "empty", "not_empty"],
  datetime: ["between", "within_days", "older_than_days", "empty", "not_empty"],
  select: ["is", "is_any_of", "empty", "not_empty"],
  multi: ["has_any", "has_all", "empty", "not_empty"],
  checkbox: ["is"],
  user: ["is", "is_any_of", "empty", "not_empty"],
  link: ["is", "empty", "not_empty"],
  tags: ["has_any", "has_all", "empty", "not_empty"],
  gone: [],
};

/** Built-in fields of contacts and companies and how each compares. */
export const BUILT_IN: Record<string, Kind> = {
  name: "text", email: "text", phone: "text", source: "text",
  tags: "tags", lifecycleStage: "select", ownerId: "user", healthBand: "select",
  createdAt: "datetime", updatedAt: "datetime", lastActivityAt: "datetime",
};
export const BAND_VALUES = ["healthy", "watch", "at_risk"] as const;

const CUSTOM_KIND: Record<string, Kind> = {
  text: "text", long_text: "text", url: "text", email: "text", phone: "text",
  number: "number", money: "money", date: "date", datetime: "datetime",
  single_select: "select", multi_select: "multi", checkbox: "checkbox", user: "user", record_link: "link",
};

/** What the schema needs of a custom field definition. */
export interface FieldDef { key: string; type: string; validation?: { options?: Array<{ key: string }> } | null }

const Str = z.string().trim().min(1).max(200);
const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/, "Use YYYY-MM-DD or an ISO date-time.")
  .refine((v) => DateTime.fromISO(v, { setZone: true }).isValid, "Not a valid date.");
const Range = z.strictObject({ min: z.number().finite().optional(), max: z.number().finite().optional(), currency: z.string().regex(/^[A-Z]{3}$/).optional() })
  .refine((r) => r.min !== undefined || r.max !== undefined, "Give min, max or both.");
const Dates = z.strictObject({ from: Day.optional(), to: Day.optional() }).refine((r) => r.from || r.to, "Give from, to or both.");
const Days = z.number().int().min(0).max(36500);
const List = z.array(Str).min(1).max(100);

/** The value schema of an operator for a kind (`undefined`: the operator takes no value). */
function valueSchema(kind: Kind, op: string, options?: string[]): z.ZodType | undefined {
  const option = options ? z.string().refine((v) => options.includes(v), "Unknown option.") : Str;
  switch (op) {
    case "empty": case "not_empty": return undefined;
    case "contains": case "equals": return Str;
    case "between": return kind === "number" || kind === "money" ? Range : Dates;
    case "within_days": case "older_than_days": return Days;
    case "is": return kind === "checkbox" ? z.boolean() : kind === "select" ? option : Str;
    case "is_any_of": return z.array(kind === "select" ? option : Str).min(1).max(100);
    case "has_any": case "has_all": return kind === "multi" && options ? z.array(option).min(1).max(100) : List;
  }
  return z.never();
}

export const Condition = z.strictObject({ field: z.string().min(1).max(80), op: z.string().min(1).max(40), value: z.unknown().optional() });
export type Condition = z.infer<typeof Condition>;
export const FilterShape = z.strictObject({ match: z.enum(["all", "any"]).default("all"), conditions: z.array(Condition).max(20) });
export type Filter = z.infer<typeof FilterShape>;

/** A field's kind and, for selects, its options; undefined for an unknown field. */
export function fieldOf(field: string, defs: FieldDef[]): { kind: Kind; options?: string[] } | undefined {
  if (field in BUILT_IN) {
    const kind = BUILT_IN[field];
    if (field === "lifecycleStage") return { kind, options: [...STAGES] };
    if (field === "healthBand") return { kind, options: [...BAND_VALUES] };
    return { kind };
  }
  if (!field.startsWith("custom.")) return undefined;
  const def = defs.find((d) => d.key === field.slice(7));
  const kind = def ? CUSTOM_KIND[def.type] : undefined;
  if (!def || !kind) return undefined;
  const options = kind === "select" || kind === "multi" ? (def.validation?.options ?? []).map((o) => o.key) : undefined;
  return { kind, options };
}

/** The zod schema of a filter over an object with these custom field definitions. */
export function schema(defs: FieldDef[]) {
  return FilterShape.superRefine((f, ctx) => {
    f.conditions.forEach((c, i) => {
      const n = i + 1;
      const field = fieldOf(c.field, defs);
      if (!field) return ctx.addIssue({ code: "custom", path: ["conditions", i, "field"], message: `Condition ${n}: unknown field ${c.field}.` });
      if (!OPERATORS[field.kind].includes(c.op)) {
        return ctx.addIssue({ code: "custom", path: ["conditions", i, "op"], message: `Condition ${n}: ${c.field} takes ${OPERATORS[field.kind].join(", ")}, not ${c.op}.` });
      }
      const vs = valueSchema(field.kind, c.op, field.options);
      if (!vs) {
        if (c.value !== undefined && c.value !== null) ctx.addIssue({ code: "custom", path: ["conditions", i, "value"], message: `Condition ${n}: ${c.op} takes no value.` });
        return;
      }
      const r = vs.safeParse(c.value);
      if (!r.success) ctx.addIssue({ code: "custom", path: ["conditions", i, "value"], message: `Condition ${n}: ${r.error.issues[0]?.message ?? "invalid value"}.` });
    });
  });
}

/** A condition with its kind resolved (what `matches` evaluates). */
export interface Compiled { match: "all" | "any"; conditions: Array<Condition & { kind: Kind }> }

/**
 * Resolves each condition's kind. A stored filter compiled after a field was deleted keeps the condition
 * as `gone`: it matches only `empty` (the value is no longer shown), so a segment never widens silently.
 */
export function compile(filter: Filter, defs: FieldDef[]): Compiled {
  return { match: filter.match ?? "all", conditions: filter.conditions.map((c) => ({ ...c, kind: fieldOf(c.field, defs)?.kind ?? "gone" })) };
}

/** Whether the filter needs health or activity data (read only then). */
export function needsHealth(filter: Filter): boolean {
  return filter.conditions.some((c) => c.field === "healthBand" || c.field === "lastActivityAt");
}

/** What a record offers the filter: its own fields and what is read beside it (health band, last activity). */
export interface FilterRecord {
  name?: string; email?: string | null; phone?: string | null; source?: string | null;
  tags?: string[] | null; lifecycleStage?: string | null; ownerId?: string; healthBand?: string | null;
  createdAt?: string; updatedAt?: string; lastActivityAt?: string | null;
  custom?: Record<string, unknown> | null;
}

export interface Context {
  now: Date;
  /** The tenant's zone: a date-only bound of a date-time field is that day in this zone. */
  timeZone?: string;
}

function valueOf(record: FilterRecord, field: string): unknown {
  if (field.startsWith("custom.")) return record.custom?.[field.slice(7)];
  return (record as Record<string, unknown>)[field];
}

export function isEmpty(v: unknown): boolean {
  return v === undefined || v === null || v === "" || (Array.isArray(v) && v.length === 0);
}

const fold = (s: string) => s.normalize("NFKC").toLowerCase().trim();

/** The instant a bound means: a date-only `from` is the start of that day, a `to` its end, in the zone. */
function bound(v: string, side: "from" | "to", zone: string): number {
  if (v.length === 10) {
    const d = DateTime.fromISO(v, { zone });
    return (side === "from" ? d.startOf("day") : d.endOf("day")).toMillis();
  }
  return DateTime.fromISO(v, { setZone: true }).toMillis();
}

function inDates(v: unknown, kind: Kind, range: { from?: string; to?: string }, ctx: Context): boolean {
  if (typeof v !== "string" || !v) return false;
  if (kind === "date") {
    // A custom date is a calendar day: compare days as written.
    const day = v.slice(0, 10);
    return (!range.from || day >= range.from.slice(0, 10)) && (!range.to || day <= range.to.slice(0, 10));
  }
  const t = Date.parse(v);
  if (Number.isNaN(t)) return false;
  const zone = ctx.timeZone ?? "UTC";
  return (!range.from || t >= bound(range.from, "from", zone)) && (!range.to || t <= bound(range.to, "to", zone));
}

function timeOf(v: unknown, kind: Kind, zone: string): number | undefined {
  if (typeof v !== "string" || !v) return undefined;
  const t = kind === "date" ? DateTime.fromISO(v.slice(0, 10), { zone }).toMillis() : Date.parse(v);
  return Number.isNaN(t) ? undefined : t;
}

/** One condition on one record. */
export function test(record: FilterRecord, c: Condition & { kind: Kind }, ctx: Context): boolean {
  const v = valueOf(record, c.field);
  if (c.op === "empty") return isEmpty(v);
  if (c.op === "not_empty") return !isEmpty(v);
  if (c.kind === "gone") return false;
  const want = c.value as never;
  switch (c.op) {
    case "contains": return typeof v === "string" && fold(v).includes(fold(want));
    case "equals": return typeof v === "string" && fold(v) === fold(want);
    case "is": return c.kind === "link" ? (v as { id?: string } | null)?.id === want : v === want;
    case "is_any_of": return typeof v === "string" && (want as string[]).includes(v);
    case "has_any": return Array.isArray(v) && (want as string[]).some((x) => v.includes(x));
    case "has_all": return Array.isArray(v) && (want as string[]).every((x) => v.includes(x));
    case "between": {
      if (c.kind === "number" || c.kind === "money") {
        const r = want as { min?: number; max?: number; currency?: string };
        const money = c.kind === "money" ? (v as { amount?: unknown; currency?: string } | null) : null;
        const n = c.kind === "money" ? money?.amount : v;
        if (typeof n !== "number") return false;
        if (r.currency && money?.currency !== r.currency) return false;
        return (r.min === undefined || n >= r.min) && (r.max === undefined || n <= r.max);
      }
      return inDates(v, c.kind, want, ctx);
    }
    case "within_days": case "older_than_days": {
      const t = timeOf(v, c.kind, ctx.timeZone ?? "UTC");
      if (t === undefined) return false;
      const edge = ctx.now.getTime() - (want as number) * 86_400_000;
      return c.op === "within_days" ? t >= edge : t < edge;
    }
  }
  return false;
}

/** Whether a record matches: every condition (`all`) or at least one (`any`); no conditions match everything. */
export function matches(record: FilterRecord, filter: Compiled, ctx: Context): boolean {
  if (!filter.conditions.length) return true;
  return filter.match === "any" ? filter.conditions.some((c) => test(record, c, ctx)) : filter.conditions.every((c) => test(record, c, ctx));
}
