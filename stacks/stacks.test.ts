import { beforeAll, describe, expect, it } from "vitest";
import { Template } from "aws-cdk-lib/assertions";
import { TableDefinition } from "../packages/core/src/table";
import { subscriptions } from "../packages/functions/src/registry";

// Synthesizes every stack offline (no AWS account) and asserts on the CloudFormation templates.
let templates: Record<string, Template>;

beforeAll(async () => {
  const { initProject } = await import("sst/project.js");
  const { App } = await import("sst/constructs");
  const { Storage } = await import("./storage");
  const { Bus } = await import("./bus");
  const { Email } = await import("./email");
  const { Api } = await import("./api");
  const { Web } = await import("./web");
  const { Jobs } = await import("./jobs");
  await initProject({ stage: "test" } as never);
  const app = new App({ mode: "deploy", stage: "test", name: "crm", region: "us-east-1", account: "123456789012" } as never);
  app.setDefaultFunctionProps({ runtime: "nodejs20.x", architecture: "arm_64" });
  app.stack(Storage).stack(Bus).stack(Email).stack(Api).stack(Jobs).stack(Web);
  await app.finish();
  templates = {};
  for (const child of app.node.children) {
    const id = (child as { stackName?: string }).stackName;
    if (id) templates[id.split("-").pop()!] = Template.fromStack(child as never);
  }
}, 900_000);

describe("stacks", () => {
  it("storage: the table has core's keys, GSIs, TTL, stream and point-in-time recovery", () => {
    const t = templates["Storage"];
    t.hasResourceProperties("AWS::DynamoDB::Table", {
      KeySchema: [
        { AttributeName: "pk", KeyType: "HASH" },
        { AttributeName: "sk", KeyType: "RANGE" },
      ],
      TimeToLiveSpecification: { AttributeName: TableDefinition.ttlAttribute, Enabled: true },
      StreamSpecification: { StreamViewType: "NEW_AND_OLD_IMAGES" },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
    });
    const table = Object.values(t.findResources("AWS::DynamoDB::Table"))[0] as any;
    const gsis = table.Properties.GlobalSecondaryIndexes.map((g: any) => [g.IndexName, g.KeySchema.map((k: any) => k.AttributeName)]);
    expect(gsis).toEqual(TableDefinition.indexes.map((i) => [i.name, [i.partitionKey, i.sortKey]]));
  });

  it("api: every /api route goes to one Node 20 arm64 function", () => {
    const t = templates["Api"];
    t.hasResourceProperties("AWS::ApiGatewayV2::Route", { RouteKey: "ANY /api/{proxy+}" });
    const fns = Object.values(t.findResources("AWS::Lambda::Function")).filter((f: any) => f.Properties.Handler?.includes("lambda"));
    expect(fns).toHaveLength(1);
    expect((fns[0] as any).Properties.Runtime).toBe("nodejs20.x");
    expect((fns[0] as any).Properties.Architectures).toEqual(["arm64"]);
  });

  it("api: DynamoDB permissions name only the table and its indexes, and never Scan", () => {
    const t = templates["Api"];
    const statements = Object.values(t.findResources("AWS::IAM::Policy")).flatMap((p: any) => p.Properties.PolicyDocument.Statement);
    const dynamo = statements.filter((s: any) => [s.Action].flat().some((a: string) => a.startsWith("dynamodb:")));
    expect(dynamo.length).toBeGreaterThan(0);
    for (const s of dynamo) {
      const actions = [s.Action].flat();
      expect(actions).not.toContain("dynamodb:Scan");
      expect(actions.some((a: string) => a.includes("*"))).toBe(false);
      const resources = JSON.stringify(s.Resource);
      expect(resources).not.toContain('"*"');
      expect(resources).toMatch(/Table|table/);
    }
  });

  it("bus: exactly the registry's event rules", () => {
    const rules = templates["Bus"].findResources("AWS::Events::Rule");
    expect(Object.keys(rules)).toHaveLength(subscriptions.filter((s) => "detailType" in s.on).length);
  });

  it("bus: webhook deliveries get every catalogued event, with an SQS dead-letter queue on the rule's target and the function", () => {
    const t = templates["Bus"];
    const sub = subscriptions.find((s) => s.name === "webhook-delivery")!;
    const rules = Object.values(t.findResources("AWS::Events::Rule")) as any[];
    const rule = rules.find((r) => JSON.stringify(r.Properties.EventPattern["detail-type"]) === JSON.stringify((sub.on as { detailType: string[] }).detailType));
    expect(rule, "the webhook-delivery rule").toBeTruthy();
    expect(rule.Properties.EventPattern["detail-type"]).toEqual(expect.arrayContaining(["contact.created", "deal.won", "ticket.created", "customer.churn_risk"]));
    const target = rule.Properties.Targets[0];
    expect(target.DeadLetterConfig.Arn).toBeTruthy();
    expect(target.RetryPolicy.MaximumRetryAttempts).toBe(4);
    const queues = t.findResources("AWS::SQS::Queue");
    const dlqId = target.DeadLetterConfig.Arn["Fn::GetAtt"][0];
    expect(Object.keys(queues)).toContain(dlqId);
    const fns = Object.values(t.findResources("AWS::Lambda::Function")) as any[];
    const fn = fns.find((f) => f.Properties.Environment?.Variables?.SUBSCRIPTION === "webhook-delivery");
    expect(fn.Properties.DeadLetterConfig.TargetArn["Fn::GetAtt"][0]).toBe(dlqId);
    // The delivery function's own policies (other subscriptions have DLQs of their own).
    const roleId = fn.Properties.Role["Fn::GetAtt"][0];
    const statements = (Object.values(t.findResources("AWS::IAM::Policy")) as any[])
      .filter((p) => p.Properties.Roles.some((r: any) => r.Ref === roleId))
      .flatMap((p: any) => p.Properties.PolicyDocument.Statement);
    const sqsStatements = statements.filter((s: any) => [s.Action].flat().some((a: string) => a.startsWith("sqs:")));
    expect(sqsStatements.length).toBeGreaterThan(0);
    for (const s of sqsStatements) expect(JSON.stringify(s.Resource)).toContain(dlqId);
  });

  it("jobs: the webhook-retries sweep runs every minute", () => {
    const rules = Object.values(templates["Jobs"].findResources("AWS::Events::Rule")) as any[];
    expect(subscriptions.find((s) => s.name === "webhook-retries")?.on).toEqual({ schedule: "rate(1 minute)" });
    expect(rules.filter((r) => r.Properties.ScheduleExpression === "rate(1 minute)").length).toBeGreaterThanOrEqual(3);
  });

  it("email: SES identities, and a receipt rule that scans, stores in S3 and invokes the inbound function", () => {
    const t = templates["Email"];
    t.resourceCountIs("AWS::SES::EmailIdentity", 2);
    const rule = (Object.values(t.findResources("AWS::SES::ReceiptRule"))[0] as any).Properties;
    expect(rule.Rule.ScanEnabled).toBe(true);
    expect(rule.Rule.Recipients).toEqual(["inbound.crm.example.com"]);
    expect(rule.Rule.Actions.map((a: any) => Object.keys(a)[0])).toEqual(["S3Action", "LambdaAction"]);
    t.hasResourceProperties("AWS::S3::Bucket", { PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true } });
    const fns = Object.values(t.findResources("AWS::Lambda::Function")).filter((f: any) => f.Properties.Handler?.includes("inbound"));
    expect(fns).toHaveLength(1);
    const statements = Object.values(t.findResources("AWS::IAM::Policy")).flatMap((p: any) => p.Properties.PolicyDocument.Statement);
    const s3 = statements.filter((s: any) => [s.Action].flat().includes("s3:GetObject") && JSON.stringify(s.Resource).includes("inbound/*"));
    expect(s3).toHaveLength(1);
    expect(statements.some((s: any) => [s.Action].flat().some((a: string) => a === "s3:*" || a === "dynamodb:Scan" || a === "*"))).toBe(false);
  });

  it("jobs: exactly the registry's schedules, each on the one subscriber entry", () => {
    const t = templates["Jobs"];
    const schedules = subscriptions.filter((s) => "schedule" in s.on);
    const rules = Object.values(t.findResources("AWS::Events::Rule")) as any[];
    expect(rules.map((r) => r.Properties.ScheduleExpression).sort()).toEqual(schedules.map((s) => (s.on as { schedule: string }).schedule).sort());
  });

  it("data jobs: only the tenant export and deletion functions may Scan (the table, not its indexes) and list the tenants/ prefix", () => {
    for (const [stack, name] of [["Bus", "tenant-export"], ["Jobs", "tenant-deletion"]] as const) {
      const t = templates[stack];
      const fn = (Object.values(t.findResources("AWS::Lambda::Function")) as any[]).find((f) => f.Properties.Environment?.Variables?.SUBSCRIPTION === name);
      expect(fn, name).toBeTruthy();
      expect(fn.Properties.Timeout).toBe(900);
      const roleId = fn.Properties.Role["Fn::GetAtt"][0];
      const policies = Object.values(t.findResources("AWS::IAM::Policy")) as any[];
      const has = (p: any, action: string) => p.Properties.PolicyDocument.Statement.find((s: any) => [s.Action].flat().includes(action));
      const scanning = policies.filter((p) => has(p, "dynamodb:Scan"));
      expect(scanning.flatMap((p) => p.Properties.Roles.map((r: any) => r.Ref))).toEqual([roleId]);
      expect(JSON.stringify(has(scanning[0], "dynamodb:Scan").Resource)).not.toContain("index");
      expect(has(scanning[0], "s3:ListBucket").Condition.StringLike["s3:prefix"]).toEqual(["tenants/*"]);
    }
  });

  it("imports: a chunk queue with a DLQ feeds the import worker; the API and the worker may only send to it", () => {
    const t = templates["Api"];
    const queues = t.findResources("AWS::SQS::Queue") as Record<string, any>;
    const main = Object.entries(queues).find(([, q]) => q.Properties.RedrivePolicy)!;
    expect(main, "the import chunk queue").toBeTruthy();
    const [queueId, queue] = main;
    expect(queue.Properties.RedrivePolicy.maxReceiveCount).toBe(5);
    expect(Object.keys(queues)).toContain(queue.Properties.RedrivePolicy.deadLetterTargetArn["Fn::GetAtt"][0]);
    const fns = Object.entries(t.findResources("AWS::Lambda::Function")) as Array<[string, any]>;
    const worker = fns.find(([, f]) => f.Properties.Handler?.includes("import-worker"))!;
    expect(worker, "the import worker").toBeTruthy();
    expect(worker[1].Properties.Timeout).toBe(300);
    expect(queue.Properties.VisibilityTimeout).toBeGreaterThan(300);
    const mappings = Object.values(t.findResources("AWS::Lambda::EventSourceMapping")) as any[];
    const mapping = mappings.find((m) => m.Properties.FunctionName.Ref === worker[0]);
    expect(mapping.Properties.BatchSize).toBe(1);
    expect(mapping.Properties.EventSourceArn["Fn::GetAtt"][0]).toBe(queueId);
    const api = fns.find(([, f]) => f.Properties.Handler?.includes("lambda"))!;
    expect(api[1].Properties.Environment.Variables.IMPORT_QUEUE_URL.Ref).toBe(queueId);
    const statements = (Object.values(t.findResources("AWS::IAM::Policy")) as any[]).flatMap((p) => p.Properties.PolicyDocument.Statement);
    const sqsStatements = statements.filter((st: any) => [st.Action].flat().some((a: string) => a.startsWith("sqs:")));
    expect(sqsStatements.length).toBeGreaterThan(0);
    for (const st of sqsStatements) {
      expect([st.Action].flat().some((a: string) => a.includes("*"))).toBe(false);
      expect(JSON.stringify(st.Resource)).toContain(queueId);
    }
  });

  it("web: a CloudFront distribution that routes /api/* to the API", () => {
    const t = templates["Web"];
    const dist = Object.values(t.findResources("AWS::CloudFront::Distribution"))[0] as any;
    const behaviors = dist.Properties.DistributionConfig.CacheBehaviors.map((b: any) => b.PathPattern);
    expect(behaviors).toContain("/api/*");
  });
});
