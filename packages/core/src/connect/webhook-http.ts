import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import type { LookupFunction } from "node:net";
import { DomainError } from "../errors";
import { WebhookGuard } from "./webhook-guard";

export * as WebhookHttp from "./webhook-http";

export const TIMEOUT_MS = 10_000;
/** The timeout, shortened only by the tests (WEBHOOKS_TIMEOUT_MS), so a hanging receiver costs them a second. */
const timeout = () => Number(process.env.WEBHOOKS_TIMEOUT_MS) || TIMEOUT_MS;
export const RESPONSE_EXCERPT_BYTES = 1024;

export interface AttemptResult {
  ok: boolean;
  /** The HTTP status, or null when no answer came (refused, timed out, forbidden address). */
  status: number | null;
  latencyMs: number;
  /** The first 1 KB of the response body. */
  response: string;
  error: string | null;
}

/**
 * POSTs `body` to `url`: the host is resolved and checked by the SSRF guard first, and the connection goes
 * to the address that passed (the socket's own lookup is pinned to it, so a second DNS answer cannot
 * redirect it). Redirects are not followed. Never throws: every outcome is an `AttemptResult`.
 */
export async function post(url: string, body: string, headers: Record<string, string>, timeoutMs = timeout()): Promise<AttemptResult> {
  const started = performance.now();
  const done = (r: Omit<AttemptResult, "latencyMs">): AttemptResult => ({ ...r, latencyMs: Math.round(performance.now() - started) });
  let target: URL;
  let pinned: { address: string; family: number };
  try {
    target = WebhookGuard.checkForm(url);
    [pinned] = await WebhookGuard.resolve(target);
  } catch (err) {
    return done({ ok: false, status: null, response: "", error: err instanceof DomainError ? `${err.code}: ${err.message}` : String(err) });
  }
  const lookup: LookupFunction = (_host, options, cb) => {
    if ((options as { all?: boolean }).all) (cb as unknown as (e: null, a: Array<{ address: string; family: number }>) => void)(null, [pinned]);
    else cb(null, pinned.address, pinned.family);
  };
  const send = target.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise<AttemptResult>((resolve) => {
    let settled = false;
    const finish = (r: Omit<AttemptResult, "latencyMs">) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(done(r));
    };
    const req = send(target, {
      method: "POST",
      lookup,
      headers: { "content-type": "application/json", "user-agent": "CRM-Webhooks/1", ...headers, "content-length": Buffer.byteLength(body) },
    }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const status = res.statusCode ?? null;
      const end = () => {
        const response = Buffer.concat(chunks).subarray(0, RESPONSE_EXCERPT_BYTES).toString("utf8");
        const ok = status !== null && status >= 200 && status < 300;
        finish({ ok, status, response, error: ok ? null : `HTTP ${status}` });
        res.destroy();
      };
      res.on("data", (chunk: Buffer) => {
        chunks.push(chunk);
        size += chunk.length;
        // Only the start of the answer is kept; a receiver that streams megabytes does not hold the sender.
        if (size >= RESPONSE_EXCERPT_BYTES) end();
      });
      res.on("end", end);
      res.on("error", end);
    });
    const timer = setTimeout(() => {
      finish({ ok: false, status: null, response: "", error: `Timed out after ${timeoutMs / 1000} s.` });
      req.destroy();
    }, timeoutMs);
    req.on("error", (err) => finish({ ok: false, status: null, response: "", error: err.message || String(err) }));
    req.end(body);
  });
}
