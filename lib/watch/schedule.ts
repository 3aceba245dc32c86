// When a weekly digest is due: a weekday and hour on the person's own clock, in an IANA time zone, turned into a
// moment in UTC. Pure functions (the sweep passes its "now"), so they are tested across zones and DST changes.

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

export const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"] as const;

const formatters = new Map<string, Intl.DateTimeFormat>();
function partsFormatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    const numeric = "numeric" as const;
    const options = { timeZone, hourCycle: "h23" as const, year: numeric, month: numeric, day: numeric, hour: numeric, minute: numeric, second: numeric };
    f = new Intl.DateTimeFormat("en-US", options); // machine-readable wall-clock parts for the schedule, never shown
    formatters.set(timeZone, f);
  }
  return f;
}

/** Whether the runtime knows this IANA zone name. */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    partsFormatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The zones a person can choose from (the runtime's IANA list, with UTC first). */
export function timeZoneNames(): string[] {
  const list = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
  return ["UTC", ...list.filter((z) => z !== "UTC")];
}

/** The wall-clock time in `timeZone` at `date`, as if it were UTC (so Date.UTC arithmetic applies). */
function wallClockMs(date: Date, timeZone: string): number {
  const parts = Object.fromEntries(
    partsFormatter(timeZone)
      .formatToParts(date)
      .filter((p) => p.type !== "literal")
      .map((p) => [p.type, Number(p.value)]),
  ) as Record<"year" | "month" | "day" | "hour" | "minute" | "second", number>;
  return Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
}

/** The UTC moment whose wall-clock time in `timeZone` is `wallMs` (a skipped hour in spring moves forward). */
function fromWallClock(wallMs: number, timeZone: string): Date {
  let guess = wallMs;
  for (let i = 0; i < 3; i++) {
    const offset = wallClockMs(new Date(guess), timeZone) - guess;
    const next = wallMs - offset;
    if (next === guess) break;
    guess = next;
  }
  return new Date(guess);
}

export type DigestSchedule = { weekday: number; hour: number; timeZone: string };

/** The latest scheduled digest moment at or before `now`. */
export function lastDigestSlot(now: Date, s: DigestSchedule): Date {
  const wall = wallClockMs(now, s.timeZone);
  const day = new Date(Math.floor(wall / DAY_MS) * DAY_MS);
  const back = (day.getUTCDay() - s.weekday + 7) % 7;
  let slotWall = day.getTime() - back * DAY_MS + s.hour * HOUR_MS;
  if (slotWall > wall) slotWall -= 7 * DAY_MS;
  return fromWallClock(slotWall, s.timeZone);
}

/** The next scheduled digest moment after `now` (for the preferences page). */
export function nextDigestSlot(now: Date, s: DigestSchedule): Date {
  const last = lastDigestSlot(now, s);
  const wall = wallClockMs(last, s.timeZone);
  return fromWallClock(wall + 7 * DAY_MS, s.timeZone);
}
