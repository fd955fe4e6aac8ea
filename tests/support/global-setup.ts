import type { TestProject } from "vitest/node";
import { startDynamo } from "../../packages/local/src/dynamo";

/** One DynamoDB Local (in memory) for the whole run; each test makes its own tenant, so no teardown. */
export default async function setup(project: TestProject) {
  const ddb = await startDynamo();
  process.env.DYNAMODB_ENDPOINT = ddb.endpoint;
  process.env.CRM_TABLE = "crm-test";
  const { ensureTable } = await import("../../packages/core/src/table");
  await ensureTable("crm-test");
  project.provide("ddbEndpoint", ddb.endpoint);
  return () => ddb.stop();
}

declare module "vitest" {
  export interface ProvidedContext {
    ddbEndpoint: string;
  }
}
