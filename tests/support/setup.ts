import { inject } from "vitest";

// Set before any module creates the DynamoDB client.
process.env.DYNAMODB_ENDPOINT = inject("ddbEndpoint");
process.env.CRM_TABLE = "crm-test";
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
process.env.APP_URL = "http://localhost:3000";
process.env.PLATFORM_SECRET = "test-platform-secret";
