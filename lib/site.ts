import { env } from "./env";

/** The public origin, from SITE_URL: never from the request's Host header. */
export function siteUrl(): string {
  return env().SITE_URL;
}

export function absoluteUrl(path: string): string {
  return `${siteUrl()}${path.startsWith("/") ? path : `/${path}`}`;
}
