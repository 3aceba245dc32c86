import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { pageParam, readParam } from "@/lib/params";
import { LetterListing, letterMetadata } from "@/app/_components/listings";

export const revalidate = 3600;
export const dynamicParams = true;
export async function generateStaticParams() {
  return [];
}

type Props = { params: Promise<{ letter: string; page: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { letter, page } = await params;
  const n = readParam(pageParam, page, "decoded");
  return n ? letterMetadata(letter, n) : { title: "Page not found" };
}

export default async function BrowseLetterMorePage({ params }: Props) {
  const { letter, page } = await params;
  const n = readParam(pageParam, page, "encoded");
  if (!n) notFound();
  return <LetterListing param={letter} page={n} />;
}
