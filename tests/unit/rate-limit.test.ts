import { describe, expect, it } from "vitest";
import { clientAddressOf, describeReset } from "@/lib/rate-limit";

describe("clientAddressOf", () => {
  it("uses the socket address when the proxy is not trusted, even with a forged X-Forwarded-For", () => {
    expect(clientAddressOf("1.2.3.4", "10.0.0.5", false)).toBe("10.0.0.5");
    expect(clientAddressOf("1.2.3.4, 5.6.7.8", "10.0.0.5", false)).toBe("10.0.0.5");
    expect(clientAddressOf(["1.2.3.4"], "10.0.0.5", false)).toBe("10.0.0.5");
    expect(clientAddressOf(undefined, "::1", false)).toBe("::1");
  });

  it("says unknown when there is no socket address and nothing trusted", () => {
    expect(clientAddressOf("1.2.3.4", undefined, false)).toBe("unknown");
    expect(clientAddressOf(undefined, undefined, true)).toBe("unknown");
  });

  it("uses the right-most X-Forwarded-For entry behind a trusted proxy", () => {
    // The client can forge the left entries; the trusted proxy appends the address it saw.
    expect(clientAddressOf("6.6.6.6, 203.0.113.7", "127.0.0.1", true)).toBe("203.0.113.7");
    expect(clientAddressOf("203.0.113.7", "127.0.0.1", true)).toBe("203.0.113.7");
    expect(clientAddressOf(" 6.6.6.6 ,  2001:db8::1 ", "127.0.0.1", true)).toBe("2001:db8::1");
  });

  it("joins an array header before taking the right-most entry", () => {
    expect(clientAddressOf(["6.6.6.6", "198.51.100.2"], "127.0.0.1", true)).toBe("198.51.100.2");
    expect(clientAddressOf(["6.6.6.6, 7.7.7.7", "198.51.100.2, 198.51.100.3"], "127.0.0.1", true)).toBe("198.51.100.3");
  });

  it("falls back to the socket address when the header is missing or empty", () => {
    expect(clientAddressOf(undefined, "127.0.0.1", true)).toBe("127.0.0.1");
    expect(clientAddressOf("", "127.0.0.1", true)).toBe("127.0.0.1");
    expect(clientAddressOf(" , ,", "127.0.0.1", true)).toBe("127.0.0.1");
    expect(clientAddressOf([], "127.0.0.1", true)).toBe("127.0.0.1");
  });

  it("ignores empty entries at the end of the header", () => {
    expect(clientAddressOf("6.6.6.6, 203.0.113.7,", "127.0.0.1", true)).toBe("203.0.113.7");
  });
});

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
