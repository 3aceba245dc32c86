// Filled in by the donations work (issue 5). Renders nothing until then: never a fake box.
export function DonationBox() {
  return null;
}
