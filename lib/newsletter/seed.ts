// First-run content for the newsletter: one draft issue, written by the editors, for an admin to review and send.
import "server-only";
import { count, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { newsletterIssues } from "../db/schema";

export const SEED_ISSUE_SLUG = "write-a-bio-that-sounds-like-you-on-a-good-day";
export const SEED_ISSUE_SUBJECT = "Write a bio that sounds like you on a good day";

export const SEED_ISSUE_MARKDOWN = `Hello, and welcome to the first Attune newsletter.

Most dating-app bios go wrong in the same quiet way: everything in them is true, yet they could belong to almost anyone. "Love travel, good food and a laugh" describes most adults you will ever meet. This issue is about writing a few lines only you could have written, and about some encyclopedia articles worth reading before, and after, that first message.

## Five bio habits that work

### 1. Trade adjectives for evidence

"Adventurous" asks the reader to take your word for it. A detail lets them see it for themselves.

- Instead of *"I'm adventurous"*: "Last spring I took a night train to a town I still can't pronounce and ended up dancing at a stranger's wedding."
- Instead of *"I love cooking"*: "My Sunday project is a dal that takes four hours. You will be made to taste it."

One concrete sentence does more work than a list of five flattering traits.

### 2. Leave a handle someone can grab

A good bio is an easy first message waiting to happen. Give people something specific to ask about, or to argue with:

- "Currently losing a long argument with my sourdough starter."
- "Firm belief: the best seat on any bus is upstairs at the front. Prove me wrong."

Lines like these invite a reply that is more than "hey".

### 3. Say what you are looking for, plainly and kindly

Vague bios attract vague matches. You do not need a list of requirements; one honest line is enough, such as "Hoping for something steady with someone who replies when they say they will" or "New in town, happy to see where things go, not looking for anything casual." Saying it early can save you both weeks. If you have ever found yourself in a relationship nobody would name, our article on [situationships](/wiki/situationship) explains how that tends to happen.

### 4. Turn your list of dislikes into likes

"No drama, no liars, no one who can't hold a conversation" reads like a summary of old hurts, and it can put off the warm, steady people you most want to meet. Turn each "no" into a "yes": "I like people who say what they mean" carries the same message and sounds like an invitation.

### 5. Let your photos and your words agree

If your bio says you are a homebody who lives for board games, one photo of you at a cluttered game table is worth more than another summit selfie. Consistency builds trust. A profile that oversells sets up a disappointing first date and, taken far enough, is how [catfishing](/wiki/catfishing) begins.

**A quick test:** cover your name and photos and read your bio aloud. Would a close friend know it was yours? If not, add one detail only you would write.

## When the apps wear you down

Swiping can be tiring in a way that is easy to mistake for something being wrong with you. Usually nothing is. These articles put the experience in context:

- [Dating app fatigue](/wiki/dating-app-fatigue): why endless choice and short-lived chats leave so many people drained, and what tends to help.
- [Ghosting](/wiki/ghosting): why people disappear mid-conversation, and how to look after yourself when it happens to you.
- [Breadcrumbing](/wiki/breadcrumbing): the occasional like or message that keeps you interested without ever going anywhere.
- [Rejection sensitivity](/wiki/rejection-sensitivity): if a slow reply feels like a verdict on your worth, this explains where that feeling can come from.

## What a steady start looks like

Early attraction can feel like fireworks, but intensity is not the same thing as compatibility. Our article on [secure attachment](/wiki/secure-attachment) describes what it looks like when someone is consistent, open and at ease with closeness, which makes it a useful lens for a new match. And if things move very fast, with constant messages and grand declarations in the first week, read about [love bombing](/wiki/love-bombing) before deciding how you feel.

## One small exercise for this week

Write three versions of your opening line: one funny, one sincere, one curious. Show them to someone who knows you well and ask which sounds most like you. Use that one, and retire the other two without regret.

Thank you for reading. Every article mentioned here is open for anyone to improve: if you know a study we missed or spot something unclear, each page has an Edit link.

Warmly,
The Attune editors
`;

/** Inserts the seed draft when there are no issues at all. Returns whether it wrote anything. */
export async function seedNewsletterDraft(db: Db): Promise<boolean> {
  return db.transaction(async (tx) => {
    // Serialises concurrent seeders (two instances starting against one PostgreSQL).
    await tx.execute(sql`select pg_advisory_xact_lock(727275)`);
    const [{ n }] = await tx.select({ n: count() }).from(newsletterIssues);
    if (Number(n) > 0) return false;
    await tx.insert(newsletterIssues).values({ slug: SEED_ISSUE_SLUG, subject: SEED_ISSUE_SUBJECT, markdown: SEED_ISSUE_MARKDOWN });
    return true;
  });
}
