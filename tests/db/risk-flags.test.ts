import { count, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countCitationsNeeded, withoutCitationMarks } from "@/lib/articles/citations";
import { copiedTextQuery, findCopiedText, indexArticlesMissingShingles, insertShingles } from "@/lib/articles/shingle-index";
import { addedShingles, proseWords, shingleHashes } from "@/lib/articles/shingles";
import { parseArticleSource, serializeArticleSource, type ArticleMeta } from "@/lib/articles/source";
import type { Actor } from "@/lib/auth/policy";
import { rowsOf, type Db, type DbHandle } from "@/lib/db/client";
import { articles, articleShingles, proposals, revisions, users, type Role } from "@/lib/db/schema";
import { seedIfEmpty } from "@/lib/seed";
import { resetEnvCache } from "@/lib/env";
import { resubmitProposal, submitProposal } from "@/lib/moderation/proposals";
import { approveProposal, listQueue, requestChanges } from "@/lib/moderation/review";
import type { RiskKind } from "@/lib/moderation/risk";
import { createTestDatabase } from "../support/db";

const LONG_AGO = new Date("2024-01-01T00:00:00Z");
const person = (id: string, role: Role, createdAt = LONG_AGO) => ({ id, role, email: `${id}@example.org`, displayName: id.replace(/-/g, " "), createdAt });
const people = {
  // An established contributor: an old account with proposals before (given one in beforeAll).
  V: person("veteran-v", "contributor"),
  W: person("veteran-w", "contributor"),
  N: person("newcomer-n", "contributor", new Date()),
  H: person("hasty-h", "contributor"),
  M: person("moderator-m", "moderator"),
};
const actor = (p: { id: string; role: Role }): Actor => ({ id: p.id, role: p.role });
const V = actor(people.V);
const W = actor(people.W);
const N = actor(people.N);
const H = actor(people.H);
const M = actor(people.M);

const ENV_KEYS = ["MAX_PENDING_PROPOSALS", "RATE_LIMIT_PROPOSALS_PER_HOUR", "RISK_PROPOSALS_PER_HOUR"] as const;
const savedEnv = Object.fromEntries(ENV_KEYS.map((k) => [k, process.env[k]]));
function setEnv(values: Partial<Record<(typeof ENV_KEYS)[number], string>> = {}) {
  // Generous limits, and no "many proposals" flag, except where a test checks them.
  process.env.MAX_PENDING_PROPOSALS = values.MAX_PENDING_PROPOSALS ?? "1000";
  process.env.RATE_LIMIT_PROPOSALS_PER_HOUR = values.RATE_LIMIT_PROPOSALS_PER_HOUR ?? "1000";
  process.env.RISK_PROPOSALS_PER_HOUR = values.RISK_PROPOSALS_PER_HOUR ?? "1000";
  resetEnvCache();
}

let handle: DbHandle;
let db: Db;
beforeAll(async () => {
  handle = await createTestDatabase();
  db = handle.db;
  await seedIfEmpty(db);
  await db.insert(users).values(Object.values(people));
  const [any] = await db.select({ id: articles.id }).from(articles).limit(1);
  // Earlier proposals, so the veterans' next ones are not their first.
  await db.insert(proposals).values(
    [V, W, H].map((p) => ({
      articleId: any.id,
      authorId: p.id,
      source: "old",
      summary: "An old proposal",
      status: "approved" as const,
      createdAt: LONG_AGO,
    })),
  );
  setEnv();
});
afterAll(async () => {
  for (const k of ENV_KEYS) {
    if (savedEnv[k] === undefined) delete process.env[k];
    else process.env[k] = savedEnv[k];
  }
  resetEnvCache();
  await handle.close();
});

// ---- helpers ----

async function current(slug: string) {
  const [row] = await db
    .select({ id: articles.id, title: articles.title, revisionId: articles.currentRevisionId, source: revisions.source })
    .from(articles)
    .innerJoin(revisions, eq(revisions.id, articles.currentRevisionId))
    .where(eq(articles.slug, slug));
  if (!row) throw new Error(`no article ${slug}`);
  return row;
}

function parsed(source: string) {
  const p = parseArticleSource(source);
  if (!p.ok) throw new Error(`does not parse: ${JSON.stringify(p.errors)}`);
  return p.value;
}

/** The article's current text, changed through its parsed fields and body. */
async function changed(slug: string, change: (meta: ArticleMeta, body: string) => { meta?: ArticleMeta; body?: string }) {
  const { meta, body } = parsed((await current(slug)).source);
  const next = change(structuredClone(meta), body);
  return serializeArticleSource(next.meta ?? meta, next.body ?? body);
}

/** The first prose paragraph after the lead (not a heading, list or table), whole. */
const paragraphs = (body: string) => body.split("\n\n").filter((p) => p.length > 200 && !/^[#|>*-]|^\d+\./.test(p));

async function submit(who: Actor, slug: string | undefined, source: string) {
  return submitProposal(db, who, { articleSlug: slug, source, summary: "A change for the risk tests", acceptLicence: true });
}

async function flagsOf(id: number) {
  const [row] = await db.select({ riskFlags: proposals.riskFlags }).from(proposals).where(eq(proposals.id, id));
  return row.riskFlags;
}
const kinds = async (id: number) => (await flagsOf(id)).map((f) => f.kind);
const reasonOf = async (id: number, kind: RiskKind) => (await flagsOf(id)).find((f) => f.kind === kind)?.reason;

async function shingleCount(articleId: number) {
  const [{ n }] = await db.select({ n: count() }).from(articleShingles).where(eq(articleShingles.articleId, articleId));
  return n;
}

/** A sentence no article has, long enough for many shingles. */
const ORIGINAL = "Quibbling otters negotiate riverbank custody while lantern moths audit the evening ledger of unspoken household chores and promises.";

// ---- stored flags ----

describe("flags stored at submission", () => {
  it("stores no flag for a veteran's small edit, and the proposal row carries an empty list", async () => {
    const source = await changed("ghosting", (_m, body) => ({ body: `${body}\n\n${ORIGINAL}` }));
    const id = await submit(V, "ghosting", source);
    expect(await flagsOf(id)).toEqual([]);
  });

  it("flags added external links with their domains, and not links already there", async () => {
    const source = await changed("benching", (meta, body) => ({
      meta: { ...meta, sources: [...meta.sources, { author: "Doe, J.", year: 2021, title: "A new study", url: "https://journals.example.org/new" }] },
      body: `${body}\n\nSee [this shop](https://shop.example.com/deal) and https://www.blog.example.net/post.`,
    }));
    const id = await submit(V, "benching", source);
    expect(await kinds(id)).toEqual(["external-links"]);
    expect(await reasonOf(id, "external-links")).toBe("Adds 3 external links to blog.example.net, journals.example.org and shop.example.com.");
  });

  it("flags a removed section and a large removal, with how much", async () => {
    const { body: fullBody } = parsed((await current("stonewalling")).source);
    const source = await changed("stonewalling", (_m, body) => ({ body: body.split("\n## ")[0] }));
    const id = await submit(V, "stonewalling", source);
    expect(await kinds(id)).toEqual(["removes-text"]);
    const reason = await reasonOf(id, "removes-text");
    expect(reason).toMatch(
      /^Removes \d+% of the text \([\d,]+ of [\d,]+ words; the limit is 30%\)\. The sections “History”, .* are gone \(removed or renamed\)\.$/,
    );
    expect(fullBody).toContain("## History");
    // A single section gone is flagged even though little text goes with it.
    const one = await changed("stonewalling", (_m, body) => ({ body: body.replace(/\n## Biology\n/, "\n") }));
    const single = await submit(V, "stonewalling", one);
    expect(await reasonOf(single, "removes-text")).toBe("The section “Biology” is gone (removed or renamed).");
  });

  it("flags removed and changed sources by author and year", async () => {
    const { meta } = parsed((await current("ghosting")).source);
    expect(meta.sources.length).toBeGreaterThanOrEqual(3);
    // The first source is one the text does not cite, so removing it leaves every citation resolvable.
    const source = await changed("ghosting", (m) => ({ meta: { ...m, sources: [{ ...m.sources[1], venue: "A different venue" }, ...m.sources.slice(2)] } }));
    const id = await submit(V, "ghosting", source);
    expect(await kinds(id)).toEqual(["sources-changed"]);
    const name = (s: ArticleMeta["sources"][number]) => `${s.author.split(/[,;&]| and /)[0].trim()}, ${s.year}`;
    expect(await reasonOf(id, "sources-changed")).toBe(`Removes 1 source (${name(meta.sources[0])}) and changes 1 source (${name(meta.sources[1])}).`);
  });

  it("flags any edit to a sensitive article, and a proposal that removes the mark", async () => {
    expect(parsed((await current("gaslighting")).source).meta.sensitive).toBe(true);
    const plain = await submit(V, "gaslighting", await changed("gaslighting", (_m, body) => ({ body: `${body}\n\n${ORIGINAL}` })));
    expect(await flagsOf(plain)).toEqual([{ kind: "sensitive", reason: "The article is marked sensitive." }]);
    const unmarked = await submit(V, "gaslighting", await changed("gaslighting", (m) => ({ meta: { ...m, sensitive: false } })));
    expect(await reasonOf(unmarked, "sensitive")).toBe("The article is marked sensitive, and this proposal removes the mark.");
  });

  it("flags a proposal that adds claims marked citation needed, with the count", async () => {
    const marks = countCitationsNeeded(parsed((await current("jealousy")).source).body) + 1;
    const id = await submit(V, "jealousy", await changed("jealousy", (_m, body) => ({ body: `${body}\n\n${ORIGINAL} [citation needed]` })));
    expect(await reasonOf(id, "citation-needed")).toBe(`Adds 1 claim marked “citation needed” (${marks} mark${marks === 1 ? "" : "s"} in all).`);
  });

  it("flags a new account's first proposal, and only the account's age after that", async () => {
    // An article not marked sensitive, so the account's age is the only flag.
    expect(parsed((await current("benching")).source).meta.sensitive).toBe(false);
    const first = await submit(N, "benching", await changed("benching", (_m, body) => ({ body: `${body}\n\n${ORIGINAL}` })));
    expect(await kinds(first)).toEqual(["new-author"]);
    expect(await reasonOf(first, "new-author")).toMatch(
      /^The author's first proposal\. The account was created (?:less than a minute|\d+ minutes?) ago \(under 24 hours\)\.$/,
    );
    const second = await submit(N, "limerence", await changed("limerence", (_m, body) => ({ body: `${body}\n\n${ORIGINAL}` })));
    expect(await reasonOf(second, "new-author")).toMatch(/^The account was created (?:less than a minute|\d+ minutes?) ago \(under 24 hours\)\.$/);
  });

  it("flags the proposal that reaches RISK_PROPOSALS_PER_HOUR in the last hour, not the ones before", async () => {
    setEnv({ RISK_PROPOSALS_PER_HOUR: "3" });
    try {
      const ids: number[] = [];
      for (const slug of ["orbiting", "compersion", "situationship"])
        ids.push(await submit(H, slug, await changed(slug, (_m, body) => ({ body: `${body}\n\n${ORIGINAL}` }))));
      expect(await Promise.all(ids.map(kinds))).toEqual([[], [], ["many-proposals"]]);
      expect(await reasonOf(ids[2], "many-proposals")).toBe("3 proposals from this author in the last hour (3 or more count).");
    } finally {
      setEnv();
    }
  });

  it("recomputes the flags on resubmission, against the new base", async () => {
    const flagged = await changed("honeymoon-phase", (_m, body) => ({ body: `${body}\n\nSee https://spam.example/offer.` }));
    const id = await submit(W, "honeymoon-phase", flagged);
    expect(await kinds(id)).toEqual(["external-links"]);
    await requestChanges(db, M, id, "Please drop the shop link.");
    const clean = await changed("honeymoon-phase", (_m, body) => ({ body: `${body}\n\n${ORIGINAL}` }));
    expect(await resubmitProposal(db, W, id, { source: clean, summary: "Without the link", acceptLicence: true })).toBe(id);
    expect(await flagsOf(id)).toEqual([]);
  });
});

// ---- the shingle index ----

describe("text already elsewhere on the site", () => {
  it("indexes every seeded article, and publishing replaces an article's shingles in the same transaction", async () => {
    const [{ missing }] = rowsOf<{ missing: number }>(
      await db.execute(sql`select count(*)::integer as missing from articles a where not exists (select 1 from article_shingles s where s.article_id = a.id)`),
    );
    expect(missing).toBe(0);
    const before = await current("zombieing");
    const beforeCount = await shingleCount(before.id);
    expect(beforeCount).toBe(shingleHashes(proseWords(parsed(before.source).body)).size);

    const lead = paragraphs(parsed(before.source).body)[0];
    const id = await submit(V, "zombieing", await changed("zombieing", (_m, body) => ({ body: body.replace(lead, ORIGINAL) })));
    await approveProposal(db, M, id);
    const after = await current("zombieing");
    expect(await shingleCount(after.id)).toBe(shingleHashes(proseWords(parsed(after.source).body)).size);
    // The new sentence is found in the article, and the replaced paragraph no longer is.
    expect(await findCopiedText(db, shingleHashes(proseWords(ORIGINAL)), null, 5)).toEqual([
      { title: after.title, slug: "zombieing", shared: shingleHashes(proseWords(ORIGINAL)).size },
    ]);
    expect(await findCopiedText(db, shingleHashes(proseWords(lead)), null, 1)).toEqual([]);
  });

  it("flags a paste from another article, naming it, and not text moved within the same article", async () => {
    const donor = await current("love-bombing");
    // Without its citations, which name sources of the other article.
    const pasted = withoutCitationMarks(paragraphs(parsed(donor.source).body)[1]);
    expect(proseWords(pasted).length).toBeGreaterThan(40);
    const id = await submit(V, "breadcrumbing", await changed("breadcrumbing", (_m, body) => ({ body: `${body}\n\n${pasted}` })));
    expect(await kinds(id)).toEqual(["copied-text"]);
    expect(await reasonOf(id, "copied-text")).toMatch(
      new RegExp(`^Adds text already on the site: \\d+ runs in “${donor.title}” \\(runs of 8 words; 20 or more count\\)\\.$`),
    );

    // A paragraph of the article itself, repeated: nothing it adds is new to the site.
    const own = paragraphs(parsed((await current("breadcrumbing")).source).body)[0];
    const moved = await submit(V, "breadcrumbing", await changed("breadcrumbing", (_m, body) => ({ body: `${body}\n\n${own}` })));
    expect(await kinds(moved)).not.toContain("copied-text");
  });

  it("does not count the article's own current text, even when the proposal's older base lacks it", async () => {
    const fresh =
      "Couples who schedule a weekly check-in often report that small grievances surface before they harden, because the ritual gives both partners a predictable moment to raise concerns without ambushing each other during stressful evenings or crowded family gatherings.";
    const seedRevision = (await current("four-horsemen")).revisionId;
    const added = await submit(W, "four-horsemen", await changed("four-horsemen", (_m, body) => ({ body: `${body}\n\n${fresh}` })));
    await approveProposal(db, M, added);
    // Pasted into another article, the paragraph is found in "Four Horsemen"...
    const elsewhere = await submit(V, "orbiting", await changed("orbiting", (_m, body) => ({ body: `${body}\n\n${fresh}` })));
    expect(await reasonOf(elsewhere, "copied-text")).toContain(`in “${(await current("four-horsemen")).title}”`);
    // ...but an edit of "Four Horsemen" itself from before that approval, adding the same paragraph, copies nothing.
    const { source: seedSource } = (
      await db
        .select({ source: revisions.source })
        .from(revisions)
        .where(eq(revisions.id, seedRevision ?? -1))
    )[0];
    const { meta, body } = parsed(seedSource);
    const late = await submitProposal(db, V, {
      articleSlug: "four-horsemen",
      baseRevisionId: seedRevision ?? undefined,
      source: serializeArticleSource(meta, `${body}\n\n${fresh}`),
      summary: "From the older text",
      acceptLicence: true,
    });
    expect(await kinds(late)).not.toContain("copied-text");
  });

  it("fills in the shingles of articles that have none (those published before the index), at start-up", async () => {
    const target = await current("negging");
    const expected = await shingleCount(target.id);
    await db.delete(articleShingles).where(eq(articleShingles.articleId, target.id));
    expect(await shingleCount(target.id)).toBe(0);
    expect(await indexArticlesMissingShingles(db)).toBe(1);
    expect(await shingleCount(target.id)).toBe(expected);
    expect(await indexArticlesMissingShingles(db)).toBe(0);
  });

  describe("on a corpus of 3,000 articles", () => {
    const ARTICLES = 3_000;
    const WORDS = 150;
    // A fixed pseudo-random stream (mulberry32), so the corpus is the same on every run.
    let state = 12345;
    const random = () => {
      state = (state + 0x6d2b79f5) | 0;
      let t = Math.imul(state ^ (state >>> 15), 1 | state);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
    };
    const syllables = ["ka", "lo", "mi", "ren", "tu", "sa", "vel", "do", "ri", "po", "nex", "ul", "ta", "be", "gor", "fi"];
    const vocabulary = Array.from({ length: 2_000 }, (_, i) => syllables[i % 16] + syllables[Math.floor(i / 16) % 16] + syllables[Math.floor(i / 256) % 16]);
    const texts: string[] = [];
    let ids: number[] = [];

    beforeAll(async () => {
      for (let i = 0; i < ARTICLES; i++) texts.push(Array.from({ length: WORDS }, () => vocabulary[Math.floor(random() * vocabulary.length)]).join(" "));
      const rows = await db
        .insert(articles)
        .values(texts.map((_, i) => ({ slug: `synthetic-${i}`, title: `Synthetic Article ${i}`, letter: "s", summary: "A generated article." })))
        .returning({ id: articles.id });
      ids = rows.map((r) => r.id);
      // In bulk, as the index would hold them had each been published.
      await insertShingles(
        db,
        ids.map((articleId, i) => ({ articleId, hashes: shingleHashes(proseWords(texts[i])) })),
      );
      // The planner's statistics, as autovacuum would have them on a live database.
      await db.execute(sql`analyze article_shingles`);
    }, 240_000);

    it("holds every article's shingles", async () => {
      const [{ n }] = await db
        .select({ n: count() })
        .from(articleShingles)
        .where(sql`${articleShingles.articleId} >= ${ids[0]}`);
      expect(n).toBeGreaterThan(ARTICLES * (WORDS - 8));
    });

    it("flags a paste from one of them, naming it, and not original text", async () => {
      const donor = 1_234;
      const paste = texts[donor].split(" ").slice(40, 90).join(" ");
      const id = await submit(V, "situationship", await changed("situationship", (_m, body) => ({ body: `${body}\n\n${paste}` })));
      expect(await reasonOf(id, "copied-text")).toBe(
        `Adds text already on the site: 43 runs in “Synthetic Article ${donor}” (runs of 8 words; 20 or more count).`,
      );

      // The same vocabulary in a fresh order: no 8-word run matches anything.
      const original = Array.from({ length: 50 }, () => vocabulary[Math.floor(random() * vocabulary.length)]).join(" ");
      const clean = await submit(V, "situationship", await changed("situationship", (_m, body) => ({ body: `${body}\n\n${original}` })));
      expect(await kinds(clean)).not.toContain("copied-text");
    });

    it("looks the shingles up through the index, never by scanning the table", async () => {
      const hashes = [...addedShingles([], texts[42].split(" ").slice(0, 60))];
      expect(await findCopiedText(db, hashes, null, 20)).toEqual([{ title: "Synthetic Article 42", slug: "synthetic-42", shared: 53 }]);
      const plan = rowsOf<Record<string, string>>(await db.execute(sql`explain ${copiedTextQuery(hashes, null, 20)}`))
        .map((r) => Object.values(r)[0])
        .join("\n");
      expect(plan).toMatch(/Index (Only )?Scan using article_shingles_hash_article_id_pk|Bitmap Index Scan on article_shingles_hash_article_id_pk/);
      expect(plan).not.toMatch(/Seq Scan on article_shingles/);
    });
  });
});

// ---- the queue ----

describe("the queue by flag", () => {
  it("filters by a flag and sorts by the number of flags", async () => {
    const all = (await listQueue(db, M)).items;
    expect(all.length).toBeGreaterThan(5);
    const external = (await listQueue(db, M, "all", new Date(), { flag: "external-links" })).items;
    expect(external.length).toBeGreaterThan(0);
    expect(external.every((p) => p.riskFlags.some((f) => f.kind === "external-links"))).toBe(true);
    expect(all.filter((p) => p.riskFlags.some((f) => f.kind === "external-links")).map((p) => p.id)).toEqual(external.map((p) => p.id));

    const byRisk = (await listQueue(db, M, "all", new Date(), { sort: "risk" })).items;
    const counts = byRisk.map((p) => p.riskFlags.length);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    expect(new Set(counts).size).toBeGreaterThan(1);
    // Oldest first among equals, as the plain queue.
    const zero = byRisk.filter((p) => p.riskFlags.length === 0).map((p) => p.id);
    expect(zero).toEqual(all.filter((p) => p.riskFlags.length === 0).map((p) => p.id));
    // The flag filter and the edits/new filter combine.
    expect((await listQueue(db, M, "new", new Date(), { flag: "external-links" })).items).toEqual([]);
  });
});
