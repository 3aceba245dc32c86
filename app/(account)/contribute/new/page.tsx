import { env } from "@/lib/env";
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { emptyFields } from "@/lib/articles/editor-model";
import { can } from "@/lib/auth/policy";
import { getCurrentUser } from "@/lib/auth/session";
import { ArticleEditor } from "../editor";

export const metadata: Metadata = { title: "Propose a new article", robots: { index: false } };

type Props = { searchParams: Promise<{ title?: string | string[] }> };

export default async function NewArticlePage({ searchParams }: Props) {
  // "?title=" comes from a missing article's page ("Propose an article on …"): it only fills in the title.
  const raw = (await searchParams).title;
  const title =
    typeof raw === "string"
      ? raw
          .replace(/[\u0000-\u001f\u007f]/g, "")
          .trim()
          .slice(0, 120)
      : "";
  const user = await getCurrentUser();
  if (!user) redirect(`/signin?callbackUrl=${encodeURIComponent(title ? `/contribute/new?title=${encodeURIComponent(title)}` : "/contribute/new")}`);
  if (!can(user, "proposal:create")) redirect("/me");
  return (
    <div>
      <h1>Propose a new article</h1>
      <p>
        Write it in full: a lead, sections, sources you have read yourself. A moderator reviews it before it is published. See the format guide in the text
        box&apos;s hint.
      </p>
      <ArticleEditor
        mode="new"
        initial={{ ...emptyFields, title, body: "A lead paragraph that says what the topic is and why it matters.\n\n## History\n\n## FAQs\n" }}
        draftKey="attune-draft:new"
        maxSourceKb={env().MAX_SOURCE_KB}
      />
    </div>
  );
}
