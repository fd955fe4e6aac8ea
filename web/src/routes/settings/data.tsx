/** Placeholder until its issue lands. */
export function DataSettings() {
  return null;
}
