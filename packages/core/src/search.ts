import { useTenant } from "./actor";
import { SearchEntity } from "./db/search";
import { Phone } from "./phone";
import { SearchPinyin } from "./search-pinyin";

export * as Search from "./search";

const MAX_TERM = 100;
/** Each term is one item in the record's transaction (at most 100 items): the list is capped. */
const MAX_TERMS = 40;

/** Normalizes text for sorting and prefix search: NFKC, lower case, collapsed spaces. */
export function normalize(text: string): string {
  return text.normalize("NFKC").toLowerCase().replace(/\s+/g, " ").trim();
}

/**
 * The terms a record is found by: whole name, each word, the pinyin of a Chinese name (whole, initials,
 * given name), email (which its local part finds as a prefix), phone digits (with the last four), and extra texts (company name,
 * searchable custom fields).
 */
export function terms(input: { name?: string; email?: string; phone?: string; extra?: string[] }): string[] {
  const out = new Set<string>();
  if (input.name) {
    const n = normalize(input.name);
    out.add(n.replace(/ /g, ""));
    for (const w of n.split(" ")) if (w) out.add(w);
    for (const p of SearchPinyin.terms(n)) out.add(p);
  }
  // The local part is a prefix of the whole address, so the address alone finds both.
  if (input.email) out.add(input.email.toLowerCase());
  if (input.phone) {
    const digits = Phone.searchDigits(input.phone);
    for (const d of digits) out.add(d);
    if (digits[0]?.length > 4) out.add(digits[0].slice(-4));
  }
  for (const e of input.extra ?? []) {
    const n = e ? normalize(e) : "";
    if (!n) continue;
    out.add(n.replace(/ /g, ""));
    for (const w of n.split(" ").slice(1, 3)) if (w) out.add(w);
    for (const p of SearchPinyin.terms(n).slice(0, 2)) out.add(p);
  }
  return [...new Set([...out].filter(Boolean).map((t) => t.slice(0, MAX_TERM)))].slice(0, MAX_TERMS);
}

/** What a typed query is matched as: digits for phone-like input, otherwise normalized text. */
export function queryTerm(q: string): string {
  const trimmed = q.trim();
  if (/^[+\d][\d\s()-]*$/.test(trimmed) && /\d{3,}/.test(trimmed.replace(/\D/g, ""))) return trimmed.replace(/\D/g, "");
  return normalize(trimmed).replace(/ /g, "");
}

/** Puts and deletes the index items of one record so they match `next` (used inside the record's transaction). */
export function indexOps(kind: string, recordId: string, prev: string[], next: string[], owner: { ownerId: string; shared: boolean }) {
  const tenantId = useTenant();
  const nextSet = new Set(next);
  const ops: Array<() => object> = [];
  for (const term of prev) if (!nextSet.has(term)) ops.push(() => SearchEntity.delete({ tenantId, kind, term, recordId }));
  for (const term of next) ops.push(() => SearchEntity.put({ tenantId, kind, term, recordId, ...owner }));
  return ops;
}

/**
 * The highest code point: `term` to `term + PREFIX_END` spans every key starting with `term`. A range is read
 * from the sort key's index, where `begins_with` can cost a read of the whole partition (DynamoDB Local does).
 */
export const PREFIX_END = "\u{10FFFF}";

/** The query for the index items of one kind whose term starts with `term`. */
export function byPrefix(kind: string, term: string) {
  return SearchEntity.query.primary({ tenantId: useTenant(), kind }).between({ term }, { term: term + PREFIX_END });
}

/** Record ids whose terms start with `q`, in term order. */
export async function find(kind: string, q: string, max = 50): Promise<string[]> {
  const term = queryTerm(q);
  if (!term) return [];
  const { data } = await byPrefix(kind, term).go({ count: max * 2 });
  const ids: string[] = [];
  for (const item of data) if (!ids.includes(item.recordId)) ids.push(item.recordId);
  return ids.slice(0, max);
}
