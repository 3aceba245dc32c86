// Filled in by the newsletter work (issue 6). Renders nothing until then: never a fake form.
export function NewsletterSignup({ source }: { source: "footer" | "article" | "page" }) {
  void source;
  return null;
}
