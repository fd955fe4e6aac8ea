import { DeleteObjectCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import type { Readable } from "node:stream";
import type { BlobStore } from "@crm/core/ports";

/** Blobs in the S3 bucket named by BLOB_BUCKET. */
export class S3Blobs implements BlobStore {
  constructor(private readonly bucket = process.env.BLOB_BUCKET ?? "", private readonly client = new S3Client({})) {}

  async put(key: string, body: Buffer, contentType?: string) {
    await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentType: contentType }));
  }
  async get(key: string) {
    try {
      const res = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      return Buffer.from(await res.Body!.transformToByteArray());
    } catch (err) {
      if ((err as Error).name === "NoSuchKey") return undefined;
      throw err;
    }
  }
  async delete(key: string) {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }
  async list(prefix: string) {
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const res = await this.client.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken: token }));
      for (const o of res.Contents ?? []) if (o.Key) keys.push(o.Key);
      token = res.IsTruncated ? res.NextContinuationToken : undefined;
    } while (token);
    return keys;
  }
  /** A presigned GET (large downloads go straight from S3: a Lambda answer is capped at 6 MB). */
  async signedUrl(key: string, seconds: number, fileName?: string) {
    const disposition = fileName ? `attachment; filename="${fileName.replace(/[^\w.-]/g, "_")}"` : undefined;
    return getSignedUrl(this.client, new GetObjectCommand({ Bucket: this.bucket, Key: key, ResponseContentDisposition: disposition }), { expiresIn: seconds });
  }
  async getStream(key: string) {
    try {
      const res = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      return res.Body as Readable;
    } catch (err) {
      if ((err as Error).name === "NoSuchKey") return undefined;
      throw err;
    }
  }
  /** A presigned PUT: import files go from the browser straight to S3 (API Gateway caps bodies at 10 MB). */
  async presignPut(key: string, contentType: string, seconds: number) {
    return getSignedUrl(this.client, new PutObjectCommand({ Bucket: this.bucket, Key: key, ContentType: contentType }), { expiresIn: seconds });
  }
}
