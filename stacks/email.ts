import { Duration, RemovalPolicy, aws_iam as iam, aws_ses as ses, aws_ses_actions as actions } from "aws-cdk-lib";
import { BlockPublicAccess, Bucket, BucketEncryption } from "aws-cdk-lib/aws-s3";
import { Function, type StackContext } from "sst/constructs";
import { appFunction, inboundDomain, mailDomain } from "./shared";

/**
 * Mail: the SES identities mail is sent from, and inbound mail — one receipt rule for the inbound domain
 * stores the raw message in S3 (spam and virus scanning on) and invokes the inbound function.
 * After the first deploy, verify the domains' DNS records and activate the rule set (see README).
 */
export function Email(ctx: StackContext) {
  const { stack, app } = ctx;
  const identity = new ses.EmailIdentity(stack, "identity", { identity: ses.Identity.domain(mailDomain()) });
  new ses.EmailIdentity(stack, "inboundIdentity", { identity: ses.Identity.domain(inboundDomain()) });

  const inbound = new Bucket(stack, "inbound", {
    encryption: BucketEncryption.S3_MANAGED,
    blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
    enforceSSL: true,
    removalPolicy: app.stage === "production" ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    autoDeleteObjects: app.stage !== "production",
    lifecycleRules: [{ expiration: Duration.days(30) }],
  });
  const props = appFunction(ctx);
  const receiver = new Function(stack, "inboundMail", {
    ...props,
    handler: "packages/functions/src/inbound.handler",
    environment: { ...props.environment, INBOUND_BUCKET: inbound.bucketName, INBOUND_PREFIX: "inbound/" },
    permissions: [...(props.permissions as iam.PolicyStatement[]), new iam.PolicyStatement({ actions: ["s3:GetObject"], resources: [`${inbound.bucketArn}/inbound/*`] })],
  });
  const ruleSet = new ses.ReceiptRuleSet(stack, "receiptRules");
  ruleSet.addRule("inbound", {
    recipients: [inboundDomain()],
    scanEnabled: true,
    actions: [
      new actions.S3({ bucket: inbound, objectKeyPrefix: "inbound/" }),
      new actions.Lambda({ function: receiver, invocationType: actions.LambdaInvocationType.EVENT }),
    ],
  });
  return { mailDomain: mailDomain(), identity, inbound, receiver };
}
