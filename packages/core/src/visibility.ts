import { useActor } from "./actor";
import { Member } from "./member";

export * as Visibility from "./visibility";

/**
 * Who sees which records: owners and admins (and API keys, and the system) see all, viewers read all,
 * managers see records owned by their teams plus shared ones, members their own plus shared ones.
 * `null` means everything; otherwise the owner ids whose records are visible (shared ones always are).
 */
export async function ownerScope(): Promise<string[] | null> {
  const actor = useActor();
  if (actor.type !== "user") return null;
  switch (actor.role) {
    case "manager":
      return Member.teammatesOf(actor.userId, actor.teamIds ?? []);
    case "member":
      return [actor.userId];
    default:
      return null;
  }
}

export function canSee(scope: string[] | null, record: { ownerId: string; shared?: boolean }): boolean {
  return scope === null || record.shared === true || scope.includes(record.ownerId);
}
