import { AsyncLocalStorage } from "node:async_hooks";
import { ForbiddenError, UnauthorizedError } from "./errors";

export type Role = "owner" | "admin" | "manager" | "member" | "viewer";

export type Actor =
  | { type: "public"; ip?: string }
  | { type: "user"; userId: string; email: string; tenantId?: string; role?: Role; teamIds?: string[]; ip?: string }
  | { type: "key"; keyId: string; tenantId: string; scopes: string[]; ip?: string }
  | { type: "system"; tenantId?: string; reason: string };

const storage = new AsyncLocalStorage<Actor>();

/** Runs `fn` as `actor`. The auth middleware calls this once per request; sweepers once per tenant. */
export function withActor<T>(actor: Actor, fn: () => T): T {
  return storage.run(actor, fn);
}

export function useActor(): Actor {
  return storage.getStore() ?? { type: "public" };
}

/** The current tenant. Domain code never takes a tenant id from a request. */
export function useTenant(): string {
  const actor = useActor();
  if ((actor.type === "user" || actor.type === "key" || actor.type === "system") && actor.tenantId) return actor.tenantId;
  throw new UnauthorizedError("Choose a workspace first.", "tenant.required");
}

export function useUser(): Extract<Actor, { type: "user" }> {
  const actor = useActor();
  if (actor.type !== "user") throw new UnauthorizedError();
  return actor;
}

/** Who did it, as recorded in audit entries and events. */
export function actorRef(actor = useActor()): { type: Actor["type"]; id: string } {
  switch (actor.type) {
    case "user":
      return { type: "user", id: actor.userId };
    case "key":
      return { type: "key", id: actor.keyId };
    case "system":
      return { type: "system", id: actor.reason };
    default:
      return { type: "public", id: "anonymous" };
  }
}

/**
 * Scopes are `area:read` or `area:write`. Roles grant scopes; API keys carry them.
 * `write` implies `read` for the same area.
 */
export const ROLE_SCOPES: Record<Role, string[]> = {
  owner: ["*"],
  admin: ["*"],
  manager: ["contacts:write", "companies:write", "deals:write", "tickets:write", "reports:read", "settings:read", "team:read"],
  member: ["contacts:write", "companies:write", "deals:write", "tickets:write", "settings:read", "team:read"],
  viewer: ["contacts:read", "companies:read", "deals:read", "tickets:read", "settings:read", "team:read"],
};

export function hasScope(granted: string[], needed: string): boolean {
  if (granted.includes("*") || granted.includes(needed)) return true;
  const [area, level] = needed.split(":");
  return level === "read" && granted.includes(`${area}:write`);
}

export function actorScopes(actor = useActor()): string[] {
  if (actor.type === "system") return ["*"];
  if (actor.type === "key") return actor.scopes;
  if (actor.type === "user" && actor.role) return ROLE_SCOPES[actor.role];
  return [];
}

/** Throws 403 unless the actor holds `scope`. */
export function assertScope(scope: string): void {
  if (!hasScope(actorScopes(), scope)) {
    throw new ForbiddenError(`This needs the "${scope}" permission.`, "forbidden.scope");
  }
}

export function isAdmin(actor = useActor()): boolean {
  return actor.type === "system" || (actor.type === "user" && (actor.role === "owner" || actor.role === "admin")) ||
    (actor.type === "key" && actor.scopes.includes("*"));
}
