import MailComposer from "nodemailer/lib/mail-composer/index.js";
import type { OutboundMail } from "./ports";

/** The raw RFC 5322 bytes of a mail, with its threading headers (shared by the outbox and SES). */
export async function composeMail(mail: OutboundMail, messageId: string): Promise<Buffer> {
  const composer = new MailComposer({
    from: mail.from,
    to: mail.to,
    cc: mail.cc,
    replyTo: mail.replyTo,
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    messageId,
    inReplyTo: mail.inReplyTo,
    references: mail.references,
    headers: mail.headers,
  });
  return new Promise((resolve, reject) => composer.compile().build((err, msg) => (err ? reject(err) : resolve(msg))));
}
