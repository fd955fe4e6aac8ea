import { pinyin } from "pinyin-pro";

export * as SearchPinyin from "./search-pinyin";

const HAN = /\p{Script=Han}/u;
/** Names longer than this are company names or phrases: only their start is spelled out. */
const MAX_CHARS = 8;

function syllables(han: string, surname: boolean): string[] {
  return pinyin(han, { toneType: "none", type: "array", nonZh: "removed", mode: surname ? "surname" : "normal", v: true })
    .map((s) => s.toLowerCase().replace(/[^a-z]/g, ""))
    .filter(Boolean);
}

/**
 * The pinyin a Chinese name is typed as: whole (`zhangwei`), initials (`zw`), and the given name alone
 * (`wei`). Surnames are read in surname mode (单 = shan, 曾 = zeng), and the ordinary reading is kept too
 * when it differs, so either spelling of a polyphone finds the person.
 */
export function terms(name: string): string[] {
  const han = [...name].filter((ch) => HAN.test(ch)).slice(0, MAX_CHARS).join("");
  if (!han) return [];
  const out = new Set<string>();
  for (const surname of [true, false]) {
    const s = syllables(han, surname);
    if (!s.length) continue;
    out.add(s.join(""));
    out.add(s.map((x) => x[0]).join(""));
    for (let i = 1; i < s.length && i < 3; i++) out.add(s.slice(i).join(""));
  }
  return [...out];
}

/** True when the text holds a Chinese character (the dedupe scan keys such names by their pinyin). */
export function hasHan(text: string): boolean {
  return HAN.test(text);
}

/** The full surname-mode pinyin of a name's Chinese characters, or "" (a blocking key for the dedupe scan). */
export function key(name: string): string {
  const han = [...name].filter((ch) => HAN.test(ch)).join("");
  return han ? syllables(han, true).join("") : "";
}
