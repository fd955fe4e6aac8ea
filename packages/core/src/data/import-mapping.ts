import { parsePhoneNumberWithError, type CountryCode } from "libphonenumber-js";
import { z } from "zod";
import { CareDates } from "../retention/care-dates";
import { Email } from "../validation";

export * as ImportMapping from "./import-mapping";

/**
 * Pure rules of an import: which field a column goes to (suggested from its header in Chinese or English)
 * and what a row becomes under a mapping, with a reason code for each cell that cannot be used.
 */
export type ImportObject = "contact" | "company";

/** Built-in fields per object and the header words that suggest them (compared after `normalizeHeader`). */
export const FIELDS: Record<ImportObject, Record<string, string[]>> = {
  contact: {
    name: ["name", "fullname", "contactname", "contact", "姓名", "名字", "联系人", "客户名称", "客户姓名", "名称"],
    firstName: ["firstname", "givenname", "first", "名"],
    lastName: ["lastname", "surname", "familyname", "last", "姓", "姓氏"],
    email: ["email", "emailaddress", "e-mail", "mail", "邮箱", "电子邮件", "电子邮箱", "邮件", "邮箱地址"],
    phone: ["phone", "mobile", "tel", "telephone", "cell", "phonenumber", "mobilephone", "手机", "电话", "手机号", "手机号码", "联系电话", "电话号码", "移动电话"],
    company: ["company", "companyname", "organization", "organisation", "account", "公司", "公司名称", "单位", "企业", "所属公司"],
    title: ["title", "jobtitle", "position", "role", "职位", "职务", "头衔", "岗位"],
    tags: ["tags", "tag", "labels", "标签"],
    birthday: ["birthday", "birthdate", "dateofbirth", "dob", "生日", "出生日期", "出生年月"],
    notes: ["notes", "note", "comment", "comments", "remark", "remarks", "description", "备注", "说明", "描述"],
    language: ["language", "lang", "语言"],
    externalId: ["externalid", "id", "customerid", "外部编号", "编号", "客户编号"],
  },
  company: {
    name: ["name", "company", "companyname", "organization", "organisation", "account", "公司", "公司名称", "企业名称", "单位名称", "名称", "客户名称"],
    domain: ["domain", "website", "web", "url", "site", "域名", "网站", "官网", "网址"],
    phone: ["phone", "tel", "telephone", "phonenumber", "电话", "联系电话", "公司电话", "座机", "手机"],
    industry: ["industry", "sector", "行业", "所属行业"],
    creditCode: ["creditcode", "uscc", "统一社会信用代码", "社会信用代码", "信用代码"],
    tags: ["tags", "tag", "labels", "标签"],
    notes: ["notes", "note", "comment", "comments", "remark", "remarks", "description", "备注", "说明", "描述"],
  },
};

/** A custom field as the mapping needs it (from `CustomField.definitions`). */
export interface CustomDef {
  key: string;
  type: string;
  labels?: { en?: string; "zh-CN"?: string };
  validation?: { options?: Array<{ key: string; labels?: { en?: string; "zh-CN"?: string } }> } | null;
}

/** Lower case, full-width to half-width, no spaces, punctuation or a required-marker star. */
export function normalizeHeader(header: string): string {
  return header.normalize("NFKC").toLowerCase().replace(/[\s_*:()（）[\]【】.\-/\\]+/g, "").trim();
}

/** Every field a column can go to, built-in first, then `custom.<key>`. */
export function fieldKeys(object: ImportObject, custom: CustomDef[]): string[] {
  return [...Object.keys(FIELDS[object]), ...custom.map((d) => `custom.${d.key}`)];
}

/**
 * The suggested field per column: the tenant's remembered choice for that header first, then an exact
 * synonym or custom-field label, then a synonym the header contains ("手机号码(必填)" → phone). A field is
 * suggested for one column only.
 */
export function suggest(headers: string[], object: ImportObject, custom: CustomDef[], remembered: Record<string, string> = {}): Array<string | null> {
  const valid = new Set(fieldKeys(object, custom));
  const words = new Map<string, string>();
  for (const [field, syn] of Object.entries(FIELDS[object])) for (const w of syn) if (!words.has(normalizeHeader(w))) words.set(normalizeHeader(w), field);
  for (const d of custom) {
    for (const label of [d.key, d.labels?.en, d.labels?.["zh-CN"]]) if (label) words.set(normalizeHeader(label), `custom.${d.key}`);
  }
  const used = new Set<string>();
  const out: Array<string | null> = headers.map(() => null);
  const take = (i: number, field: string | undefined) => {
    if (!field || out[i] || used.has(field) || !valid.has(field)) return;
    out[i] = field;
    used.add(field);
  };
  const norm = headers.map(normalizeHeader);
  norm.forEach((h, i) => take(i, remembered[h]));
  norm.forEach((h, i) => take(i, words.get(h)));
  norm.forEach((h, i) => {
    if (out[i] || h.length < 2) return;
    // Longest synonym first, so "公司电话" picks phone (电话) over company (公司) only when nothing longer fits.
    const hit = [...words.entries()].filter(([w]) => w.length >= 2 && h.includes(w)).sort((a, b) => b[0].length - a[0].length)[0];
    take(i, hit?.[1]);
  });
  return out;
}

export interface RowProblem {
  /** A reason code: `row.too_many_columns`, `contact.email_invalid`, ... */
  code: string;
  field?: string;
  message: string;
}

export interface RowResult {
  /** The record input (built-in fields and `custom`), as the domain's create takes it. */
  input: Record<string, unknown>;
  /** Notes go on the record's timeline after it is written. */
  notes?: string;
  /** Duplicate keys: `email:<lower>` and `phone:<E.164>`. */
  keys: string[];
  problems: RowProblem[];
}

const TRUE = new Set(["1", "true", "yes", "y", "是", "对", "✓", "✔", "x", "√"]);
const FALSE = new Set(["0", "false", "no", "n", "否", "不", ""]);

/** `1990/5/3`, `1990.05.03`, `1990年5月3日`, `5/3` as YYYY-MM-DD or MM-DD; undefined when it is not a date. */
export function normalizeDate(text: string): string | undefined {
  const t = text.trim();
  const full = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T].*)?$/.exec(t);
  if (full) return `${full[1]}-${full[2].padStart(2, "0")}-${full[3].padStart(2, "0")}`;
  const short = /^(\d{1,2})[-/.月](\d{1,2})日?$/.exec(t);
  if (short) return `${short[1].padStart(2, "0")}-${short[2].padStart(2, "0")}`;
  return undefined;
}

export function splitList(text: string): string[] {
  return [...new Set(text.split(/[,，;；|、\n]+/).map((s) => s.trim()).filter(Boolean))];
}

function optionKey(def: CustomDef, text: string): string {
  const t = text.trim().toLowerCase();
  const hit = def.validation?.options?.find((o) => o.key.toLowerCase() === t || o.labels?.en?.toLowerCase() === t || o.labels?.["zh-CN"] === text.trim());
  return hit?.key ?? text.trim();
}

/** A custom field's cell as the type its schema expects (the domain's validation has the last word). */
export function customValue(def: CustomDef, text: string, currency: string): unknown {
  const t = text.trim();
  switch (def.type) {
    case "number": {
      const n = Number(t.replace(/[,\s]/g, ""));
      return Number.isFinite(n) ? n : t;
    }
    case "money": {
      const m = /^([A-Za-z]{3})?\s*([-\d.,]+)\s*([A-Za-z]{3})?$/.exec(t.replace(/[¥￥$]/g, ""));
      const n = m ? Number(m[2].replace(/,/g, "")) : NaN;
      return Number.isFinite(n) ? { amount: n, currency: (m?.[1] ?? m?.[3] ?? currency).toUpperCase() } : t;
    }
    case "checkbox":
      return TRUE.has(t.toLowerCase()) ? true : FALSE.has(t.toLowerCase()) ? false : t;
    case "date":
      return normalizeDate(t) ?? t;
    case "single_select":
      return optionKey(def, t);
    case "multi_select":
      return splitList(t).map((x) => optionKey(def, x));
    default:
      return t;
  }
}

const LANGUAGES: Record<string, "zh-CN" | "en"> = { "zh-cn": "zh-CN", zh: "zh-CN", 中文: "zh-CN", 简体中文: "zh-CN", chinese: "zh-CN", en: "en", english: "en", 英文: "en", 英语: "en" };

/**
 * What one row becomes under `mapping`. Problems are reported, never thrown: the caller decides
 * whether the row fails (the import) or is only shown (the preview).
 */
export function toInput(object: ImportObject, cells: string[], mapping: Array<string | null>, ctx: { columns: number; region: string; currency: string; custom: CustomDef[] }): RowResult {
  const problems: RowProblem[] = [];
  const input: Record<string, unknown> = {};
  const custom: Record<string, unknown> = {};
  const keys: string[] = [];
  let notes: string | undefined;
  const extra = cells.slice(ctx.columns);
  if (extra.some((c) => c.trim() !== "")) problems.push({ code: "row.too_many_columns", message: `The row has ${cells.length} cells; the header has ${ctx.columns}.` });
  else if (cells.length < ctx.columns) problems.push({ code: "row.too_few_columns", message: `The row has ${cells.length} cells; the header has ${ctx.columns}.` });
  const bad = (field: string, message: string) => problems.push({ code: `${object}.${field}_invalid`, field, message });
  mapping.forEach((field, i) => {
    if (!field) return;
    const text = (cells[i] ?? "").trim();
    if (!text) return;
    if (field.startsWith("custom.")) {
      const def = ctx.custom.find((d) => `custom.${d.key}` === field);
      if (def) custom[def.key] = customValue(def, text, ctx.currency);
      return;
    }
    switch (field) {
      case "email": {
        const r = Email.safeParse(text);
        if (r.success) {
          input.email = r.data;
          keys.push(`email:${r.data}`);
        } else bad("email", "Not a valid email address.");
        return;
      }
      case "phone": {
        try {
          const p = parsePhoneNumberWithError(text, ctx.region as CountryCode);
          if (!p.isValid()) throw new Error("invalid");
          input.phone = p.number;
          keys.push(`phone:${p.number}`);
        } catch {
          bad("phone", `Not a valid phone number for region ${ctx.region}.`);
        }
        return;
      }
      case "birthday": {
        const d = normalizeDate(text);
        if (d && CareDates.isBirthday(d)) input.birthday = d;
        else bad("birthday", "Use a date such as 1990-05-03 or 05-03.");
        return;
      }
      case "tags":
        input.tags = splitList(text).map((t) => t.slice(0, 50)).slice(0, 50);
        return;
      case "language": {
        const l = LANGUAGES[text.toLowerCase()];
        if (l) input.language = l;
        else bad("language", "Use zh-CN or en.");
        return;
      }
      case "domain":
        input.domain = text.toLowerCase().replace(/^https?:\/\//, "").replace(/^www\./, "").replace(/\/.*$/, "");
        return;
      case "notes":
        notes = text.slice(0, 10_000);
        return;
      default:
        input[field] = text;
    }
  });
  // A name split in two columns: 姓 + 名 join without a space, Western names with one.
  const first = input.firstName as string | undefined;
  const last = input.lastName as string | undefined;
  delete input.firstName;
  delete input.lastName;
  if (!input.name && (first || last)) input.name = /[\u3400-\u9fff]/.test(`${last ?? ""}${first ?? ""}`) ? `${last ?? ""}${first ?? ""}` : [first, last].filter(Boolean).join(" ");
  if (typeof input.name !== "string" || !input.name) problems.push({ code: `${object}.name_missing`, field: "name", message: "The row has no name." });
  else if (input.name.length > 200) bad("name", "The name is longer than 200 characters.");
  for (const f of ["title", "industry", "company"]) if (typeof input[f] === "string" && (input[f] as string).length > 200) bad(f, "Longer than 200 characters.");
  if (typeof input.externalId === "string" && input.externalId.length > 100) bad("externalId", "Longer than 100 characters.");
  if (Object.keys(custom).length) input.custom = custom;
  return { input, notes, keys, problems };
}

/** The mapping a request may send: one field (or null) per column. */
export const Mapping = z.array(z.string().max(60).nullable()).max(500);
