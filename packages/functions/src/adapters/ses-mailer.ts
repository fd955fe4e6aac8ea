import { SESv2Client, SendEmailCommand } from "@aws-sdk/client-sesv2";
import { newId } from "@crm/core/id";
import { composeMail } from "@crm/core/mail-compose";
import type { Mailer, OutboundMail } from "@crm/core/ports";

/** Sends through SES as a raw message, so our Message-ID and threading headers reach the recipient. */
export class SesMailer implements Mailer {
  constructor(private readonly client = new SESv2Client({}), private readonly domain = process.env.MAIL_DOMAIN ?? "crm.example.com") {}

  async send(mail: OutboundMail) {
    const messageId = mail.messageId ?? `<${newId()}@${this.domain}>`;
    const raw = await composeMail(mail, messageId);
    await this.client.send(
      new SendEmailCommand({
        Content: { Raw: { Data: raw } },
        Destination: { ToAddresses: mail.to, CcAddresses: mail.cc },
      }),
    );
    return { messageId };
  }
}
