// The editorial standard for a complete article (used for the seed and shown to contributors as guidance).
import { existsSync } from "node:fs";
import path from "node:path";
import { sourceParts, UNGRADED_LABEL } from "./fields";
import { renderArticleBody } from "./render";
import type { ArticleSource } from "./source";

export type EditorialOptions = { knownSlugs?: Set<string>; fileSlug?: string; publicDir?: string };

/**
 * `errors` break the standard (`npm run check:articles` fails on them); `warnings` are worth fixing but do not fail
 * it yet: a source without a type (the grading pass of the seed articles is still to come).
 */
export type EditorialReport = { errors: string[]; warnings: string[] };

export async function checkEditorialRules(article: ArticleSource, options: EditorialOptions = {}): Promise<EditorialReport> {
  const { meta, body, slug } = article;
  const problems: string[] = [];
  const warnings = meta.sources.flatMap((s, i) =>
    s.type
      ? []
      : [`source ${i + 1} (${s.author.split(/[,;&]| and /)[0]?.trim()}, ${s.year}) has no ${sourceParts.type.label.toLowerCase()}: ${UNGRADED_LABEL}`],
  );
  const need = (ok: boolean, message: string) => {
    if (!ok) problems.push(message);
  };
  const rendered = await renderArticleBody(body);
  const sections = rendered.toc.filter((t) => t.depth === 2 && t.id !== "faqs");
  const media = Object.values(meta.media).reduce((n, group) => n + (group?.length ?? 0), 0);
  need(options.fileSlug === undefined || options.fileSlug === slug, `file name should be ${slug}.md`);
  need(meta.infobox.length >= 4, "infobox needs at least 4 rows");
  need(meta.aliases.length >= 3, "aliases needs at least 3 entries");
  need(sections.length >= 6, `needs at least 6 ## sections before FAQs (has ${sections.length})`);
  need(rendered.faqs.length >= 3, `needs at least 3 FAQs (has ${rendered.faqs.length})`);
  need(
    rendered.faqs.every((f) => f.answerText.length > 0 && f.question.endsWith("?")),
    "every FAQ needs a question ending in ? and an answer",
  );
  need(media >= 2, "media needs at least 2 depictions");
  need(meta.sources.length >= 3, "sources needs at least 3 entries");
  need(meta.related.length >= 3, "related needs at least 3 slugs");
  need(meta.figure !== undefined, "figure is required");
  if (meta.figure?.src.startsWith("/")) {
    need(existsSync(path.join(options.publicDir ?? "public", meta.figure.src)), `figure file public${meta.figure.src} does not exist`);
  }
  if (options.knownSlugs && options.knownSlugs.size > 1) {
    for (const r of meta.related) need(options.knownSlugs.has(r), `related slug "${r}" is not an article`);
  }
  need(rendered.leadText.length >= 200, "the lead should be at least a full paragraph");
  return { errors: problems, warnings };
}
