// Runs server code inside a Next.js request scope, as `next start` does for a route handler, so that headers()
// (and through it Auth.js's auth() and getCurrentUser()) read this request. Only the headers are provided.
import { randomBytes } from "node:crypto";
import { workAsyncStorage, type WorkStore } from "next/dist/server/app-render/work-async-storage.external";
import { workUnitAsyncStorage, type RequestStore } from "next/dist/server/app-render/work-unit-async-storage.external";
import type { Db } from "@/lib/db/client";
import { sessions, users, type Role } from "@/lib/db/schema";

export async function inRequest<T>(path: string, headers: Record<string, string>, fn: () => Promise<T>): Promise<T> {
  const url = new URL(path, "http://localhost:3000");
  // Plain http on localhost, as in development: Auth.js then reads the unprefixed session cookie.
  const all = new Headers({ host: url.host, "x-forwarded-proto": "http", ...headers });
  const work = { route: url.pathname, page: url.pathname, forceStatic: false, dynamicShouldError: false, isStaticGeneration: false } as unknown as WorkStore;
  const unit = { type: "request", phase: "action", url: { pathname: url.pathname, search: url.search }, headers: all } as unknown as RequestStore;
  return workAsyncStorage.run(work, () => workUnitAsyncStorage.run(unit, fn));
}

export type TestPerson = { id: string; email: string; role: Role; displayName?: string };

/** Creates the person and an Auth.js database session for them; returns the request headers that carry it. */
export async function signIn(db: Db, person: TestPerson, expires = new Date(Date.now() + 3_600_000)): Promise<Record<string, string>> {
  await db
    .insert(users)
    .values({ displayName: person.id, ...person })
    .onConflictDoNothing();
  const sessionToken = randomBytes(16).toString("hex");
  await db.insert(sessions).values({ sessionToken, userId: person.id, expires });
  return { cookie: `authjs.session-token=${sessionToken}` };
}

/** A form's fields as the browser posts them to a server action. */
export function formData(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.set(k, v);
  return data;
}
