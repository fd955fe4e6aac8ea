import { GetObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { Inbox } from "@crm/core/service/inbox";
import { useAwsPorts } from "./aws-ports";

useAwsPorts();
const s3 = new S3Client({});

interface SesRecord {
  ses: {
    mail: { messageId: string };
    receipt: { recipients: string[]; spamVerdict?: { status: string }; virusVerdict?: { status: string } };
  };
}

/**
 * Invoked by the SES receipt rule after its S3 action stored the raw message under
 * `<INBOUND_PREFIX><messageId>`; hands the bytes to the same `Inbox.receive` the local SMTP server uses.
 */
export async function handler(event: { Records: SesRecord[] }) {
  const results = [];
  for (const record of event.Records) {
    const { mail, receipt } = record.ses;
    const obj = await s3.send(new GetObjectCommand({ Bucket: process.env.INBOUND_BUCKET, Key: `${process.env.INBOUND_PREFIX ?? "inbound/"}${mail.messageId}` }));
    const raw = Buffer.from(await obj.Body!.transformToByteArray());
    const result = await Inbox.receive(raw, {
      recipients: receipt.recipients,
      verdicts: { spam: receipt.spamVerdict?.status, virus: receipt.virusVerdict?.status },
    });
    console.log(JSON.stringify({ inbound: mail.messageId, status: result.status }));
    results.push(result);
  }
  return results;
}
