// Who may do what: the one place that decides. Every server action and protected route asks here.
import type { Role } from "../db/schema/auth";

export type Action =
  | "proposal:create" // propose an edit or a new article
  | "proposal:review" // see the queue, claim, approve, reject, request changes
  | "article:revert"
  | "user:manage-roles"
  | "donations:view"
  | "newsletter:manage"
  | "expertise:grant" // grant, edit and revoke expert profiles
  | "watchlist:use"; // watch articles and categories, get change emails

// A new account is a contributor: anyone signed in may propose, and nothing goes live unreviewed.
// "reader" is what an admin sets to stop someone proposing without deleting their account.
const grants: Record<Role, readonly Action[]> = {
  reader: ["watchlist:use"],
  contributor: ["proposal:create", "watchlist:use"],
  moderator: ["proposal:create", "proposal:review", "article:revert", "watchlist:use"],
  admin: [
    "proposal:create",
    "proposal:review",
    "article:revert",
    "user:manage-roles",
    "donations:view",
    "newsletter:manage",
    "expertise:grant",
    "watchlist:use",
  ],
};

export const DEFAULT_ROLE: Role = "contributor";

export type Actor = { id: string; role: Role };

export function can(actor: Actor | null | undefined, action: Action): boolean {
  return Boolean(actor && grants[actor.role].includes(action));
}

/** Nobody reviews their own proposal, whatever their role. */
export function canReviewProposal(actor: Actor | null | undefined, proposal: { authorId: string | null }): boolean {
  return Boolean(actor && can(actor, "proposal:review") && proposal.authorId !== actor.id);
}

/** Admins may change anyone's role but their own (so the last admin cannot lock everyone out by accident). */
export function canChangeRole(actor: Actor | null | undefined, targetUserId: string): boolean {
  return Boolean(actor && can(actor, "user:manage-roles") && actor.id !== targetUserId);
}

/** Only admins grant, edit and revoke expert profiles. */
export function canGrantExpertise(actor: Actor | null | undefined): boolean {
  return can(actor, "expertise:grant");
}

/** The part of an expert profile that decides what its holder may do. */
export type ExpertStanding = { userId: string; revokedAt: Date | null };

/**
 * Expertise is a profile, not a role: whoever holds an active profile may mark reviews, whatever their role. Approving
 * proposals stays with moderators and admins (canReviewProposal): a profile grants nothing there.
 */
export function canReview(actor: Actor | null | undefined, profile: ExpertStanding | null | undefined): boolean {
  return Boolean(actor && profile && profile.userId === actor.id && profile.revokedAt === null);
}
