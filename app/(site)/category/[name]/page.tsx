import type { Metadata } from "next";
import { CategoryListing, categoryMetadata } from "@/app/_components/listings";

export const revalidate = 3600;
export const dynamicParams = true;
export async function generateStaticParams() {
  return [];
}

type Props = { params: Promise<{ name: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return categoryMetadata((await params).name);
}

export default async function CategoryPage({ params }: Props) {
  return <CategoryListing param={(await params).name} />;
}
