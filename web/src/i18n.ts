import { createSignal } from "solid-js";
import { ApiError } from "./api";
import { en } from "./i18n/en";
import { zhCN } from "./i18n/zh-cn";

/** Every user-visible string, in both languages: `en` defines the keys, `zh-CN` must have each of them. */
const dict = { "zh-CN": zhCN, en };

export type Locale = keyof typeof dict;
export type Key = keyof typeof en;
export const LOCALES: Locale[] = ["zh-CN", "en"];

function readStored(): Locale | null {
  try {
    const v = localStorage.getItem("locale");
    return v && v in dict ? (v as Locale) : null;
  } catch {
    return null;
  }
}

const stored = readStored();
const [locale, setLocaleSignal] = createSignal<Locale>(stored ?? "zh-CN");
document.documentElement.lang = locale();

export { locale };

/** True once the person picked a language here; until then a signed-in user's saved language wins. */
export const hasStoredLocale = () => readStored() !== null;

export function isLocale(v: unknown): v is Locale {
  return typeof v === "string" && v in dict;
}

export function setLocale(l: Locale) {
  try {
    localStorage.setItem("locale", l);
  } catch {
    // private mode: the choice lasts for this page only
  }
  document.documentElement.lang = l;
  setLocaleSignal(l);
}

/** The text for `key` in the current language; `{name}` placeholders take `vars`. */
export function t(key: Key, vars?: Record<string, string | number>): string {
  const text: string = dict[locale()][key] ?? en[key] ?? key;
  if (!vars) return text;
  return text.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
}

/** A translated message for an API error (by its code), the API's own message otherwise. */
export function errorText(err: unknown): string {
  if (err instanceof ApiError) {
    const key = `error.${err.code}` as Key;
    if (key in en) return t(key);
    if (err.status === 400 && err.fields) return t("error.validation");
    if (err.status >= 500) return t("error.internal");
    return err.message;
  }
  if (err instanceof TypeError) return t("error.network");
  return err instanceof Error ? err.message : String(err);
}

/** The API's per-field messages are English sentences; the known ones are translated here. */
const FIELD_MESSAGES: Record<string, Key> = {
  "Required.": "fieldError.required",
  "Taken.": "fieldError.taken",
  "Registered.": "fieldError.registered",
  "Reserved.": "fieldError.reserved",
  "Enter a valid email address.": "fieldError.email",
  "Use at least 8 characters.": "fieldError.password",
  "Use 3 to 40 lower-case letters, digits or dashes.": "fieldError.slug",
  "Enter a domain such as example.com.": "fieldError.domain",
  "Unknown company.": "fieldError.unknownCompany",
  "Unknown member.": "fieldError.unknownMember",
  "Already a member.": "fieldError.alreadyMember",
  "Invalid or expired.": "fieldError.tokenInvalid",
  "Used or revoked.": "fieldError.tokenInvalid",
  "Used.": "fieldError.tokenInvalid",
  "Use an IANA name such as Asia/Shanghai.": "fieldError.timeZone",
  "Use a country code such as CN.": "fieldError.region",
  "Not in this plan.": "fieldError.notInPlan",
  "This feature cannot be switched off.": "fieldError.alwaysOn",
  "Write something.": "fieldError.writeSomething",
  "Unknown agent.": "fieldError.unknownAgent",
  "Unknown group.": "fieldError.unknownGroup",
  "Unknown calendar.": "fieldError.unknownCalendar",
  "Unknown contact.": "fieldError.unknownContact",
  "Set at least one target.": "fieldError.oneTarget",
  "Each level may appear once.": "fieldError.levelOnce",
  "Set a warning first.": "fieldError.warningFirst",
  "Say whom to reassign the ticket to.": "fieldError.reassignTo",
  "Use HH:MM, 00:00 to 23:59.": "fieldError.time",
  "Use HH:MM, 00:01 to 24:00.": "fieldError.time",
  "The end must be after the start; split an overnight shift at midnight.": "fieldError.endAfterStart",
  "Give opening hours, or make the calendar always open.": "fieldError.openingHours",
  "Use YYYY-MM-DD.": "fieldError.date",
  "Unknown IANA time zone.": "fieldError.timeZone",
  "Use YYYY-MM.": "fieldError.month",
  "Range too long.": "fieldError.range",
  "After to.": "fieldError.fromAfterTo",
  "No requester email.": "fieldError.noRequesterEmail",
};

export function fieldText(message: string): string {
  const key = FIELD_MESSAGES[message];
  if (key) return t(key);
  if (message.startsWith("Not a valid phone number")) return t("fieldError.phone");
  // The inbound domain differs per installation: "Not on inbound.example.com."
  if (message.startsWith("Not on ")) return t("fieldError.notOwnAddress");
  if (/^(Too small|Too big|Invalid input): expected (number|int)/.test(message)) return t("fieldError.number");
  return message;
}

export function formatDate(iso: string | number | undefined): string {
  if (iso === undefined || iso === "") return "";
  const d = typeof iso === "number" ? new Date(iso * 1000) : new Date(iso);
  if (Number.isNaN(d.getTime())) return "";
  return new Intl.DateTimeFormat(locale(), { dateStyle: "medium", timeStyle: "short" }).format(d);
}

export function formatNumber(n: number): string {
  return new Intl.NumberFormat(locale()).format(n);
}
