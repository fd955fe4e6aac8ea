import type { Context } from "hono";
import { deleteCookie, setCookie } from "hono/cookie";
import { SESSION_COOKIE } from "../middleware";

/** HttpOnly, Secure, SameSite=Lax. Browsers treat http://localhost as secure, so this works locally too. */
export function setSessionCookie(c: Context, secret: string, maxAge: number) {
  setCookie(c, SESSION_COOKIE, secret, { httpOnly: true, secure: process.env.COOKIE_SECURE !== "false", sameSite: "Lax", path: "/", maxAge });
}

export function clearSessionCookie(c: Context) {
  deleteCookie(c, SESSION_COOKIE, { path: "/", secure: process.env.COOKIE_SECURE !== "false" });
}
