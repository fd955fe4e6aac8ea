import { SMTPServer } from "smtp-server";
import { Inbox } from "@crm/core/service/inbox";

const MAX_BYTES = 30 * 1024 * 1024;

/**
 * The local inbound mail server: takes mail for the workspaces' addresses on a loopback port and hands the
 * raw bytes to `Inbox.receive`, as the SES receipt rule does on AWS. Unknown recipients are refused at RCPT.
 */
export function startSmtp(options: { port: number; host?: string; log?: boolean }) {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["AUTH", "STARTTLS"],
    size: MAX_BYTES,
    banner: "CRM local inbound",
    logger: false,
    async onRcptTo(address, _session, callback) {
      try {
        const tenant = await Inbox.tenantFor([address.address]);
        if (!tenant) return callback(Object.assign(new Error("No such mailbox here"), { responseCode: 550 }));
        callback();
      } catch (err) {
        callback(Object.assign(new Error("Try again later"), { responseCode: 451 }));
        console.error("[smtp] recipient check failed", err);
      }
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", async () => {
        try {
          const recipients = session.envelope.rcptTo.map((r) => r.address);
          const result = await Inbox.receive(Buffer.concat(chunks), { recipients });
          if (options.log !== false) console.log(`[smtp] ${result.status}${"ticketId" in result ? ` ticket ${result.ticketId}` : ""}`);
          callback();
        } catch (err) {
          console.error("[smtp] could not file a message", err);
          callback(Object.assign(new Error("Temporary failure, try again"), { responseCode: 451 }));
        }
      });
    },
  });
  return new Promise<{ port: number; close: () => Promise<void> }>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host ?? "127.0.0.1", () => {
      const addr = server.server.address() as { port: number };
      resolve({ port: addr.port, close: () => new Promise((r) => server.close(() => r())) });
    });
  });
}
