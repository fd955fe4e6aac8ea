process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { startDynamo } from "./dynamo";

/**
 * `npm start`: DynamoDB Local (data under DATA_DIR), the API and web app on one origin, the in-process
 * bus and scheduler, and the outbox mailer. Ctrl-C stops everything, the Java process included.
 */
const repo = resolve(fileURLToPath(new URL(".", import.meta.url)), "../../..");
const env = {
  port: Number(process.env.PORT ?? 3000),
  host: process.env.HOST ?? "127.0.0.1",
  ddbPort: process.env.DDB_PORT ? Number(process.env.DDB_PORT) : undefined,
  dataDir: resolve(process.env.DATA_DIR ?? join(repo, ".data")),
  outboxDir: process.env.OUTBOX_DIR ? resolve(process.env.OUTBOX_DIR) : undefined,
  smtpPort: Number(process.env.SMTP_PORT ?? 2525),
};

const ddb = await startDynamo({ port: env.ddbPort, path: join(env.dataDir, "dynamodb") });
process.env.DYNAMODB_ENDPOINT = ddb.endpoint;
process.env.CRM_TABLE ??= "crm";
process.env.APP_URL ??= `http://localhost:${env.port}`;

const { ensureTable } = await import("@crm/core/table");
const { setPorts } = await import("@crm/core/ports");
const { OutboxMailer } = await import("./outbox");
const { LocalBus, startScheduler } = await import("./bus");
const { subscriptions } = await import("@crm/functions/registry");
const { startServer } = await import("./server");
const { startSmtp } = await import("./smtp");
const { FileBlobs } = await import("./blobs");

await ensureTable();
const outbox = env.outboxDir ?? join(env.dataDir, "outbox");
setPorts({ mailer: new OutboxMailer(outbox), events: new LocalBus(subscriptions), blobs: new FileBlobs(join(env.dataDir, "blobs")) });
const stopScheduler = startScheduler(subscriptions);
const server = await startServer({ port: env.port, host: env.host, webDir: join(repo, "web/dist") });
// Imports that were running when the runtime stopped go on from their last committed chunk.
const { ImportRun } = await import("@crm/core/data/import-run");
void ImportRun.resumeAll().catch((err) => console.error("[import] resume failed", err));
const smtp = await startSmtp({ port: env.smtpPort });

console.log(`CRM is running at ${server.url}`);
console.log(`  DynamoDB Local: ${ddb.endpoint} (data in ${join(env.dataDir, "dynamodb")})`);
console.log(`  Inbound mail (SMTP): 127.0.0.1:${smtp.port} for <workspace>@${process.env.INBOUND_DOMAIN ?? "inbound.crm.localhost"}`);
console.log(`  Outbox: ${outbox}`);

function shutdown() {
  stopScheduler();
  server.close();
  void smtp.close();
  ddb.stop();
  process.exit(0);
}
process.on("SIGINT", shutdown);
process.on("SIGTERM", shutdown);
