import { aws_ses as ses } from "aws-cdk-lib";
import type { StackContext } from "sst/constructs";

/** The SES identity mail is sent from (MAIL_DOMAIN; verify its DNS records once after the first deploy). */
export function Email({ stack }: StackContext) {
  const domain = process.env.MAIL_DOMAIN ?? "crm.example.com";
  const identity = new ses.EmailIdentity(stack, "identity", { identity: ses.Identity.domain(domain) });
  return { mailDomain: domain, identity };
}
