import { withActor } from "../actor";

export * as ImportQueue from "./import-queue";

/**
 * Where the chunks of an import go. On AWS each chunk is a message on an SQS queue (with a DLQ) read by
 * the import worker; locally (and in tests) an in-process runner reads the file once and works through
 * the chunks. Both call the same `ImportRun` code.
 */
export interface ChunkMessage {
  tenantId: string;
  importId: string;
  chunk: number;
}

export type Dispatcher = (message: ChunkMessage) => Promise<void>;

/** The in-process runner (set by `ImportRun` when it loads, so this file has no cycle). */
let local: ((message: ChunkMessage, signal: AbortSignal) => Promise<void>) | undefined;
let dispatcher: Dispatcher | undefined;
const running = new Map<string, AbortController>();

/** Sets the AWS queue (the Lambda entry points call this once). */
export function use(d: Dispatcher): void {
  dispatcher = d;
}

export function setLocalRunner(run: (message: ChunkMessage, signal: AbortSignal) => Promise<void>): void {
  local = run;
}

/** Hands the next chunk of a job to the queue, or starts the in-process runner for it (once per job). */
export async function dispatch(message: ChunkMessage): Promise<void> {
  if (dispatcher) return dispatcher(message);
  const key = `${message.tenantId}/${message.importId}`;
  if (running.has(key) || !local) return;
  const controller = new AbortController();
  running.set(key, controller);
  const run = local;
  setImmediate(() => {
    withActor({ type: "system", tenantId: message.tenantId, reason: `import:${message.importId}` }, () => run(message, controller.signal))
      .catch((err) => {
        if (!controller.signal.aborted) console.error(`[import] ${message.importId} stopped`, err);
      })
      .finally(() => {
        if (running.get(key) === controller) running.delete(key);
      });
  });
}

/** Imports running in this process. */
export function active(): number {
  return running.size;
}

/**
 * Stops every in-process run at once, mid-chunk, as a crash would (tests of resuming, and shutdown):
 * nothing of the current chunk's progress is committed; its written rows carry their row markers.
 */
export function stopAll(): void {
  for (const c of running.values()) c.abort();
  running.clear();
}
