// Following articles and categories: watch, unwatch, the state a toggle shows, preferences, and the watchlist page.
import "server-only";
import { and, asc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { requirePermission } from "../auth/guard";
import type { Actor } from "../auth/policy";
import type { Db, Tx } from "../db/client";
import { articleCategories, articles, watches, watchPreferences, type WatchEmailMode, type WatchTarget } from "../db/schema";
import { AppError } from "../errors";
import { listWatchedChanges, type WatchedChange } from "./changes";
import { isValidTimeZone } from "./schedule";

export type WatchKey = { target: "article"; slug: string } | { target: "category"; name: string };

export const watchKeySchema = z.discriminatedUnion("target", [
  z.object({ target: z.literal("article"), slug: z.string().trim().min(1).max(200) }),
  z.object({ target: z.literal("category"), name: z.string().trim().min(1).max(200) }),
]);

type Resolved = { target: WatchTarget; articleId: number | null; category: string | null };

async function resolve(db: Db | Tx, key: WatchKey): Promise<Resolved> {
  if (key.target === "article") {
    const [a] = await db.select({ id: articles.id }).from(articles).where(eq(articles.slug, key.slug));
    if (!a) throw new AppError("not_found", "That article does not exist.");
    return { target: "article", articleId: a.id, category: null };
  }
  const [c] = await db.select({ category: articleCategories.category }).from(articleCategories).where(eq(articleCategories.category, key.name)).limit(1);
  if (!c) throw new AppError("not_found", "That category has no articles.");
  return { target: "category", articleId: null, category: c.category };
}

const matches = (userId: string, r: Resolved) =>
  and(eq(watches.userId, userId), r.articleId !== null ? eq(watches.articleId, r.articleId) : eq(watches.category, r.category ?? ""));

/** Starts or stops watching; returns whether the actor now watches it. */
export async function setWatching(db: Db, actor: Actor | null, key: WatchKey, watching: boolean, now = new Date()): Promise<boolean> {
  const user = requirePermission(actor, "watchlist:use", "Your account cannot keep a watchlist.");
  const r = await resolve(db, key);
  if (watching) {
    await db.insert(watches).values({ userId: user.id, target: r.target, articleId: r.articleId, category: r.category, createdAt: now }).onConflictDoNothing();
  } else {
    await db.delete(watches).where(matches(user.id, r));
  }
  return watching;
}

/** Whether this user watches the article or category (false for one that does not exist). */
export async function isWatching(db: Db, userId: string, key: WatchKey): Promise<boolean> {
  const r = await resolve(db, key).catch(() => null);
  if (!r) return false;
  const [row] = await db.select({ id: watches.id }).from(watches).where(matches(userId, r)).limit(1);
  return Boolean(row);
}

export type Preferences = {
  emailMode: WatchEmailMode;
  digestWeekday: number;
  digestHour: number;
  timeZone: string;
  autoWatch: boolean;
  seenAt: Date | null;
  modeSince: Date | null;
};

/** The default mode has held since the start: only each watch's own start bounds what it mails. */
const EVER = new Date(0);

export const DEFAULT_PREFERENCES: Preferences = {
  emailMode: "immediate",
  digestWeekday: 1,
  digestHour: 9,
  timeZone: "UTC",
  autoWatch: true,
  seenAt: null,
  modeSince: null,
};

export async function getPreferences(db: Db | Tx, userId: string): Promise<Preferences> {
  const [row] = await db
    .select({
      emailMode: watchPreferences.emailMode,
      digestWeekday: watchPreferences.digestWeekday,
      digestHour: watchPreferences.digestHour,
      timeZone: watchPreferences.timeZone,
      autoWatch: watchPreferences.autoWatch,
      seenAt: watchPreferences.seenAt,
      modeSince: watchPreferences.modeSince,
    })
    .from(watchPreferences)
    .where(eq(watchPreferences.userId, userId));
  return row ?? DEFAULT_PREFERENCES;
}

export const preferencesSchema = z.object({
  emailMode: z.enum(["immediate", "weekly", "off"], { error: "Choose how often to be emailed." }),
  digestWeekday: z.coerce.number().int().min(0, "Choose a day of the week.").max(6, "Choose a day of the week."),
  digestHour: z.coerce.number().int().min(0, "Choose an hour from 00 to 23.").max(23, "Choose an hour from 00 to 23."),
  timeZone: z.string().trim().refine(isValidTimeZone, "Choose a time zone from the list."),
  // A checkbox: present when ticked, absent when not.
  autoWatch: z
    .string()
    .optional()
    .transform((v) => v === "on" || v === "true"),
});
export type PreferencesInput = z.input<typeof preferencesSchema>;

export type PreferencesValues = z.output<typeof preferencesSchema>;

/** Validates the form's fields and saves them. */
export function savePreferences(db: Db, actor: Actor | null, raw: PreferencesInput, now = new Date()): Promise<Preferences> {
  return storePreferences(db, actor, preferencesSchema.parse(raw), now);
}

/** Saves settings already parsed by preferencesSchema (the server action's wrapper parses the form). */
export async function storePreferences(db: Db, actor: Actor | null, input: PreferencesValues, now = new Date()): Promise<Preferences> {
  const user = requirePermission(actor, "watchlist:use", "Your account cannot keep a watchlist.");
  const current = await getPreferences(db, user.id);
  // A new email mode starts from now: switching to weekly does not send last week's digest, nor immediate old changes.
  const modeSince = current.emailMode === input.emailMode ? (current.modeSince ?? EVER) : now;
  const values = { ...input, modeSince, updatedAt: now };
  await db
    .insert(watchPreferences)
    .values({ userId: user.id, ...values })
    .onConflictDoUpdate({ target: watchPreferences.userId, set: values });
  return getPreferences(db, user.id);
}

/** Turns one kind of email off (the one-click unsubscribe): only when that kind is the one chosen. */
export async function turnOffEmailKind(db: Db, userId: string, mode: "immediate" | "weekly", now = new Date()): Promise<void> {
  await db
    .insert(watchPreferences)
    .values({ userId, emailMode: "off", modeSince: now, updatedAt: now })
    .onConflictDoUpdate({
      target: watchPreferences.userId,
      set: { emailMode: "off", modeSince: now, updatedAt: now },
      setWhere: eq(watchPreferences.emailMode, mode),
    });
}

/** On submitting a proposal to an article: its author watches it, unless they turned that off. */
export async function autoWatchOnProposal(db: Db | Tx, userId: string, articleId: number | null, now = new Date()): Promise<void> {
  if (articleId === null) return;
  if (!(await getPreferences(db, userId)).autoWatch) return;
  await db.insert(watches).values({ userId, target: "article", articleId, createdAt: now }).onConflictDoNothing();
}

export const WATCHLIST_PAGE_SIZE = 50;

export type WatchlistPage = {
  watched: { target: WatchTarget; slug: string | null; title: string }[];
  changes: (WatchedChange & { isNew: boolean })[];
  /** The previous visit: changes after it are marked new. */
  seenAt: Date | null;
  /** The cursor of the next (older) page, if there is one. */
  next: { createdAt: Date; revisionId: number } | null;
  preferences: Preferences;
};

/** The watchlist page, newest change first; opening its first page records the visit. */
export async function openWatchlist(
  db: Db,
  actor: Actor | null,
  options: { before?: { createdAt: Date; revisionId: number }; now?: Date } = {},
): Promise<WatchlistPage> {
  const user = requirePermission(actor, "watchlist:use", "Your account cannot keep a watchlist.");
  const now = options.now ?? new Date();
  const [preferences, watchedRows, rows] = await Promise.all([
    getPreferences(db, user.id),
    db
      .select({ target: watches.target, slug: articles.slug, articleTitle: articles.title, category: watches.category })
      .from(watches)
      .leftJoin(articles, eq(articles.id, watches.articleId))
      .where(eq(watches.userId, user.id))
      .orderBy(asc(sql`coalesce(${articles.title}, ${watches.category})`)),
    listWatchedChanges(db, user.id, { before: options.before, until: now, limit: WATCHLIST_PAGE_SIZE + 1 }),
  ]);
  const seenAt = preferences.seenAt;
  if (!options.before) {
    await db
      .insert(watchPreferences)
      .values({ userId: user.id, seenAt: now, modeSince: EVER, updatedAt: now })
      .onConflictDoUpdate({ target: watchPreferences.userId, set: { seenAt: now } });
  }
  const page = rows.slice(0, WATCHLIST_PAGE_SIZE);
  const last = page.at(-1);
  return {
    watched: watchedRows.map((w) => ({ target: w.target, slug: w.slug, title: w.articleTitle ?? w.category ?? "" })),
    changes: page.map((c) => ({ ...c, isNew: seenAt === null || c.createdAt > seenAt })),
    seenAt,
    next: rows.length > WATCHLIST_PAGE_SIZE && last ? { createdAt: last.createdAt, revisionId: last.revisionId } : null,
    preferences,
  };
}
