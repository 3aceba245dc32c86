import { afterEach, describe, expect, it } from "vitest";
import { clientAddressOf, isLoopback, SOCKET_IP_HEADER } from "@/lib/client-address";
import { isOutboxVisible } from "@/lib/email/outbox-access";
import { resetEnvCache } from "@/lib/env";

const LOCAL = ["127.0.0.1", "::1"];

describe("clientAddressOf", () => {
  it("uses the socket address when no proxy is trusted, even with a forged X-Forwarded-For", () => {
    expect(clientAddressOf("1.2.3.4", "10.0.0.5", [])).toBe("10.0.0.5");
    expect(clientAddressOf(["1.2.3.4"], "10.0.0.5", [])).toBe("10.0.0.5");
    expect(clientAddressOf(undefined, "::1", [])).toBe("::1");
    expect(clientAddressOf("1.2.3.4", undefined, [])).toBe("unknown");
  });

  it("ignores X-Forwarded-For from a peer that is not a trusted proxy, even when it names one", () => {
    // The attack: another host sends X-Forwarded-For: 127.0.0.1 to a server that trusts loopback proxies.
    expect(clientAddressOf("127.0.0.1", "203.0.113.9", LOCAL)).toBe("203.0.113.9");
    expect(clientAddressOf("198.51.100.1, 198.51.100.2", "203.0.113.9", LOCAL)).toBe("203.0.113.9");
  });

  it("behind a trusted proxy, takes the right-most entry that is not a trusted proxy", () => {
    expect(clientAddressOf("6.6.6.6, 203.0.113.7", "127.0.0.1", LOCAL)).toBe("203.0.113.7");
    expect(clientAddressOf(" 6.6.6.6 ,  2001:db8::1 ", "::ffff:127.0.0.1", LOCAL)).toBe("2001:db8::1");
    expect(clientAddressOf(["6.6.6.6, 7.7.7.7", "198.51.100.2, 198.51.100.3"], "::1", LOCAL)).toBe("198.51.100.3");
    // Two proxies in a row: the edge (10.0.0.2) forwarded to nginx on this machine.
    expect(clientAddressOf("6.6.6.6, 203.0.113.7, 10.0.0.2", "127.0.0.1", ["127.0.0.1", "10.0.0.2"])).toBe("203.0.113.7");
  });

  it("falls back to the socket when the header is missing, empty, all proxies or not an address", () => {
    expect(clientAddressOf(undefined, "127.0.0.1", LOCAL)).toBe("127.0.0.1");
    expect(clientAddressOf(" , ,", "127.0.0.1", LOCAL)).toBe("127.0.0.1");
    expect(clientAddressOf("127.0.0.1", "127.0.0.1", LOCAL)).toBe("127.0.0.1");
    expect(clientAddressOf("not-an-ip", "127.0.0.1", LOCAL)).toBe("127.0.0.1");
    expect(clientAddressOf("6.6.6.6, 203.0.113.7,", "127.0.0.1", LOCAL)).toBe("203.0.113.7");
  });

  it("knows loopback addresses", () => {
    for (const a of ["127.0.0.1", "127.1.2.3", "::1", "::ffff:127.0.0.1"]) expect(isLoopback(a)).toBe(true);
    for (const a of ["10.0.0.1", "::ffff:10.0.0.1", "", null, "unknown", "127.0.0.1.evil"]) expect(isLoopback(a)).toBe(false);
  });
});

describe("isOutboxVisible", () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
    resetEnvCache();
  });
  const visibleTo = (socket: string, extra: Record<string, string> = {}) => {
    process.env = { ...saved, EMAIL_TRANSPORT: "outbox", TRUSTED_PROXY: "", ...extra };
    resetEnvCache();
    // A client-supplied X-Forwarded-For or client-address header never counts: only the stamped socket address.
    return isOutboxVisible(new Headers({ [SOCKET_IP_HEADER]: socket, "x-forwarded-for": "127.0.0.1", "x-attune-client-ip": "127.0.0.1" }));
  };

  it("is shown to a loopback socket peer only", () => {
    expect(visibleTo("127.0.0.1")).toBe(true);
    expect(visibleTo("::1")).toBe(true);
    expect(visibleTo("203.0.113.9")).toBe(false);
  });

  it("is never shown through a trusted proxy, whatever X-Forwarded-For says", () => {
    expect(visibleTo("127.0.0.1", { TRUSTED_PROXY: "true" })).toBe(false);
    expect(visibleTo("::1", { TRUSTED_PROXY: "127.0.0.1,::1" })).toBe(false);
  });

  it("is not shown outside outbox mode", () => {
    expect(visibleTo("127.0.0.1", { EMAIL_TRANSPORT: "disabled" })).toBe(false);
  });
});
