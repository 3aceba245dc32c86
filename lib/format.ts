// Dates and counts as people read them, in one format everywhere: "2 December 2026", and "2 December 2026, 03:55 UTC" where the
// time matters. Always in UTC, so every server and every reader agree on the day; the zone is named whenever a time is shown.
const dayFormat = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
const monthFormat = new Intl.DateTimeFormat("en-GB", { month: "long", year: "numeric", timeZone: "UTC" });
const timeFormat = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: "UTC" });
const sizeFormat = new Intl.NumberFormat("en-GB", { maximumFractionDigits: 1 });

/** "2 December 2026". */
export function formatLongDate(date: Date | string): string {
  return dayFormat.format(new Date(date));
}

/** "2 December 2026, 03:55 UTC". */
export function formatDateTime(date: Date | string): string {
  const d = new Date(date);
  return `${dayFormat.format(d)}, ${timeFormat.format(d)} UTC`;
}

/** A calendar month, "2026-11" (as the database groups payments), as "November 2026". */
export function formatMonth(yearMonth: string): string {
  return monthFormat.format(new Date(`${yearMonth}-01T12:00:00Z`));
}

const countFormat = new Intl.NumberFormat("en-GB");

/** A count of things, with thousands separated: "12,400 articles". */
export function formatCount(n: number, one: string, many = `${one}s`): string {
  return `${countFormat.format(n)} ${n === 1 ? one : many}`;
}

/** A span of minutes as a person would say it: "45 min", "5 h", "3 days". */
export function formatMinutes(minutes: number): string {
  const m = Math.max(0, Math.round(minutes));
  if (m < 60) return `${m} min`;
  if (m < 48 * 60) return `${Math.round(m / 60)} h`;
  return `${Math.round(m / 1440)} days`;
}

const SMALL_NUMBERS = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"];

/** A number in words when small, as prose says it: "three", "12", "1,200". */
export function formatNumberInWords(n: number): string {
  return Number.isInteger(n) && n >= 0 && n < SMALL_NUMBERS.length ? SMALL_NUMBERS[n] : countFormat.format(n);
}

/** A count in words when small: "one meta-analysis", "three surveys", "12 books". */
export function formatCountInWords(n: number, one: string, many = `${one}s`): string {
  return `${formatNumberInWords(n)} ${n === 1 ? one : many}`;
}

/** A file size as a person reads it: "812 bytes", "4.2 kB", "31 MB" (decimal units, as downloads are labelled). */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return formatCount(bytes, "byte");
  const units = ["kB", "MB", "GB", "TB"];
  let value = bytes / 1000;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${sizeFormat.format(value)} ${units[unit]}`;
}
