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

const memos = new WeakMap<Actor, Map<string, Promise<unknown>>>();

/**
 * A read done once per request: the first call under the current actor runs `load`, later calls with the
 * same key share its answer. An actor lives for one request (or one import chunk), so the answer is as
 * fresh as the request; a failed read is not kept. `forget` drops a key after the request changed it.
 */
export function memo<T>(key: string, load: () => Promise<T>): Promise<T> {
  const actor = storage.getStore();
  if (!actor) return load();
  let map = memos.get(actor);
  if (!map) memos.set(actor, (map = new Map()));
  let hit = map.get(key) as Promise<T> | undefined;
  if (!hit) {
    hit = load();
    map.set(key, hit);
    hit.catch(() => map!.delete(key));
  }
  return hit;
}

export function forget(key: string): void {
  const actor = storage.getStore();
  if (actor) memos.get(actor)?.delete(key);
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
