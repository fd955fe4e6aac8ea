import { GetObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { mockClient } from "aws-sdk-client-mock";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { S3Blobs } from "../../packages/functions/src/adapters/s3-blobs";
import { sqsDispatcher } from "../../packages/functions/src/adapters/sqs-import-queue";

/** The AWS side of imports, at the SDK boundary: presigned uploads, streamed reads, chunk messages. */
describe("import on AWS", () => {
  it("presigns a PUT of the import's key in the bucket, valid for an hour", async () => {
    const client = new S3Client({ region: "eu-west-1", credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" } });
    const blobs = new S3Blobs("crm-blobs", client);
    const url = new URL(await blobs.presignPut("tenants/t1/imports/i1", "application/octet-stream", 3600));
    expect(url.hostname).toBe("crm-blobs.s3.eu-west-1.amazonaws.com");
    expect(url.pathname).toBe("/tenants/t1/imports/i1");
    expect(url.searchParams.get("X-Amz-Expires")).toBe("3600");
    expect(url.searchParams.get("X-Amz-Signature")).toMatch(/^[0-9a-f]{64}$/);
    expect(url.searchParams.get("X-Amz-SignedHeaders")).toContain("host");
  });

  it("streams a blob from S3 and answers undefined for a missing key", async () => {
    const s3 = mockClient(S3Client);
    s3.on(GetObjectCommand, { Key: "tenants/t1/imports/i1" }).resolves({ Body: Readable.from([Buffer.from("Name\nA\n")]) as never });
    s3.on(GetObjectCommand, { Key: "missing" }).rejects(Object.assign(new Error("no such key"), { name: "NoSuchKey" }));
    const blobs = new S3Blobs("crm-blobs", new S3Client({}));
    const stream = await blobs.getStream("tenants/t1/imports/i1");
    const parts: Buffer[] = [];
    for await (const p of stream!) parts.push(Buffer.from(p));
    expect(Buffer.concat(parts).toString()).toBe("Name\nA\n");
    expect(await blobs.getStream("missing")).toBeUndefined();
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(0);
    s3.restore();
  });

  it("sends each chunk as one SQS message to the import queue", async () => {
    const sqs = mockClient(SQSClient);
    sqs.on(SendMessageCommand).resolves({ MessageId: "m1" });
    await sqsDispatcher("https://sqs.eu-west-1.amazonaws.com/123/imports", new SQSClient({}))({ tenantId: "t1", importId: "i1", chunk: 3 });
    const calls = sqs.commandCalls(SendMessageCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0].args[0].input.QueueUrl).toBe("https://sqs.eu-west-1.amazonaws.com/123/imports");
    expect(JSON.parse(calls[0].args[0].input.MessageBody!)).toEqual({ tenantId: "t1", importId: "i1", chunk: 3 });
    sqs.restore();
  });
});
