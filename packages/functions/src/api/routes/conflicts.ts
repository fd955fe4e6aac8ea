import { z } from "zod";
import { Conflicts } from "@crm/core/conflicts/conflict";
import { ConflictSettings } from "@crm/core/conflicts/settings";
import { route, type RouteSpec } from "../route";

const tags = ["conflicts"];

const Key = z.enum(ConflictSettings.KEYS);
/** A match reveals the record's id and name only to someone who may see the record. */
const Match = z.strictObject({
  kind: z.enum(["lead", "contact", "company"]),
  keys: z.array(Key),
  ownerName: z.string().nullable(),
  poolName: z.string().nullable(),
  lastFollowUpAt: z.string().nullable(),
  recordId: z.string().optional(),
  name: z.string().optional(),
});
const Settings = z.strictObject({ mode: z.enum(["warn", "block"]), keys: z.array(Key), version: z.number().int() });

/** Ownership conflicts (撞单). */
export const conflictRoutes: RouteSpec[] = [
  route({ method: "post", path: "/api/conflicts/check", summary: "Leads, contacts and companies anywhere in the workspace that the typed values collide with", auth: "tenant", scope: "contacts:read", feature: "companies", body: Conflicts.CheckInput, tags,
    response: z.strictObject({ mode: z.enum(["warn", "block"]), matches: z.array(Match) }),
    handler: ({ body }) => Conflicts.check(body) }),
  route({ method: "get", path: "/api/conflicts/settings", summary: "Whether duplicates are blocked or warned about, and which keys count", auth: "tenant", scope: "settings:read", feature: "companies", tags, response: Settings,
    handler: () => ConflictSettings.read() }),
  route({ method: "put", path: "/api/conflicts/settings", summary: "Replace the conflict rules (with their version)", auth: "tenant", scope: "settings:write", feature: "companies", body: ConflictSettings.SettingsInput, tags, response: Settings,
    handler: ({ body }) => ConflictSettings.put(body) }),
];
