import { describe, expect, it } from "vitest";
import { displayNameSchema } from "@/lib/auth/accounts";

const refusal = (name: string) => {
  const parsed = displayNameSchema.safeParse(name);
  return parsed.success ? null : parsed.error.issues[0].message;
};

describe("displayNameSchema", () => {
  it("refuses reserved display names in any case: the name shown for deleted accounts, and the site's own name", () => {
    for (const name of ["former contributor", "Former Contributor", "  FORMER CONTRIBUTOR  ", "Attune", "attune team", "ATTUNE-admin", "Attune.official"]) {
      expect(refusal(name), name).toBe("That name is reserved.");
    }
    expect(refusal("Alex Morgan")).toBeNull();
  });
});
