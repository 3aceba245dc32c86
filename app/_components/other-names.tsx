// An article's "Other names", grouped by kind under small labels; names often confused with it come last, said as such.
import { groupOtherNames } from "@/lib/articles/other-names";
import type { OtherName } from "@/lib/articles/fields";

export function OtherNames({ names }: { names: readonly OtherName[] }) {
  const groups = groupOtherNames(names);
  if (groups.length === 0) return null;
  return (
    <section aria-labelledby="other-names" className="aliases">
      <h2 id="other-names">Other names</h2>
      {groups.map((g) =>
        g.type === null ? (
          <p key="untyped">{g.names.join(", ")}</p>
        ) : (
          <p key={g.type} className={`aliases__group${g.type === "confused" ? " aliases__group--confused" : ""}`} data-term-type={g.type}>
            <span className="aliases__label">{g.label}</span>{" "}
            {g.type === "confused" ? (
              <>
                {g.names.join(", ")} <span className="aliases__note">(a different thing, not another name for this)</span>
              </>
            ) : (
              g.names.join(", ")
            )}
          </p>
        ),
      )}
    </section>
  );
}
