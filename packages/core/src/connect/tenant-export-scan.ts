import { ScanCommand, type ScanCommandInput } from "@aws-sdk/lib-dynamodb";
import { documentClient, TableDefinition, tableName } from "../table";

export * as TenantScan from "./tenant-export-scan";

/** Parallel scan segments: a tenant's export or deletion reads the table in this many slices at once. */
export const SEGMENTS = 4;

const KEY_FIELDS: string[] = [TableDefinition.partitionKey, TableDefinition.sortKey, ...TableDefinition.indexes.flatMap((i) => [i.partitionKey, i.sortKey])];

/**
 * Every item that belongs to or points at a tenant: its own items (`tenantId` attribute, or the id inside
 * a key, as in idempotency keys), the global lookups whose value is the tenant (slug, inbound address), and
 * users whose last workspace it was.
 *
 * Why a Scan: there is no tenant-wide index. Each record has its own partition (`tenant#record`) so that a
 * timeline is one query, and the generic GSIs serve one list each; enumerating a tenant through them would
 * miss whatever a later module adds. Export and deletion are rare background jobs, so a parallel Scan
 * filtered by the tenant id is the honest tool here: it reads the whole table (cost grows with the table,
 * not the tenant), never runs on a request path, and only the data-job functions hold `dynamodb:Scan`.
 * A GSI keyed by tenant on every item would make this a query if exports become frequent.
 */
function filter(tenantId: string): Pick<ScanCommandInput, "FilterExpression" | "ExpressionAttributeNames" | "ExpressionAttributeValues"> {
  const names: Record<string, string> = { "#t": "tenantId", "#v": "value", "#l": "lastTenantId" };
  const parts = ["#t = :t", "#v = :t", "#l = :t"];
  KEY_FIELDS.forEach((f, i) => {
    names[`#k${i}`] = f;
    parts.push(`contains(#k${i}, :t)`);
  });
  return { FilterExpression: parts.join(" OR "), ExpressionAttributeNames: names, ExpressionAttributeValues: { ":t": tenantId } };
}

/**
 * Calls `onPage` with each page of the tenant's items, the segments running in parallel. `onPage` may be
 * called concurrently from different segments; it must not assume an order.
 */
export async function each(
  tenantId: string,
  onPage: (items: Record<string, unknown>[]) => Promise<void>,
  options: { projection?: string[]; segments?: number; pageSize?: number } = {},
): Promise<void> {
  const segments = options.segments ?? SEGMENTS;
  const f = filter(tenantId);
  const projection = options.projection
    ? { ProjectionExpression: options.projection.map((_, i) => `#p${i}`).join(", "), names: Object.fromEntries(options.projection.map((p, i) => [`#p${i}`, p])) }
    : undefined;
  await Promise.all(
    Array.from({ length: segments }, async (_, segment) => {
      let start: Record<string, unknown> | undefined;
      do {
        const res = await documentClient().send(
          new ScanCommand({
            TableName: tableName(),
            Segment: segment,
            TotalSegments: segments,
            Limit: options.pageSize ?? 1000,
            ExclusiveStartKey: start,
            FilterExpression: f.FilterExpression,
            ExpressionAttributeValues: f.ExpressionAttributeValues,
            ExpressionAttributeNames: { ...f.ExpressionAttributeNames, ...(projection?.names ?? {}) },
            ...(projection ? { ProjectionExpression: projection.ProjectionExpression } : {}),
          }),
        );
        if (res.Items?.length) await onPage(res.Items);
        start = res.LastEvaluatedKey;
      } while (start);
    }),
  );
}

/** How many items the tenant has (a counting scan: the export's estimated total). */
export async function count(tenantId: string): Promise<number> {
  const f = filter(tenantId);
  const counts = await Promise.all(
    Array.from({ length: SEGMENTS }, async (_, segment) => {
      let n = 0;
      let start: Record<string, unknown> | undefined;
      do {
        const res = await documentClient().send(
          new ScanCommand({ TableName: tableName(), Segment: segment, TotalSegments: SEGMENTS, Select: "COUNT", ExclusiveStartKey: start, ...f }),
        );
        n += res.Count ?? 0;
        start = res.LastEvaluatedKey;
      } while (start);
      return n;
    }),
  );
  return counts.reduce((a, b) => a + b, 0);
}

/** The entity an item belongs to (ElectroDB's marker), e.g. `contact`, `message`, `audit`. */
export function entityOf(item: Record<string, unknown>): string {
  return typeof item.__edb_e__ === "string" ? item.__edb_e__ : "other";
}

/** The item without table keys and ElectroDB markers: what an export shows. */
export function plain(item: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(item)) {
    if (KEY_FIELDS.includes(k) || k.startsWith("__edb_")) continue;
    out[k] = v;
  }
  return out;
}
