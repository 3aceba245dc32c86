// Every environment variable the app reads, parsed once with Zod. Nothing else reads process.env.
import { isIP } from "node:net";
import { z } from "zod";
import { isLoopback, normaliseAddress } from "./client-address";

const bool = z
  .enum(["true", "false", "1", "0", "yes", "no", ""], { error: 'must be "true" or "false"' })
  .optional()
  .transform((v) => v === "true" || v === "1" || v === "yes");

const positiveInt = (fallback: number) =>
  z.preprocess(
    (v) => (v === "" ? undefined : v),
    z.coerce.number({ error: "must be a whole number" }).int("must be a whole number").positive("must be greater than zero").default(fallback),
  );

const optionalText = z
  .string()
  .optional()
  .transform((v) => (v && v.trim() !== "" ? v.trim() : undefined));

const url = (label: string) =>
  z
    .string()
    .trim()
    .refine((v) => {
      try {
        const u = new URL(v);
        return u.protocol === "http:" || u.protocol === "https:";
      } catch {
        return false;
      }
    }, `must be a full http:// or https:// address (${label})`);

// A bare host name (letters, digits, hyphens and dots): no scheme, port, path or wildcard.
const HOST_NAME = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/;

/** `next dev`'s fixed Server Actions key (next.config.ts): public, so a production start refuses it. */
export const DEV_ACTIONS_KEY = "YXR0dW5lLWRldmVsb3BtZW50LWFjdGlvbnMta2V5ISE=";

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  NEXT_PHASE: optionalText,
  DATABASE_URL: optionalText.pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, "must start with postgres:// or postgresql://")
      .optional(),
  ),
  PGLITE_DIR: z.string().trim().min(1).default(".data/pglite"),
  // Where the nightly dumps are written and served from: a volume every instance reads (lib/dumps).
  DUMPS_DIR: z.string().trim().min(1).default(".data/dumps"),
  DB_POOL_MAX: positiveInt(10),
  SITE_URL: optionalText.pipe(url("for example https://attune.example").optional()),
  SITE_NAME: z.string().trim().min(1).default("Attune"),
  AUTH_SECRET: optionalText,
  ADMIN_EMAILS: z
    .string()
    .optional()
    .transform((v) =>
      (v ?? "")
        .split(",")
        .map((e) => e.trim().toLowerCase())
        .filter(Boolean),
    ),
  EMAIL_TRANSPORT: z.enum(["resend", "outbox", "disabled"], { error: 'must be "resend", "outbox" or "disabled"' }).optional(),
  EMAIL_FROM: z.string().trim().min(3).default("Attune <hello@attune.localhost>"),
  RESEND_API_KEY: optionalText,
  RESEND_BASE_URL: optionalText.pipe(url("the Resend API address").optional()),
  // Proxies whose X-Forwarded-For is believed: a comma-separated list of addresses; "true" means this machine (127.0.0.1, ::1).
  TRUSTED_PROXY: z
    .string()
    .optional()
    .transform((v, ctx): string[] => {
      const value = (v ?? "").trim().toLowerCase();
      if (["", "false", "0", "no"].includes(value)) return [];
      if (["true", "1", "yes"].includes(value)) return ["127.0.0.1", "::1"];
      const list = value
        .split(",")
        .map((a) => normaliseAddress(a))
        .filter(Boolean);
      if (list.every((a) => isIP(a) !== 0)) return list;
      ctx.addIssue({ code: "custom", message: 'must be "true", "false" or a comma-separated list of IP addresses such as 127.0.0.1,::1' });
      return z.NEVER;
    }),
  // The edge cache (deploy/nginx.conf) on this machine, asked to fetch an article again right after an edit.
  EDGE_REFRESH_URL: optionalText.pipe(url("the edge cache on this machine, e.g. http://127.0.0.1:8080").optional()),
  SKIP_SEED: bool,
  // Several instances: the shared page cache (cache-handler.mjs), and one Server Actions key for all of them.
  REDIS_URL: optionalText.pipe(
    z
      .string()
      .regex(/^rediss?:\/\/\S+$/, "must start with redis:// or rediss:// (for example redis://127.0.0.1:6379)")
      .optional(),
  ),
  NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: optionalText.pipe(
    z
      .string()
      .refine(
        (v) => /^[A-Za-z0-9+/]+={0,2}$/.test(v) && Buffer.from(v, "base64").length === 32,
        "must be 32 random bytes in base64: `npm run generate:secrets` prints one",
      )
      .optional(),
  ),
  DEPLOYMENT_ID: optionalText.pipe(
    z
      .string()
      .regex(/^[A-Za-z0-9._-]{1,64}$/, "must be letters, digits, dots, dashes or underscores (at most 64), e.g. the git commit")
      .optional(),
  ),
  // How long a stopping instance may finish the requests it has before it closes its database.
  SHUTDOWN_TIMEOUT_MS: positiveInt(10_000),
  // Hosts whose images articles may show (the Content-Security-Policy's img-src and the Markdown renderer).
  IMAGE_HOSTS: z
    .string()
    .optional()
    .transform((v) =>
      (v ?? "")
        .split(",")
        .map((h) => h.trim().toLowerCase())
        .filter(Boolean),
    )
    .pipe(
      z.array(
        z.string().regex(HOST_NAME, {
          error: (issue) =>
            `"${String(issue.input)}" is not a bare host name: list names such as upload.wikimedia.org,images.example.org (no https://, no port, no path)`,
        }),
      ),
    ),
  RATE_LIMIT_SIGNIN_PER_HOUR: positiveInt(5),
  RATE_LIMIT_SIGNIN_PER_IP_PER_HOUR: positiveInt(30),
  RATE_LIMIT_PROPOSALS_PER_HOUR: positiveInt(10),
  RATE_LIMIT_SUBSCRIBE_PER_HOUR: positiveInt(10),
  MAX_PENDING_PROPOSALS: positiveInt(5),
  STRIPE_SECRET_KEY: optionalText,
  STRIPE_WEBHOOK_SECRET: optionalText,
  // Tests point the official SDK at a local fake Stripe: host, port and protocol.
  STRIPE_API_HOST: optionalText,
  STRIPE_API_PORT: z.preprocess((v) => (v === "" ? undefined : v), z.coerce.number().int().positive().optional()),
  STRIPE_API_PROTOCOL: z.enum(["http", "https"]).optional(),
  DONATION_CURRENCIES: z
    .string()
    .default("usd,eur")
    .transform((v) =>
      v
        .split(",")
        .map((c) => c.trim().toLowerCase())
        .filter(Boolean),
    )
    .pipe(z.array(z.string().regex(/^[a-z]{3}$/, "currencies are three-letter codes such as usd,eur")).min(1, "list at least one currency")),
  DONATION_PRESETS: z
    .string()
    .default("1000,2500,5000")
    .transform((v) => v.split(",").map((n) => Number(n.trim())))
    .pipe(z.array(z.number().int().positive()).length(3, "give exactly three preset amounts in minor units, e.g. 1000,2500,5000")),
  DONATION_MIN: positiveInt(100),
  RATE_LIMIT_DONATE_PER_HOUR: positiveInt(30),
  DONATION_MAX: positiveInt(1_000_000),
  RESEND_WEBHOOK_SECRET: optionalText,
  NEWSLETTER_BATCH_SIZE: positiveInt(100),
  // 0 turns the shared limiter off (unit tests against a local fake; an account with no limit).
  RESEND_REQUESTS_PER_SECOND: z.preprocess(
    (v) => (v === "" ? undefined : v),
    z.coerce.number({ error: "must be a whole number" }).int("must be a whole number").min(0, "must be 0 (no limit) or more").default(2),
  ),
  // Who works the job queue on PostgreSQL: every instance, or only `npm run worker` (the embedded database always works in-process).
  WORKER: z.enum(["inline", "separate"], { error: 'must be "inline" or "separate"' }).default("inline"),
  JOBS_POLL_SECONDS: positiveInt(2),
  JOBS_STOP_TIMEOUT_MS: positiveInt(10_000),
  // Watchlist change emails (lib/watch): the batching window (0 sends at the next sweep) and how often due emails are looked for.
  WATCH_BATCH_MINUTES: z.preprocess(
    (v) => (v === "" ? undefined : v),
    z.coerce.number({ error: "must be a whole number" }).int("must be a whole number").min(0, "must be 0 or more").default(60),
  ),
  WATCH_SWEEP_SECONDS: positiveInt(300),
  MAX_SOURCE_KB: positiveInt(100),
  // How long an unreviewed text may take to render (previews, submissions, the review page) and to diff word by word.
  RENDER_BUDGET_MS: positiveInt(600),
  DIFF_BUDGET_MS: positiveInt(100),
  RATE_LIMIT_PREVIEWS_PER_HOUR: positiveInt(120),
  // The public read API (/api/v1): requests per client address per minute that reach the app (the edge serves the rest).
  RATE_LIMIT_API_PER_MINUTE: positiveInt(120),
  // Risk flags on proposals (lib/moderation/risk.ts): when a proposal is marked for a moderator's closer look.
  RISK_REMOVED_TEXT_PERCENT: z.preprocess(
    (v) => (v === "" ? undefined : v),
    z.coerce
      .number({ error: "must be a whole number" })
      .int("must be a whole number")
      .min(1, "must be a percentage from 1 to 100")
      .max(100, "must be a percentage from 1 to 100")
      .default(30),
  ),
  RISK_NEW_ACCOUNT_HOURS: positiveInt(24),
  RISK_COPIED_SHINGLES: positiveInt(20),
  RISK_PROPOSALS_PER_HOUR: positiveInt(5),
  // Expert reviews (lib/reviews/expiry.ts): a review expires after this many months, or once more than this share of
  // the article's prose words (0.2 = 20%) has changed since the reviewed revision.
  REVIEW_VALID_MONTHS: positiveInt(12),
  REVIEW_CHANGE_SHARE: z.preprocess(
    (v) => (v === "" ? undefined : v),
    z.coerce
      .number({ error: "must be a number from 0 to 1, e.g. 0.2 for 20%" })
      .gt(0, "must be a number from 0 to 1, e.g. 0.2 for 20%")
      .max(1, "must be a number from 0 to 1, e.g. 0.2 for 20%")
      .default(0.2),
  ),
  // How long a page of search results is kept (lib/articles/search.ts); approvals expire it at once. 0 turns it off.
  SEARCH_CACHE_SECONDS: z.preprocess(
    (v) => (v === "" ? undefined : v),
    z.coerce.number({ error: "must be a whole number of seconds" }).int("must be a whole number of seconds").min(0, "must be 0 or more").default(300),
  ),
});

type Raw = z.output<typeof schema>;
export type Env = Omit<Raw, "EMAIL_TRANSPORT" | "SITE_URL"> & {
  EMAIL_TRANSPORT: "resend" | "outbox" | "disabled";
  SITE_URL: string;
  isProductionStart: boolean;
};

export class EnvError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "EnvError";
  }
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    throw new EnvError(parsed.error.issues.map((i) => `${String(i.path[0] ?? "environment")}: ${i.message}`));
  }
  const raw = parsed.data;
  const isBuild = raw.NEXT_PHASE === "phase-production-build";
  const isProductionStart = raw.NODE_ENV === "production" && !isBuild;
  const problems: string[] = [];
  if (isProductionStart && !raw.SITE_URL) problems.push("SITE_URL: is required in production (the public address, e.g. https://attune.example)");
  const transport = raw.EMAIL_TRANSPORT ?? (raw.RESEND_API_KEY ? "resend" : raw.NODE_ENV === "production" ? "disabled" : "outbox");
  if (transport === "resend" && !raw.RESEND_API_KEY) problems.push("RESEND_API_KEY: is required when EMAIL_TRANSPORT is resend");
  // The outbox shows sign-in links: a production server may use it only when it is reachable from this machine alone.
  if (
    isProductionStart &&
    transport === "outbox" &&
    raw.SITE_URL &&
    !isLoopback(new URL(raw.SITE_URL).hostname.replace(/^\[|\]$/g, "")) &&
    new URL(raw.SITE_URL).hostname !== "localhost"
  ) {
    problems.push(
      "EMAIL_TRANSPORT: outbox stores sign-in links and shows them at /dev/outbox, so a production server may use it only when SITE_URL is a loopback address such as http://localhost:3000 (set RESEND_API_KEY, or EMAIL_TRANSPORT=disabled)",
    );
  }
  if (isProductionStart && raw.NEXT_SERVER_ACTIONS_ENCRYPTION_KEY === DEV_ACTIONS_KEY) {
    problems.push(
      "NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: is the public development key; a production server needs its own (`npm run generate:secrets` prints one)",
    );
  }
  if (problems.length > 0) throw new EnvError(problems);
  return {
    ...raw,
    SITE_URL: (raw.SITE_URL ?? "http://localhost:3000").replace(/\/+$/, ""),
    EMAIL_TRANSPORT: transport,
    isProductionStart,
  };
}

let cached: Env | undefined;

/** The parsed environment; parsed on first call so that `next build` never needs runtime secrets. */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** For tests that change variables between cases. */
export function resetEnvCache(): void {
  cached = undefined;
}
