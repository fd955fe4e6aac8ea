/** Placeholder until its issue lands. */
export function ImportPage() {
  return null;
}
