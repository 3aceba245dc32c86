// An article's text alone (lead, sections, FAQs), without the page's furniture: the review page's "now" column,
// beside the full "after approval" view. Rendered with an id prefix, so the two share one page without clashing.
import type { RenderedBody } from "@/lib/articles/render";

export function ProseView({ title, body }: { title: string; body: RenderedBody }) {
  return (
    <div className="article prose-view">
      <p className="prose-view__title">{title}</p>
      <div className="lead" dangerouslySetInnerHTML={{ __html: body.leadHtml }} />
      <div className="article-body" dangerouslySetInnerHTML={{ __html: body.html }} />
      {body.faqs.length > 0 && (
        <div className="faqs">
          <p className="prose-view__title">FAQs</p>
          {body.faqs.map((f) => (
            <div key={f.id}>
              <p>
                <strong>{f.question}</strong>
              </p>
              <div dangerouslySetInnerHTML={{ __html: f.answerHtml }} />
            </div>
          ))}
        </div>
      )}
    </div>
  );
}
