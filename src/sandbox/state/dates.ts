/**
 * Date formats EnKash uses on the wire. Records carry Java's default date text
 * ("Jan 29, 2025 11:57:51 AM"), rendered here in India Standard Time; search filters and
 * `txnDate` use ISO-8601 UTC.
 */
const IST_OFFSET_MS = (5 * 60 + 30) * 60 * 1000;
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

export function javaDate(epochMs: number): string {
  const ist = new Date(epochMs + IST_OFFSET_MS);
  const hours24 = ist.getUTCHours();
  const hours12 = hours24 % 12 === 0 ? 12 : hours24 % 12;
  const two = (n: number) => String(n).padStart(2, "0");
  return `${MONTHS[ist.getUTCMonth()]} ${ist.getUTCDate()}, ${ist.getUTCFullYear()} ${hours12}:${two(ist.getUTCMinutes())}:${two(ist.getUTCSeconds())} ${hours24 < 12 ? "AM" : "PM"}`;
}

export function isoDate(epochMs: number): string {
  return new Date(epochMs).toISOString();
}

/** Calendar parts of an instant in IST, for daily/monthly/yearly usage windows. */
export function istDay(epochMs: number): {
  year: number;
  month: number;
  day: number;
  weekday: number;
  minutes: number;
} {
  const ist = new Date(epochMs + IST_OFFSET_MS);
  return {
    year: ist.getUTCFullYear(),
    month: ist.getUTCMonth(),
    day: ist.getUTCDate(),
    weekday: ist.getUTCDay(),
    minutes: ist.getUTCHours() * 60 + ist.getUTCMinutes(),
  };
}

/**
 * `specialDate` arrives as dd-MM-yyyy (request examples) or yyyy-MM-dd (response examples);
 * returns the ISO form of a real calendar date, or undefined.
 */
export function parseSpecialDate(text: string): string | undefined {
  const dmy = /^(\d{2})-(\d{2})-(\d{4})$/.exec(text);
  const ymd = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const [year, month, day] = dmy ? [dmy[3], dmy[2], dmy[1]] : ymd ? [ymd[1], ymd[2], ymd[3]] : [];
  if (!year || !month || !day) return undefined;
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  if (date.getUTCMonth() !== Number(month) - 1 || date.getUTCDate() !== Number(day)) return undefined;
  return `${year}-${month}-${day}`;
}
