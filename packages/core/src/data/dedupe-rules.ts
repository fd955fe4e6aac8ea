import { Search } from "../search";
import { SearchPinyin } from "../search-pinyin";

export * as DedupeRules from "./dedupe-rules";

export const RULES = ["email", "phone", "name", "pinyin"] as const;
export type Rule = (typeof RULES)[number];
export type RuleSet = Record<Rule, boolean>;
export const ALL_ON: RuleSet = { email: true, phone: true, name: true, pinyin: true };

/** How sure a shared key makes us that two records are one: an email is near proof, a spoken name a hint. */
export const CONFIDENCE: Record<Rule, number> = { email: 0.95, phone: 0.9, name: 0.8, pinyin: 0.6 };

/**
 * A key shared by more records than this is too common to mean anything (a switchboard number, "张伟" at
 * the same large customer): the block is dropped rather than compared, which keeps the scan linear.
 */
export const MAX_BLOCK = 25;

export interface Candidate {
  id: string;
  name: string;
  email?: string | null;
  phone?: string | null;
  /** Contacts: their company; companies: their domain. Names only block together within the same one. */
  scope?: string | null;
}

/** Lower case, no `+tag`, and no dots in Gmail local parts: the forms one mailbox is typed in. */
export function normalizeEmail(email: string): string {
  const [local, domain] = email.trim().toLowerCase().split("@");
  if (!domain) return local;
  let l = local.split("+")[0];
  const d = domain === "googlemail.com" ? "gmail.com" : domain;
  if (d === "gmail.com") l = l.replace(/\./g, "");
  return `${l}@${d}`;
}

/** Digits only, so `+86 138-0013-8000` and `+8613800138000` agree (phones are stored in E.164). */
export function normalizePhone(phone: string): string {
  return phone.replace(/\D/g, "");
}

/** Name without spaces or punctuation, NFKC and lower case: `Zhang  Wei`, `zhang-wei` and `ZhangWei` agree. */
export function normalizeName(name: string): string {
  return Search.normalize(name).replace(/[\s\p{P}\p{S}]/gu, "");
}

/** The blocking keys of one record under the rules that are on. Records sharing a key are candidates. */
export function keys(c: Candidate, rules: RuleSet): Array<{ rule: Rule; key: string }> {
  const out: Array<{ rule: Rule; key: string }> = [];
  const scope = c.scope || "-";
  if (rules.email && c.email) out.push({ rule: "email", key: `e:${normalizeEmail(c.email)}` });
  if (rules.phone && c.phone) {
    const p = normalizePhone(c.phone);
    if (p.length >= 6) out.push({ rule: "phone", key: `p:${p}` });
  }
  const n = normalizeName(c.name);
  if (rules.name && n) out.push({ rule: "name", key: `n:${scope}:${n}` });
  if (rules.pinyin && SearchPinyin.hasHan(c.name)) {
    const py = SearchPinyin.key(c.name);
    if (py) out.push({ rule: "pinyin", key: `y:${scope}:${py}` });
  }
  return out;
}

export interface Group {
  ids: string[];
  reasons: Rule[];
  confidence: number;
}

/**
 * Groups records that share a blocking key (transitively: a shares an email with b, b a phone with c).
 * Input is the (key → ids) blocks, so the work is linear in the number of keys, never in pairs.
 */
export function group(blocks: Map<string, { rule: Rule; ids: string[] }>): Group[] {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let r = x;
    while (parent.get(r) !== r) r = parent.get(r)!;
    let y = x;
    while (parent.get(y) !== r) {
      const next = parent.get(y)!;
      parent.set(y, r);
      y = next;
    }
    return r;
  };
  const reasons = new Map<string, Set<Rule>>();
  for (const { ids } of blocks.values()) for (const id of ids) if (!parent.has(id)) parent.set(id, id);
  const usable = [...blocks.values()].filter((b) => b.ids.length > 1 && b.ids.length <= MAX_BLOCK);
  for (const b of usable) for (let i = 1; i < b.ids.length; i++) {
    const [x, y] = [find(b.ids[0]), find(b.ids[i])];
    if (x !== y) parent.set(y, x);
  }
  for (const b of usable) {
    const root = find(b.ids[0]);
    if (!reasons.has(root)) reasons.set(root, new Set());
    reasons.get(root)!.add(b.rule);
  }
  const members = new Map<string, string[]>();
  for (const id of parent.keys()) {
    const root = find(id);
    if (!reasons.has(root)) continue;
    if (!members.has(root)) members.set(root, []);
    members.get(root)!.push(id);
  }
  return [...members.entries()]
    .map(([root, ids]) => {
      const rs = RULES.filter((r) => reasons.get(root)!.has(r));
      return { ids: ids.sort(), reasons: rs, confidence: Math.max(...rs.map((r) => CONFIDENCE[r])) };
    })
    .sort((a, b) => b.confidence - a.confidence || a.ids[0].localeCompare(b.ids[0]));
}

/** Adds one record's keys to the blocks (the scan calls this a page at a time). */
export function addTo(blocks: Map<string, { rule: Rule; ids: string[] }>, c: Candidate, rules: RuleSet): void {
  for (const { rule, key } of keys(c, rules)) {
    const b = blocks.get(key);
    if (!b) blocks.set(key, { rule, ids: [c.id] });
    else if (b.ids.length <= MAX_BLOCK && !b.ids.includes(c.id)) b.ids.push(c.id);
  }
}
