// Dates as readers see them: "25 November 2026", in UTC so every server and reader agree on the day.
export function formatLongDate(date: Date | string): string {
  return new Date(date).toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
}
