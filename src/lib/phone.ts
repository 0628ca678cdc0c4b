import { type CountryCode, parsePhoneNumberFromString } from "libphonenumber-js";

/** E.164 (`+14155550101`) or undefined when the text is not a valid phone number for the default region. */
export function toE164(raw: string | undefined | null, defaultRegion: CountryCode = "US"): string | undefined {
  if (!raw) return undefined;
  const parsed = parsePhoneNumberFromString(raw, defaultRegion);
  return parsed?.isValid() ? parsed.number : undefined;
}
