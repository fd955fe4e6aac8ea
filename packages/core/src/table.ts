import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";

/**
 * The one table, declared once. The storage stack (CDK), the local runtime (CreateTable) and the test
 * setup all read this definition.
 */
export const TableDefinition = {
  partitionKey: "pk",
  sortKey: "sk",
  /** Generic GSIs; each entity names what it uses them for (its index names say which query they serve). */
  indexes: [
    { name: "gsi1", partitionKey: "gsi1pk", sortKey: "gsi1sk" },
    { name: "gsi2", partitionKey: "gsi2pk", sortKey: "gsi2sk" },
    { name: "gsi3", partitionKey: "gsi3pk", sortKey: "gsi3sk" },
    { name: "gsi4", partitionKey: "gsi4pk", sortKey: "gsi4sk" },
    { name: "gsi5", partitionKey: "gsi5pk", sortKey: "gsi5sk" },
  ],
  ttlAttribute: "expiresAt",
  stream: "NEW_AND_OLD_IMAGES",
} as const;

export function tableName(): string {
  return process.env.CRM_TABLE ?? "crm";
}

let client: DynamoDBDocumentClient | undefined;

/** The document client, configured from the environment (DYNAMODB_ENDPOINT for DynamoDB Local). */
export function documentClient(): DynamoDBDocumentClient {
  if (client) return client;
  const endpoint = process.env.DYNAMODB_ENDPOINT;
  const raw = new DynamoDBClient({
    region: process.env.AWS_REGION ?? "us-east-1",
    ...(endpoint
      ? { endpoint, credentials: { accessKeyId: "local", secretAccessKey: "local" }, maxAttempts: 3 }
      : {}),
  });
  client = DynamoDBDocumentClient.from(raw, { marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: true } });
  return client;
}

/** CreateTable input for DynamoDB Local and tests. */
export function createTableInput(name = tableName()) {
  const attrs = new Set<string>([TableDefinition.partitionKey, TableDefinition.sortKey]);
  for (const i of TableDefinition.indexes) {
    attrs.add(i.partitionKey);
    attrs.add(i.sortKey);
  }
  return {
    TableName: name,
    BillingMode: "PAY_PER_REQUEST" as const,
    AttributeDefinitions: [...attrs].map((a) => ({ AttributeName: a, AttributeType: "S" as const })),
    KeySchema: [
      { AttributeName: TableDefinition.partitionKey, KeyType: "HASH" as const },
      { AttributeName: TableDefinition.sortKey, KeyType: "RANGE" as const },
    ],
    GlobalSecondaryIndexes: TableDefinition.indexes.map((i) => ({
      IndexName: i.name,
      KeySchema: [
        { AttributeName: i.partitionKey, KeyType: "HASH" as const },
        { AttributeName: i.sortKey, KeyType: "RANGE" as const },
      ],
      Projection: { ProjectionType: "ALL" as const },
    })),
    StreamSpecification: { StreamEnabled: true, StreamViewType: TableDefinition.stream },
  };
}

/** Creates the table when it is missing (local runtime and tests only). */
export async function ensureTable(name = tableName()): Promise<void> {
  const { CreateTableCommand, DescribeTableCommand, UpdateTableCommand, UpdateTimeToLiveCommand } = await import("@aws-sdk/client-dynamodb");
  const db = documentClient();
  try {
    const { Table } = await db.send(new DescribeTableCommand({ TableName: name }));
    // A table made by an older version lacks later GSIs: add them one at a time (DynamoDB's rule).
    const have = new Set((Table?.GlobalSecondaryIndexes ?? []).map((i) => i.IndexName));
    const input = createTableInput(name);
    for (const gsi of input.GlobalSecondaryIndexes.filter((i) => !have.has(i.IndexName))) {
      const attrs = input.AttributeDefinitions.filter((a) => gsi.KeySchema.some((k) => k.AttributeName === a.AttributeName));
      await db.send(new UpdateTableCommand({ TableName: name, AttributeDefinitions: attrs, GlobalSecondaryIndexUpdates: [{ Create: gsi }] }));
    }
    return;
  } catch (err) {
    if ((err as Error).name !== "ResourceNotFoundException") throw err;
  }
  await db.send(new CreateTableCommand(createTableInput(name)));
  await db.send(
    new UpdateTimeToLiveCommand({ TableName: name, TimeToLiveSpecification: { AttributeName: TableDefinition.ttlAttribute, Enabled: true } }),
  );
}

/** Seconds since the epoch, the unit of the TTL attribute. */
export function epochSeconds(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}
