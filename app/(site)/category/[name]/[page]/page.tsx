import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { pageParam, readParam } from "@/lib/params";
import { CategoryListing, categoryMetadata } from "@/app/_components/listings";

export const revalidate = 3600;
export const dynamicParams = true;
export async function generateStaticParams() {
  return [];
}

type Props = { params: Promise<{ name: string; page: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { name, page } = await params;
  const n = readParam(pageParam, page, "decoded");
  return n ? categoryMetadata(name, n) : { title: "Page not found" };
}

export default async function CategoryMorePage({ params }: Props) {
  const { name, page } = await params;
  const n = readParam(pageParam, page, "encoded");
  if (!n) notFound();
  return <CategoryListing param={name} page={n} />;
}
