// Who is asking: the client address used for rate limits, and the socket peer used for the outbox check.
// Both are stamped on every request from the socket (lib/startup.ts), replacing anything a client sent.
import { isIP } from "node:net";

/** The client's address: the socket peer's, or the one a trusted proxy reported in X-Forwarded-For. */
export const CLIENT_IP_HEADER = "x-attune-client-ip";
/** The socket peer's own address, whatever any header says. */
export const SOCKET_IP_HEADER = "x-attune-socket-ip";

const LOOPBACK = new Set(["127.0.0.1", "::1"]);

/** `::ffff:127.0.0.1` (an IPv4 peer on a dual-stack socket) is 127.0.0.1. */
export function normaliseAddress(address: string): string {
  const a = address.trim().toLowerCase();
  return a.startsWith("::ffff:") && isIP(a.slice(7)) === 4 ? a.slice(7) : a;
}

export function isLoopback(address: string | null | undefined): boolean {
  if (!address) return false;
  const a = normaliseAddress(address);
  return LOOPBACK.has(a) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(a);
}

/**
 * The client address for a raw Node request. X-Forwarded-For is read only when the socket peer is one of the
 * trusted proxies; then the right-most entry that is not itself a trusted proxy is the client (each proxy appends
 * the address it saw). Anyone else's X-Forwarded-For is ignored.
 */
export function clientAddressOf(forwardedFor: string | string[] | undefined, socketAddress: string | undefined, trustedProxies: readonly string[]): string {
  const socket = socketAddress ? normaliseAddress(socketAddress) : "unknown";
  if (!trustedProxies.includes(socket)) return socket;
  const header = Array.isArray(forwardedFor) ? forwardedFor.join(",") : (forwardedFor ?? "");
  const entries = header
    .split(",")
    .map((s) => normaliseAddress(s))
    .filter(Boolean);
  for (let i = entries.length - 1; i >= 0; i--) {
    if (!trustedProxies.includes(entries[i])) return isIP(entries[i]) ? entries[i] : socket;
  }
  return socket;
}
