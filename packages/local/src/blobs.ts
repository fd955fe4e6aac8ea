import { createReadStream, createWriteStream, existsSync } from "node:fs";
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { dirname, join, relative, resolve, sep } from "node:path";
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
  async list(prefix: string) {
    const root = resolve(this.root);
    // Keys are paths: read the folder the prefix names (or its parent) and keep the files that match.
    const dir = this.path(prefix.endsWith("/") ? prefix + "x" : prefix).replace(/[/\\][^/\\]*$/, "");
    const files = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
    return files
      .filter((f) => f.isFile())
      .map((f) => relative(root, join(f.parentPath, f.name)).split(sep).join("/"))
      .filter((k) => k.startsWith(prefix));
  }
  async getStream(key: string) {
    const p = this.path(key);
    return existsSync(p) ? createReadStream(p) : undefined;
  }
  /** Streams to a temporary file renamed into place, so a broken upload never leaves a partial blob. */
  async putStream(key: string, body: Readable) {
    const p = this.path(key);
    await mkdir(dirname(p), { recursive: true });
    const tmp = `${p}.${process.pid}.${Date.now()}.part`;
    try {
      await pipeline(body, createWriteStream(tmp));
      await rename(tmp, p);
    } catch (err) {
      await rm(tmp, { force: true });
      throw err;
    }
    return (await stat(p)).size;
  }
}
