/** Tenant export figures (#8); filled in by the tenant-data work. */
export async function tenantExport(): Promise<Record<string, number>> {
  return {};
}
