import { isLoopback, SOCKET_IP_HEADER } from "../client-address";
import { env } from "../env";

/**
 * The outbox holds sign-in links: shown only in outbox mode, and only when the socket itself comes from this machine
 * and is not a trusted proxy (behind nginx every socket is 127.0.0.1, so the outbox is never shown through it).
 * No header a client can send decides it.
 */
export function isOutboxVisible(requestHeaders: Headers): boolean {
  const e = env();
  if (e.EMAIL_TRANSPORT !== "outbox") return false;
  const socket = requestHeaders.get(SOCKET_IP_HEADER);
  return isLoopback(socket) && !e.TRUSTED_PROXY.includes(socket ?? "");
}
