/**
 * Dates as EnKash writes them, read into ISO forms. Card records carry Java's default date text
 * ("Jan 29, 2025 11:57:51 AM", source 002) without a zone: it is taken as India Standard Time
 * (an assumption: EnKash is an Indian platform and does not say). `specialDate` comes as
 * yyyy-MM-dd in answers and dd-MM-yyyy in request examples. Anything else reads as null.
 */
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const JAVA_DATE = /^([A-Z][a-z]{2}) (\d{1,2}), (\d{4}),? (\d{1,2}):(\d{2}):(\d{2})\s?([AP]M)$/;
const IST_OFFSET_MS = (5 * 60 + 30) * 60 * 1000;

/** An instant from EnKash's date text (Java default form in IST, or ISO-8601), as ISO; or null. */
export function readEnkashDateTime(text: string | null | undefined): string | null {
  if (!text) return null;
  const java = JAVA_DATE.exec(text.trim());
  if (java) {
    const [, month, day, year, hour, minute, second, half] = java;
    const monthIndex = MONTHS.indexOf(month as string);
    const hours12 = Number(hour);
    if (monthIndex < 0 || hours12 < 1 || hours12 > 12) return null;
    const hours = (hours12 % 12) + (half === "PM" ? 12 : 0);
    const utc =
      Date.UTC(Number(year), monthIndex, Number(day), hours, Number(minute), Number(second)) - IST_OFFSET_MS;
    const date = new Date(utc + IST_OFFSET_MS);
    // A real calendar date only (no 31 Feb rolling over into March).
    if (date.getUTCMonth() !== monthIndex || date.getUTCDate() !== Number(day)) return null;
    return new Date(utc).toISOString();
  }
  if (/^\d{4}-\d{2}-\d{2}T/.test(text)) {
    const ms = Date.parse(text);
    return Number.isNaN(ms) ? null : new Date(ms).toISOString();
  }
  return null;
}

/** A calendar date from dd-MM-yyyy or yyyy-MM-dd, as yyyy-MM-dd; or null. */
export function readEnkashDate(text: string | null | undefined): string | null {
  if (!text) return null;
  const dmy = /^(\d{2})-(\d{2})-(\d{4})$/.exec(text);
  const ymd = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const [year, month, day] = dmy ? [dmy[3], dmy[2], dmy[1]] : ymd ? [ymd[1], ymd[2], ymd[3]] : [];
  if (!year || !month || !day) return null;
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  if (date.getUTCMonth() !== Number(month) - 1 || date.getUTCDate() !== Number(day)) return null;
  return `${year}-${month}-${day}`;
}
