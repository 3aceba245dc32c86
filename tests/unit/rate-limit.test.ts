import { describe, expect, it } from "vitest";
import { describeReset } from "@/lib/rate-limit";

describe("describeReset", () => {
  const now = new Date("2025-01-01T12:00:00Z");
  const after = (ms: number) => new Date(now.getTime() + ms);

  it("counts minutes, rounding up", () => {
    expect(describeReset(after(12 * 60_000), now)).toBe("in 12 minutes");
    expect(describeReset(after(11 * 60_000 + 1), now)).toBe("in 12 minutes");
    expect(describeReset(after(59 * 60_000), now)).toBe("in 59 minutes");
  });

  it("uses the singular for one minute, and never says less than one", () => {
    expect(describeReset(after(60_000), now)).toBe("in 1 minute");
    expect(describeReset(after(5_000), now)).toBe("in 1 minute");
    expect(describeReset(after(0), now)).toBe("in 1 minute");
    expect(describeReset(after(-60_000), now)).toBe("in 1 minute");
  });

  it("switches to hours from 60 minutes, rounding up", () => {
    expect(describeReset(after(60 * 60_000), now)).toBe("in 1 hour");
    expect(describeReset(after(61 * 60_000), now)).toBe("in 2 hours");
    expect(describeReset(after(2 * 3_600_000), now)).toBe("in 2 hours");
    expect(describeReset(after(24 * 3_600_000), now)).toBe("in 24 hours");
  });

  it("uses the current time by default", () => {
    expect(describeReset(new Date(Date.now() + 30 * 60_000 - 1))).toBe("in 30 minutes");
  });
});
