import { ImageResponse } from "next/og";
import { notFound } from "next/navigation";
import { getArticleBySlug } from "@/lib/articles/queries";
import { readParam, slugParam } from "@/lib/params";

export const size = { width: 1200, height: 630 };
export const contentType = "image/png";
export const alt = "Attune article card";
export const revalidate = 86400;
export async function generateStaticParams() {
  return [];
}

export default async function OpenGraphImage({ params }: { params: Promise<{ slug: string }> }) {
  const slug = readParam(slugParam, (await params).slug, "decoded");
  const lookup = slug ? await getArticleBySlug(slug) : null;
  // Only an article's own slug has a card (its page names no other).
  if (lookup?.kind !== "article") notFound();
  const { title, summary } = lookup.article;
  return new ImageResponse(
    <div
      style={{
        width: "100%",
        height: "100%",
        display: "flex",
        flexDirection: "column",
        justifyContent: "space-between",
        background: "#f4f1ea",
        padding: 72,
        fontFamily: "sans-serif",
      }}
    >
      <div style={{ display: "flex", alignItems: "center", gap: 20, color: "#2f4858", fontSize: 36, fontWeight: 700 }}>
        <div style={{ width: 44, height: 44, borderRadius: 22, background: "#f6ae2d" }} />
        Attune
      </div>
      <div style={{ display: "flex", flexDirection: "column", gap: 24 }}>
        <div style={{ fontSize: title.length > 30 ? 64 : 80, fontWeight: 700, color: "#1d2630", lineHeight: 1.1 }}>{title}</div>
        <div style={{ fontSize: 30, color: "#4a5563", lineHeight: 1.4 }}>{summary.length > 160 ? `${summary.slice(0, 157)}…` : summary}</div>
      </div>
      <div style={{ fontSize: 24, color: "#33658a" }}>The open encyclopedia of relationship psychology · CC BY-SA 4.0</div>
    </div>,
    size,
  );
}
