import type { Context, MiddlewareHandler } from "hono";
import { getCookie } from "hono/cookie";
import { type Actor, withActor } from "@crm/core/actor";
import { Auth } from "@crm/core/auth";

export const SESSION_COOKIE = "crm_session";

/** The caller's address: API Gateway's source IP, or the socket's locally. */
export function clientIp(c: Context): string {
  const env = c.env as { requestContext?: { http?: { sourceIp?: string } }; incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.requestContext?.http?.sourceIp ?? env?.incoming?.socket?.remoteAddress ?? "unknown";
}

/** Resolves the actor (session cookie; API keys slot in here) and runs the rest of the request as it. */
export function actorMiddleware(): MiddlewareHandler {
  return async (c, next) => {
    const ip = clientIp(c);
    const secret = getCookie(c, SESSION_COOKIE);
    let actor: Actor = { type: "public" };
    if (secret) actor = (await Auth.resolveSession(secret, ip)) ?? actor;
    c.set("actor" as never, actor as never);
    await withActor(actor, () => next());
  };
}
