import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { newId } from "@crm/core/id";
import { composeMail } from "@crm/core/mail-compose";
import type { Mailer, OutboundMail } from "@crm/core/ports";

/** Writes each mail as an `.eml` file; prints links of account mails so a local user can follow them. */
export class OutboxMailer implements Mailer {
  constructor(private readonly dir: string, private readonly log = true) {
    mkdirSync(dir, { recursive: true });
  }

  async send(mail: OutboundMail) {
    const id = newId();
    const messageId = mail.messageId ?? `<${id}@crm.localhost>`;
    const raw = await composeMail(mail, messageId);
    const file = join(this.dir, `${id}.eml`);
    writeFileSync(file, raw);
    if (this.log) {
      const link = /https?:\/\/\S+token=\S+/.exec(mail.text)?.[0];
      console.log(`[outbox] ${mail.tag ?? "mail"} to ${mail.to.join(", ")} → ${file}${link && mail.tag !== "reset" ? `\n         link: ${link}` : ""}`);
    }
    return { messageId };
  }
}
