import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
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
}
