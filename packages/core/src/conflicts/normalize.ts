export * as ConflictNormalize from "./normalize";

/**
 * Legal-form suffixes that do not tell two companies apart ("华为技术有限公司" and "华为技术" are one customer).
 * Latin ones count only as whole words (so "Costco" keeps its "co"); Chinese ones at the end of the name.
 */
const LATIN_SUFFIXES = [
  "co ltd", "company limited", "company ltd", "corporation", "incorporated", "limited", "company", "corp", "gmbh", "llc", "ltd", "inc", "plc", "co",
];
const HAN_SUFFIXES = ["股份有限公司", "有限责任公司", "集团有限公司", "有限公司", "股份公司", "集团公司", "集团", "公司"];
const HAN = /\p{Script=Han}/u;

/**
 * A company name as a conflict key: NFKC (full-width → half-width), lower case, punctuation and spaces
 * removed, legal suffixes (有限公司, 集团, Co., Ltd., Inc., LLC, ...) stripped from the end. "" when nothing
 * is left to compare.
 */
export function companyName(name: string): string {
  let s = name.normalize("NFKC").toLowerCase()
    .replace(/[\p{P}\p{S}]+/gu, " ")
    .replace(/\s+/g, " ")
    .trim()
    // Spaces next to a Chinese character never separate words: "华为 有限 公司" is "华为有限公司".
    .replace(/\s*(\p{Script=Han})\s*/gu, "$1");
  for (let changed = true; changed;) {
    changed = false;
    for (const suffix of LATIN_SUFFIXES) {
      if (!s.endsWith(suffix) || s.length === suffix.length) continue;
      const before = s[s.length - suffix.length - 1];
      if (before !== " " && !HAN.test(before)) continue;
      s = s.slice(0, s.length - suffix.length).trim();
      changed = true;
    }
    for (const suffix of HAN_SUFFIXES) {
      if (!s.endsWith(suffix) || s.length === suffix.length) continue;
      s = s.slice(0, s.length - suffix.length).trim();
      changed = true;
    }
  }
  return s.replace(/\s+/g, "");
}

/** An email as a conflict key: trimmed, lower case. */
export function email(value: string): string {
  return value.trim().toLowerCase();
}
