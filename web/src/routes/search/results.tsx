/** Placeholder until its issue lands. */
export function SearchPage() {
  return null;
}
