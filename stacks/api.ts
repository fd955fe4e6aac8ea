import { aws_iam as iam } from "aws-cdk-lib";
import { Api as HttpApi, type StackContext, use } from "sst/constructs";
import { Bus } from "./bus";
import { Email } from "./email";
import { Storage } from "./storage";

/** DynamoDB actions the API needs: item reads and writes, queries, batches. Never Scan. */
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

/** The HTTP API: every /api route goes to the one Hono function (Node 20, arm64, bundled and minified). */
export function Api({ stack }: StackContext) {
  const { table } = use(Storage);
  const { bus } = use(Bus);
  const { mailDomain, identity } = use(Email);
  const api = new HttpApi(stack, "api", {
    defaults: {
      function: {
        timeout: 29,
        memorySize: 1024,
        nodejs: { minify: true, format: "esm" },
        environment: {
          CRM_TABLE: table.tableName,
          EVENT_BUS_NAME: bus.eventBusName,
          MAIL_DOMAIN: mailDomain,
          MAIL_FROM: `CRM <no-reply@${mailDomain}>`,
          AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
        },
        permissions: [
          new iam.PolicyStatement({ actions: TABLE_ACTIONS, resources: [table.tableArn, `${table.tableArn}/index/*`] }),
          new iam.PolicyStatement({ actions: ["events:PutEvents"], resources: [bus.eventBusArn] }),
          new iam.PolicyStatement({ actions: ["ses:SendEmail", "ses:SendRawEmail"], resources: [`arn:aws:ses:${stack.region}:${stack.account}:identity/${identity.emailIdentityName}`] }),
        ],
      },
    },
    routes: {
      "ANY /api/{proxy+}": "packages/functions/src/lambda.handler",
    },
  });
  stack.addOutputs({ ApiUrl: api.url });
  return { api };
}
