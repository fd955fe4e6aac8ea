import { Readable } from "node:stream";

/**
 * Ports: what the domain needs from the world. AWS adapters live in functions, local ones in local,
 * memory ones here (the defaults, used by tests).
 */
export interface OutboundMail {
  to: string[];
  cc?: string[];
  from: string;
  replyTo?: string;
  subject: string;
  text: string;
  html?: string;
  messageId?: string;
  inReplyTo?: string;
  references?: string[];
  headers?: Record<string, string>;
  /** For logs and tests: what the mail is for (verify, reset, invite, ...). */
  tag?: string;
}

export interface Mailer {
  send(mail: OutboundMail): Promise<{ messageId: string }>;
}

export interface DomainEvent<T = unknown> {
  id: string;
  type: string;
  tenantId: string;
  actor: { type: string; id: string };
  at: string;
  data: T;
}

export interface EventPublisher {
  publish(events: DomainEvent[]): Promise<void>;
}

export interface Clock {
  now(): Date;
}

/** Raw mail and attachments: S3 on AWS, files locally, memory in tests. */
export interface BlobStore {
  put(key: string, body: Buffer, contentType?: string): Promise<void>;
  get(key: string): Promise<Buffer | undefined>;
  delete(key: string): Promise<void>;
  /** Every key under `prefix` (a tenant's blobs live under `tenants/<tenantId>/`), for export and deletion. */
  list(prefix: string): Promise<string[]>;
  /** Where a client can fetch the blob directly for `seconds` (S3 presigned GET); stores without it serve bytes. */
  signedUrl?(key: string, seconds: number, fileName?: string): Promise<string>;
  /** Reads a blob as a stream (imports of large files), undefined when it does not exist. */
  getStream?(key: string): Promise<Readable | undefined>;
  /** Writes a blob from a stream without holding it in memory; resolves to its size in bytes. */
  putStream?(key: string, body: Readable): Promise<number>;
  /** A URL a browser PUTs the blob to directly (S3 presigned upload); absent where uploads go through the API. */
  presignPut?(key: string, contentType: string, seconds: number): Promise<string>;
}

export interface Ports {
  mailer: Mailer;
  events: EventPublisher;
  clock: Clock;
  blobs: BlobStore;
}

export class MemoryBlobs implements BlobStore {
  readonly items = new Map<string, Buffer>();
  async put(key: string, body: Buffer) {
    this.items.set(key, body);
  }
  async get(key: string) {
    return this.items.get(key);
  }
  async delete(key: string) {
    this.items.delete(key);
  }
  async list(prefix: string) {
    return [...this.items.keys()].filter((k) => k.startsWith(prefix));
  }
  async getStream(key: string) {
    const body = this.items.get(key);
    return body ? Readable.from([body]) : undefined;
  }
  async putStream(key: string, body: Readable) {
    const parts: Buffer[] = [];
    for await (const part of body) parts.push(Buffer.from(part as Uint8Array));
    this.items.set(key, Buffer.concat(parts));
    return this.items.get(key)!.length;
  }
}

/** Keeps mail in memory: the default in tests. */
export class MemoryMailer implements Mailer {
  readonly sent: OutboundMail[] = [];
  async send(mail: OutboundMail) {
    this.sent.push(mail);
    return { messageId: mail.messageId ?? `<${this.sent.length}@memory>` };
  }
}

export class MemoryEvents implements EventPublisher {
  readonly published: DomainEvent[] = [];
  async publish(events: DomainEvent[]) {
    this.published.push(...events);
  }
}

export const systemClock: Clock = { now: () => new Date() };

let current: Ports = { mailer: new MemoryMailer(), events: new MemoryEvents(), clock: systemClock, blobs: new MemoryBlobs() };

/** Replaces some ports (a runtime calls this once at start). */
export function setPorts(ports: Partial<Ports>): void {
  current = { ...current, ...ports };
}

export function usePorts(): Ports {
  return current;
}

export function now(): Date {
  return current.clock.now();
}
