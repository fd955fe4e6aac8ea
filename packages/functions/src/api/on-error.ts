import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { DomainError, RateLimitedError } from "@crm/core/errors";

/** The one place where errors become HTTP answers: `{ error: { code, message, fields? } }`. */
export function onError(err: Error, c: Context) {
  if (err instanceof RateLimitedError) c.header("Retry-After", String(err.retryAfterSeconds));
  if (err instanceof DomainError) {
    return c.json({ error: { code: err.code, message: err.message, ...(err.fields ? { fields: err.fields } : {}), ...(err.extra ?? {}) } }, err.status as 400);
  }
  if (err instanceof HTTPException) {
    return c.json({ error: { code: "request.invalid", message: err.message } }, err.status);
  }
  console.error("unhandled error", c.req.method, c.req.path, err);
  return c.json({ error: { code: "internal", message: "Something went wrong on our side. Try again." } }, 500);
}

export function notFound(c: Context) {
  return c.json({ error: { code: "not_found", message: "No such route." } }, 404);
}
