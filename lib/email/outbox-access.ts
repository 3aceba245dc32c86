import { env } from "../env";
import { CLIENT_IP_HEADER } from "../rate-limit";

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

/** The outbox holds sign-in links: shown only in outbox mode and only to a client on this machine. */
export function isOutboxVisible(requestHeaders: Headers): boolean {
  if (env().EMAIL_TRANSPORT !== "outbox") return false;
  return LOOPBACK.test(requestHeaders.get(CLIENT_IP_HEADER) ?? "");
}
