import { describe, expect, it } from "vitest";
import { requirePermission } from "@/lib/auth/guard";
import { can, canChangeRole, canGrantExpertise, canReview, canReviewProposal, DEFAULT_ROLE, type Action, type Actor } from "@/lib/auth/policy";
import { roles, type Role } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";

// The whole policy, written out by hand: a change to lib/auth/policy.ts must change this table too.
const expected: Record<Role, Record<Action, boolean>> = {
  reader: {
    "proposal:create": false,
    "proposal:review": false,
    "article:revert": false,
    "user:manage-roles": false,
    "donations:view": false,
    "newsletter:manage": false,
    "expertise:grant": false,
    "watchlist:use": true,
  },
  contributor: {
    "proposal:create": true,
    "proposal:review": false,
    "article:revert": false,
    "user:manage-roles": false,
    "donations:view": false,
    "newsletter:manage": false,
    "expertise:grant": false,
    "watchlist:use": true,
  },
  moderator: {
    "proposal:create": true,
    "proposal:review": true,
    "article:revert": true,
    "user:manage-roles": false,
    "donations:view": false,
    "newsletter:manage": false,
    "expertise:grant": false,
    "watchlist:use": true,
  },
  admin: {
    "proposal:create": true,
    "proposal:review": true,
    "article:revert": true,
    "user:manage-roles": true,
    "donations:view": true,
    "newsletter:manage": true,
    "expertise:grant": true,
    "watchlist:use": true,
  },
};

const actions = Object.keys(expected.admin) as Action[];
const actor = (role: Role, id = `${role}-1`): Actor => ({ id, role });
const cases = roles.flatMap((role) => actions.map((action) => [role, action, expected[role][action]] as const));

function caught(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error("expected the call to throw");
}

describe("can", () => {
  it("has a row for every role and a column for every action", () => {
    expect(Object.keys(expected).sort()).toEqual([...roles].sort());
    for (const role of roles) expect(Object.keys(expected[role]).sort()).toEqual([...actions].sort());
    expect(cases).toHaveLength(roles.length * 8);
  });

  it.each(cases)("%s may %s: %s", (role, action, allowed) => {
    expect(can(actor(role), action)).toBe(allowed);
  });

  it.each(actions)("nobody signed in may %s", (action) => {
    expect(can(null, action)).toBe(false);
    expect(can(undefined, action)).toBe(false);
  });

  it("gives a new account the contributor role", () => {
    expect(DEFAULT_ROLE).toBe("contributor");
  });
});

describe("canReviewProposal", () => {
  it.each(["moderator", "admin"] as const)("lets a %s review someone else's proposal but not their own", (role) => {
    const me = actor(role, "me");
    expect(canReviewProposal(me, { authorId: "someone-else" })).toBe(true);
    expect(canReviewProposal(me, { authorId: "me" })).toBe(false);
  });

  it("lets a moderator review a proposal whose author deleted their account", () => {
    expect(canReviewProposal(actor("moderator"), { authorId: null })).toBe(true);
  });

  it.each(["reader", "contributor"] as const)("never lets a %s review", (role) => {
    expect(canReviewProposal(actor(role, "me"), { authorId: "someone-else" })).toBe(false);
    expect(canReviewProposal(actor(role, "me"), { authorId: "me" })).toBe(false);
    expect(canReviewProposal(actor(role, "me"), { authorId: null })).toBe(false);
  });

  it("never lets an anonymous visitor review", () => {
    expect(canReviewProposal(null, { authorId: "someone" })).toBe(false);
    expect(canReviewProposal(undefined, { authorId: null })).toBe(false);
  });
});

describe("canChangeRole", () => {
  it("lets an admin change another person's role but not their own", () => {
    expect(canChangeRole(actor("admin", "boss"), "someone-else")).toBe(true);
    expect(canChangeRole(actor("admin", "boss"), "boss")).toBe(false);
  });

  it.each(["reader", "contributor", "moderator"] as const)("never lets a %s change roles", (role) => {
    expect(canChangeRole(actor(role, "me"), "someone-else")).toBe(false);
    expect(canChangeRole(actor(role, "me"), "me")).toBe(false);
  });

  it("never lets an anonymous visitor change roles", () => {
    expect(canChangeRole(null, "someone")).toBe(false);
    expect(canChangeRole(undefined, "someone")).toBe(false);
  });
});

describe("requirePermission", () => {
  it.each([null, undefined])("throws unauthorized for %s", (nobody) => {
    const error = caught(() => requirePermission(nobody, "proposal:create"));
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: "unauthorized", status: 401 });
  });

  it.each(cases.filter(([, , allowed]) => !allowed))("throws forbidden when a %s asks to %s", (role, action) => {
    const error = caught(() => requirePermission(actor(role), action));
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: "forbidden", status: 403 });
  });

  it.each(cases.filter(([, , allowed]) => allowed))("returns the actor when a %s asks to %s", (role, action) => {
    const who = { ...actor(role), displayName: "kept" };
    expect(requirePermission(who, action)).toBe(who);
  });
});

describe("AppError across bundled copies", () => {
  it("is recognised by instanceof even when made by another copy of the module", async () => {
    const { AppError } = await import("@/lib/errors");
    const copy = await import(`@/lib/errors?copy=${Date.now()}`);
    expect(copy.AppError).not.toBe(AppError);
    const made = new copy.AppError("bad_request", "From the other copy.");
    expect(made instanceof AppError).toBe(true);
    expect(new Error("plain") instanceof AppError).toBe(false);
    expect({ code: "bad_request" } instanceof AppError).toBe(false);
  });
});

describe("expertise is a profile, not a role", () => {
  const profile = (userId: string, revokedAt: Date | null = null) => ({ userId, revokedAt });
  it("only admins grant expert profiles", () => {
    expect(roles.filter((r) => canGrantExpertise(actor(r)))).toEqual(["admin"]);
    expect(canGrantExpertise(null)).toBe(false);
  });
  it("anyone with an active profile of their own may review, whatever their role", () => {
    for (const role of roles) expect(canReview(actor(role, "e"), profile("e")), role).toBe(true);
    expect(canReview(actor("contributor", "c"), null)).toBe(false);
    expect(canReview(actor("admin", "a"), profile("someone-else"))).toBe(false);
    expect(canReview(actor("moderator", "m"), profile("m", new Date()))).toBe(false);
    expect(canReview(null, profile("e"))).toBe(false);
  });
});
