import { getCookie } from "hono/cookie";
import { z } from "zod";
import { useUser } from "@crm/core/actor";
import { Auth } from "@crm/core/auth";
import { Tenant } from "@crm/core/tenant";
import { parse } from "@crm/core/validation";
import { clientIp, SESSION_COOKIE } from "../middleware";
import { route } from "../route";
import { clearSessionCookie, setSessionCookie } from "./session-cookie";
import * as R from "../responses";

const tags = ["auth"];
const SwitchInput = z.strictObject({ tenantId: z.string().min(1).max(64) });

export const authRoutes = [
  route({ method: "post", path: "/api/auth/signup", summary: "Sign up: a new workspace and its owner", auth: "public", body: Auth.SignupInput, status: 201, tags, response: z.strictObject({ tenantId: z.string(), userId: z.string() }),
    handler: ({ body }) => Auth.signup(body) }),
  route({ method: "post", path: "/api/auth/verify", summary: "Verify an email address with the mailed token", auth: "public", body: Auth.TokenInput, tags, response: z.strictObject({ verified: z.literal(true) }),
    handler: ({ body }) => Auth.verifyEmail(body) }),
  route({ method: "post", path: "/api/auth/resend-verification", summary: "Send the verification link again", auth: "public", body: Auth.EmailInput, status: 202, tags, response: R.Sent,
    handler: async ({ body }) => { await Auth.resendVerification(body); return { sent: true }; } }),
  route({ method: "post", path: "/api/auth/login", summary: "Log in with email and password", auth: "public", body: Auth.LoginInput, tags, response: R.TenantIdOnly,
    handler: async ({ c, body }) => {
      const session = await Auth.login(body, clientIp(c));
      setSessionCookie(c, session.secret, session.maxAge);
      return { tenantId: session.tenantId ?? null };
    } }),
  route({ method: "post", path: "/api/auth/logout", summary: "Log out", auth: "public", tags, status: 204,
    handler: async ({ c }) => { await Auth.logout(getCookie(c, SESSION_COOKIE)); clearSessionCookie(c); return undefined; } }),
  route({ method: "post", path: "/api/auth/forgot", summary: "Mail a password-reset link", auth: "public", body: Auth.EmailInput, status: 202, tags, response: R.Sent,
    handler: async ({ body }) => { await Auth.forgotPassword(body); return { sent: true }; } }),
  route({ method: "post", path: "/api/auth/reset", summary: "Choose a new password with the mailed token", auth: "public", body: Auth.ResetInput, tags, response: z.strictObject({ reset: z.literal(true) }),
    handler: ({ body }) => Auth.resetPassword(body) }),
  route({ method: "get", path: "/api/me", summary: "The signed-in person, their workspaces and the current one", auth: "user", tags, response: R.Me,
    handler: async () => {
      const actor = useUser();
      const memberships = await Auth.listMemberships(actor.userId);
      const user = await Auth.userByEmail(actor.email);
      const tenant = actor.tenantId ? await Tenant.current() : undefined;
      return {
        user: { userId: actor.userId, email: actor.email, name: user?.name ?? "", locale: user?.locale ?? null },
        tenant: tenant ? { tenantId: tenant.tenantId, name: tenant.name, slug: tenant.slug, plan: tenant.plan, settings: tenant.settings } : null,
        role: actor.role ?? null,
        teamIds: actor.teamIds ?? [],
        features: tenant ? await Tenant.features() : [],
        workspaces: memberships.map((m) => ({ tenantId: m.tenantId, name: m.tenantName, role: m.role })),
      };
    } }),
  route({ method: "patch", path: "/api/me", summary: "Update one's name or language", auth: "user", body: Auth.ProfileInput, tags, response: z.strictObject({ name: z.string(), locale: z.string().nullable() }),
    handler: async ({ body }) => { const u = await Auth.updateProfile(body); return { name: u.name, locale: u.locale ?? null }; } }),
  route({ method: "post", path: "/api/me/switch", summary: "Switch to another of one's workspaces", auth: "user", body: SwitchInput, tags, response: z.strictObject({ tenantId: z.string() }),
    handler: async ({ c, body }) => {
      const { tenantId } = parse(SwitchInput, body);
      return Auth.switchTenant(getCookie(c, SESSION_COOKIE)!, tenantId);
    } }),
];
