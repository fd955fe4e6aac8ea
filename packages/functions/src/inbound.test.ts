import { describe, expect, it } from "vitest";
import { mockClient } from "aws-sdk-client-mock";
import { sdkStreamMixin } from "@smithy/util-stream";
import { Readable } from "node:stream";
import { GetObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { composeMail } from "@crm/core/mail-compose";
import { MemoryBlobs, MemoryEvents, MemoryMailer, setPorts } from "@crm/core/ports";
import { newTenant } from "../../../tests/support/api";

describe("SES inbound function", () => {
  it("reads the raw message the receipt rule stored in S3 and files it as a ticket", async () => {
    const t = await newTenant("business");
    const raw = await composeMail({ from: "ses.customer@example.com", to: [`${t.slug}@inbound.crm.localhost`], subject: "Via SES", text: "hello from SES" }, "<ses-1@example.com>");
    const s3 = mockClient(S3Client);
    s3.on(GetObjectCommand).callsFake(() => ({ Body: sdkStreamMixin(Readable.from([raw])) }));
    process.env.INBOUND_BUCKET = "inbound-bucket";
    const { handler } = await import("./inbound");
    // The module installs the AWS adapters; put memory ones back for the assertions (SES/S3 are mocked anyway).
    const mailer = new MemoryMailer();
    setPorts({ mailer, events: new MemoryEvents(), blobs: new MemoryBlobs() });
    const results = await handler({
      Records: [{ ses: { mail: { messageId: "abc123" }, receipt: { recipients: [`${t.slug}@inbound.crm.localhost`], spamVerdict: { status: "PASS" }, virusVerdict: { status: "PASS" } } } }],
    });
    expect(s3.commandCalls(GetObjectCommand)[0].args[0].input).toEqual({ Bucket: "inbound-bucket", Key: "inbound/abc123" });
    expect(results[0]).toMatchObject({ status: "created", tenantId: t.tenantId });
    const ticket = await t.owner.get(`/api/tickets/${(results[0] as { ticketId: string }).ticketId}`);
    expect(ticket.body.subject).toBe("Via SES");
    const virus = await handler({ Records: [{ ses: { mail: { messageId: "v1" }, receipt: { recipients: [`${t.slug}@inbound.crm.localhost`], virusVerdict: { status: "FAIL" } } } }] });
    expect(virus[0]).toMatchObject({ status: "rejected", reason: "virus" });
    s3.restore();
  });
});
