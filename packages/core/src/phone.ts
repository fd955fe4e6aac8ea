import { parsePhoneNumberWithError, type CountryCode } from "libphonenumber-js";
import { ValidationError } from "./errors";

export * as Phone from "./phone";

/** Validates a phone number and returns it in E.164; numbers without a country code use `region`. */
export function toE164(input: string, region: string, field = "phone"): string {
  try {
    const parsed = parsePhoneNumberWithError(input, region as CountryCode);
    if (parsed.isValid()) return parsed.number;
  } catch {
    // fall through to the validation error below
  }
  throw new ValidationError("Enter a valid phone number.", { [field]: `Not a valid phone number for region ${region}.` }, "validation");
}

/** Digits a search can match: the full E.164 digits and the national number. */
export function searchDigits(e164: string): string[] {
  try {
    const parsed = parsePhoneNumberWithError(e164);
    return [e164.replace(/\D/g, ""), String(parsed.nationalNumber)];
  } catch {
    return [e164.replace(/\D/g, "")];
  }
}
