/**
 * A local runtime for the webhook restart test, run as its own process (forked with tsx): the same parts
 * `npm start` wires (the API on a real port, the in-process bus with the registry's subscriptions, the
 * outbox mailer), on an existing DynamoDB Local, with the registry's `webhook-retries` schedule ticking
 * every 200 ms instead of every minute. Its clock runs `offset` ms ahead of the wall clock; the parent sets
 * the offset over IPC (`{ offsetMs }`), so a retry an hour away comes due at once. SIGKILL stops it dead,
 * whatever it is in the middle of.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
export {};

const { withActor } = await import("@crm/core/actor");
const { setPorts } = await import("@crm/core/ports");
const { ensureTable } = await import("@crm/core/table");
const { subscriptions } = await import("@crm/functions/registry");
const { LocalBus } = await import("../../packages/local/src/bus");
const { OutboxMailer } = await import("../../packages/local/src/outbox");
const { startServer } = await import("../../packages/local/src/server");

let offsetMs = Number(process.env.CLOCK_OFFSET_MS ?? 0);
const now = () => new Date(Date.now() + offsetMs);
process.on("message", (m: { offsetMs?: number }) => {
  if (typeof m.offsetMs === "number") offsetMs = m.offsetMs;
  process.send?.({ offsetMs });
});

await ensureTable();
setPorts({ mailer: new OutboxMailer(process.env.OUTBOX_DIR!), events: new LocalBus(subscriptions), clock: { now } });
const retries = subscriptions.find((s) => s.name === "webhook-retries")!;
let running = false;
const timer = setInterval(() => {
  if (running) return;
  running = true;
  withActor({ type: "system", reason: retries.name }, () => (retries.handler as (d: Date) => Promise<void>)(now()))
    .catch((err) => console.error("[scheduler] webhook-retries failed", err))
    .finally(() => (running = false));
}, 200);
const server = await startServer({ port: 0, host: "127.0.0.1", webDir: "/nonexistent" });
process.send?.({ ready: server.url });
process.on("SIGTERM", () => {
  clearInterval(timer);
  server.close();
  process.exit(0);
});
