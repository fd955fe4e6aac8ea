/** Placeholder until its issue lands. */
export function EfficiencyReportPage() {
  return null;
}
