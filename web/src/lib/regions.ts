import { locale } from "../i18n";

/** Regions offered for phone numbers without a country code; names come from the browser (Intl). */
export const REGIONS = ["CN", "HK", "MO", "TW", "SG", "MY", "JP", "KR", "TH", "VN", "ID", "PH", "IN", "AU", "NZ", "US", "CA", "GB", "DE", "FR", "NL", "ES", "IT", "CH", "AE"];
export const CURRENCIES = ["CNY", "HKD", "MOP", "TWD", "SGD", "MYR", "JPY", "KRW", "THB", "VND", "IDR", "PHP", "INR", "AUD", "NZD", "USD", "CAD", "GBP", "EUR", "CHF", "AED"];

const FALLBACK_ZONES = ["Asia/Shanghai", "Asia/Hong_Kong", "Asia/Taipei", "Asia/Singapore", "Asia/Tokyo", "Asia/Seoul", "Europe/London", "Europe/Berlin", "America/New_York", "America/Los_Angeles", "UTC"];

export function timeZones(): string[] {
  try {
    const all = (Intl as unknown as { supportedValuesOf?: (k: string) => string[] }).supportedValuesOf?.("timeZone");
    return all?.length ? all : FALLBACK_ZONES;
  } catch {
    return FALLBACK_ZONES;
  }
}

function displayName(type: "region" | "currency", code: string): string {
  try {
    return new Intl.DisplayNames([locale()], { type }).of(code) ?? code;
  } catch {
    return code;
  }
}
export const regionName = (code: string) => displayName("region", code);
export const currencyName = (code: string) => displayName("currency", code);
