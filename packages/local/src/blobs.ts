import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { dirname, join, resolve, sep } from "node:path";
import type { BlobStore } from "@crm/core/ports";

/** Blobs as files under one folder (the local stand-in for S3). */
export class FileBlobs implements BlobStore {
  constructor(private readonly root: string) {}

  private path(key: string) {
    const p = resolve(join(this.root, key));
    if (!p.startsWith(resolve(this.root) + sep)) throw new Error("blob key escapes the store");
    return p;
  }
  async put(key: string, body: Buffer) {
    const p = this.path(key);
    await mkdir(dirname(p), { recursive: true });
    await writeFile(p, body);
  }
  async get(key: string) {
    try {
      return await readFile(this.path(key));
    } catch {
      return undefined;
    }
  }
  async delete(key: string) {
    await rm(this.path(key), { force: true });
  }
}
