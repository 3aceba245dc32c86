import { describe, expect, it } from "vitest";
import { isValidTimeZone, lastDigestSlot, nextDigestSlot, timeZoneNames } from "@/lib/watch/schedule";

// Wednesday 2 December 2026, 16:00 UTC.
const now = new Date("2026-12-02T16:00:00Z");

describe("weekly digest schedule", () => {
  it("puts Monday 09:00 on each person's own clock", () => {
    expect(lastDigestSlot(now, { weekday: 1, hour: 9, timeZone: "Europe/Berlin" }).toISOString()).toBe("2026-11-30T08:00:00.000Z");
    expect(lastDigestSlot(now, { weekday: 1, hour: 9, timeZone: "America/Los_Angeles" }).toISOString()).toBe("2026-11-30T17:00:00.000Z");
    expect(lastDigestSlot(now, { weekday: 1, hour: 9, timeZone: "UTC" }).toISOString()).toBe("2026-11-30T09:00:00.000Z");
  });

  it("counts today when its hour has passed, and last week when it has not", () => {
    expect(lastDigestSlot(now, { weekday: 3, hour: 16, timeZone: "UTC" }).toISOString()).toBe("2026-12-02T16:00:00.000Z");
    expect(lastDigestSlot(now, { weekday: 3, hour: 17, timeZone: "UTC" }).toISOString()).toBe("2026-11-25T17:00:00.000Z");
    // 16:00 UTC is already Thursday 05:00 in Auckland.
    expect(lastDigestSlot(now, { weekday: 4, hour: 5, timeZone: "Pacific/Auckland" }).toISOString()).toBe("2026-12-02T16:00:00.000Z");
  });

  it("keeps the local hour across a daylight-saving change", () => {
    // Berlin moves to summer time on 29 March 2026: the next Monday 09:00 is 07:00 UTC.
    const before = new Date("2026-03-28T12:00:00Z");
    const s = { weekday: 1, hour: 9, timeZone: "Europe/Berlin" };
    expect(lastDigestSlot(before, s).toISOString()).toBe("2026-03-23T08:00:00.000Z");
    expect(nextDigestSlot(before, s).toISOString()).toBe("2026-03-30T07:00:00.000Z");
  });

  it("knows real zone names only", () => {
    expect(isValidTimeZone("Europe/Berlin")).toBe(true);
    expect(isValidTimeZone("Mars/Olympus")).toBe(false);
    expect(timeZoneNames()[0]).toBe("UTC");
    expect(timeZoneNames()).toContain("America/Los_Angeles");
  });
});
