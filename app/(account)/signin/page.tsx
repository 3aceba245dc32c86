import type { Metadata } from "next";
import { safeNextPath } from "@/lib/auth/paths";
import { SignInForm } from "./signin-form";

export const metadata: Metadata = { title: "Sign in", robots: { index: false } };

const errors: Record<string, string> = {
  Verification: "That sign-in link has expired or has already been used. Ask for a new one below.",
  AccessDenied: "That account cannot sign in.",
  Configuration: "Sign-in is not working on our side just now. Please try again later.",
};

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string; error?: string }> }) {
  const { callbackUrl, error } = await searchParams;
  return (
    <div className="prose-page">
      <h1>Sign in</h1>
      <p>
        Sign in with your email address to propose edits and new articles. We email you a link; there is no password. Your address is never shown on the site.
      </p>
      {error && (
        <p role="alert" className="form-error">
          {errors[error] ?? "Signing in did not work. Please ask for a new link."}
        </p>
      )}
      <SignInForm callbackUrl={safeNextPath(callbackUrl)} />
    </div>
  );
}
