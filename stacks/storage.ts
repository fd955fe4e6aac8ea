import { Duration, RemovalPolicy } from "aws-cdk-lib";
import { BlockPublicAccess, Bucket, BucketEncryption } from "aws-cdk-lib/aws-s3";
import { type StackContext, Table } from "sst/constructs";
import { TableDefinition } from "../packages/core/src/table";

/** The one table, from core's definition: keys, GSIs, TTL, stream; point-in-time recovery; kept in production. */
export function Storage({ stack, app }: StackContext) {
  const fields: Record<string, "string"> = { [TableDefinition.partitionKey]: "string", [TableDefinition.sortKey]: "string" };
  const globalIndexes: Record<string, { partitionKey: string; sortKey: string }> = {};
  for (const i of TableDefinition.indexes) {
    fields[i.partitionKey] = "string";
    fields[i.sortKey] = "string";
    globalIndexes[i.name] = { partitionKey: i.partitionKey, sortKey: i.sortKey };
  }
  const table = new Table(stack, "table", {
    fields,
    primaryIndex: { partitionKey: TableDefinition.partitionKey, sortKey: TableDefinition.sortKey },
    globalIndexes,
    timeToLiveAttribute: TableDefinition.ttlAttribute,
    stream: "new_and_old_images",
    cdk: {
      table: {
        pointInTimeRecovery: true,
        removalPolicy: app.stage === "production" ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      },
    },
  });
  // Attachments and raw mail; never public, TLS only.
  const blobs = new Bucket(stack, "blobs", {
    encryption: BucketEncryption.S3_MANAGED,
    blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
    enforceSSL: true,
    removalPolicy: app.stage === "production" ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    autoDeleteObjects: app.stage !== "production",
    lifecycleRules: [{ prefix: "exports/", expiration: Duration.days(7) }],
  });
  return { table, blobs };
}
