/** Placeholder until its issue lands. */
export function FieldSettings() {
  return null;
}
