import { aws_iam as iam } from "aws-cdk-lib";
import { type EventBus, type FunctionProps, type StackContext, use } from "sst/constructs";
import { Bus } from "./bus";
import { Storage } from "./storage";

/** DynamoDB actions the functions need: item reads and writes, queries, batches. Never Scan. */
export const TABLE_ACTIONS = [
  "dynamodb:GetItem",
  "dynamodb:PutItem",
  "dynamodb:UpdateItem",
  "dynamodb:DeleteItem",
  "dynamodb:ConditionCheckItem",
  "dynamodb:Query",
  "dynamodb:BatchGetItem",
  "dynamodb:BatchWriteItem",
];

/**
 * Tenant export and deletion enumerate one tenant's items with a filtered parallel Scan (there is no
 * tenant-wide index) and its blobs by listing the tenant's prefix: only the functions of registry entries
 * marked `tenantScan` get these, never the API.
 */
export function tenantScanPermissions(): iam.PolicyStatement[] {
  const { table, blobs } = use(Storage);
  return [
    new iam.PolicyStatement({ actions: ["dynamodb:Scan"], resources: [table.tableArn] }),
    new iam.PolicyStatement({ actions: ["s3:ListBucket"], resources: [blobs.bucketArn], conditions: { StringLike: { "s3:prefix": ["tenants/*"] } } }),
  ];
}

export const mailDomain = () => process.env.MAIL_DOMAIN ?? "crm.example.com";
export const inboundDomain = () => process.env.INBOUND_DOMAIN ?? `inbound.${mailDomain()}`;

const SECRETS = ["PLATFORM_SECRET", "UNSUBSCRIBE_SECRET"] as const;

function deploySecrets(stage: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of SECRETS) {
    const value = process.env[name];
    if (value) out[name] = value;
    else if (stage === "production") throw new Error(`Set ${name} in the environment to deploy the production stage.`);
  }
  return out;
}

/**
 * What every function of the app gets: the table (least privilege), the blob bucket, the bus, sending
 * mail from the app's SES identity, and the matching environment.
 */
export function appFunction(ctx: StackContext, deps: { bus?: EventBus } = {}): FunctionProps {
  const { stack } = ctx;
  const { table, blobs } = use(Storage);
  const bus = deps.bus ?? use(Bus).bus;
  return {
    timeout: 29,
    memorySize: 1024,
    nodejs: { minify: true, format: "esm" },
    environment: {
      CRM_TABLE: table.tableName,
      BLOB_BUCKET: blobs.bucketName,
      EVENT_BUS_NAME: bus.eventBusName,
      MAIL_DOMAIN: mailDomain(),
      INBOUND_DOMAIN: inboundDomain(),
      MAIL_FROM: `CRM <no-reply@${mailDomain()}>`,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
      // Secrets come from the deploying shell (README, Deploy); a stage deployed without them has no platform
      // API and signs unsubscribe links with the local default, so production refuses to deploy without them.
      ...deploySecrets(ctx.app.stage),
    },
    permissions: [
      new iam.PolicyStatement({ actions: TABLE_ACTIONS, resources: [table.tableArn, `${table.tableArn}/index/*`] }),
      new iam.PolicyStatement({ actions: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"], resources: [`${blobs.bucketArn}/*`] }),
      new iam.PolicyStatement({ actions: ["events:PutEvents"], resources: [bus.eventBusArn] }),
      new iam.PolicyStatement({
        actions: ["ses:SendEmail", "ses:SendRawEmail"],
        resources: [`arn:aws:ses:${stack.region}:${stack.account}:identity/${mailDomain()}`, `arn:aws:ses:${stack.region}:${stack.account}:identity/${inboundDomain()}`],
      }),
    ],
  };
}
