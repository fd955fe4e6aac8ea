import type { Context, MiddlewareHandler } from "hono";
import { getCookie } from "hono/cookie";
import { type Actor, withActor } from "@crm/core/actor";
import { ApiKey } from "@crm/core/api-key";
import { Auth } from "@crm/core/auth";
import { TenantDeletion } from "@crm/core/connect/tenant-deletion";

export const SESSION_COOKIE = "crm_session";

/** The caller's address: API Gateway's source IP, or the socket's locally. */
export function clientIp(c: Context): string {
  const env = c.env as { requestContext?: { http?: { sourceIp?: string } }; incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.requestContext?.http?.sourceIp ?? env?.incoming?.socket?.remoteAddress ?? "unknown";
}

/**
 * Resolves the actor — an API key (`Authorization: Bearer crm_...`) or a session cookie — and runs the
 * rest of the request as it. A key that is present but wrong answers 401 at once.
 */
export function actorMiddleware(): MiddlewareHandler {
  return async (c, next) => {
    const ip = clientIp(c);
    const bearer = /^Bearer\s+(\S+)$/i.exec(c.req.header("authorization") ?? "")?.[1];
    const secret = getCookie(c, SESSION_COOKIE);
    let actor: Actor = { type: "public" };
    if (bearer) actor = await ApiKey.authenticate(bearer, ip);
    else if (secret) actor = (await Auth.resolveSession(secret, ip)) ?? actor;
    c.set("actor" as never, actor as never);
    await withActor(actor, async () => {
      await TenantDeletion.guard(c.req.method, c.req.path);
      await next();
    });
  };
}
