import type { Metadata } from "next";
import { LetterListing, letterMetadata } from "@/app/_components/listings";

export const revalidate = 3600;
export const dynamicParams = true;
export async function generateStaticParams() {
  return [];
}

type Props = { params: Promise<{ letter: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return letterMetadata((await params).letter);
}

export default async function BrowseLetterPage({ params }: Props) {
  return <LetterListing param={(await params).letter} />;
}
