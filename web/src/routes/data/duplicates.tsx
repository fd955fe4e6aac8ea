/** Placeholder until its issue lands. */
export function DuplicatesPage() {
  return null;
}
