import { z } from "zod";
import { assertScope, forget, memo, useTenant } from "../actor";
import { ConflictSettingsEntity } from "../db/conflict-key";
import { ConflictError } from "../errors";
import { now } from "../ports";
import { Tx } from "../tx";
import { parse } from "../validation";

export * as ConflictSettings from "./settings";

export const KEYS = ["name", "phone", "email", "creditCode"] as const;
export type Key = (typeof KEYS)[number];

/** PUT body: the whole settings with the version read (0 while the tenant still uses the defaults). */
export const SettingsInput = z.strictObject({
  mode: z.enum(["warn", "block"]),
  keys: z.array(z.enum(KEYS)).max(KEYS.length).transform((k) => [...new Set(k)]),
  version: z.number().int().min(0),
});
export type Settings = { mode: "warn" | "block"; keys: Key[]; version: number };

export const DEFAULTS: Settings = { mode: "warn", keys: [...KEYS], version: 0 };

/** The tenant's conflict rules, or the defaults (warn on every key, version 0) when never saved. */
export async function get(tenantId = useTenant()): Promise<Settings> {
  const { data } = await memo(`conflictSettings:${tenantId}`, () => ConflictSettingsEntity.get({ tenantId }).go());
  if (!data) return { ...DEFAULTS, keys: [...DEFAULTS.keys] };
  return { mode: data.mode, keys: data.keys.filter((k): k is Key => (KEYS as readonly string[]).includes(k)), version: data.version };
}

/** Reads the settings for the admin page. */
export async function read(): Promise<Settings> {
  assertScope("settings:read");
  return get();
}

/** Replaces the rules if `version` is still current (409 otherwise). */
export async function put(raw: unknown): Promise<Settings> {
  assertScope("settings:write");
  const { version, ...settings } = parse(SettingsInput, raw);
  const tenantId = useTenant();
  const before = await get(tenantId);
  if (before.version !== version) throw new ConflictError();
  const item = { tenantId, ...settings, version: version + 1, updatedAt: now().toISOString() };
  await new Tx(tenantId)
    .add(
      () => version === 0 ? ConflictSettingsEntity.create(item) : ConflictSettingsEntity.put(item).where((a, op) => op.eq(a.version, version)),
      () => new ConflictError(),
    )
    .audit({ action: "conflicts.settings_updated", recordType: "conflict_settings", recordId: tenantId, before: { mode: before.mode, keys: before.keys }, after: settings })
    .event("conflicts.settings_updated", { mode: settings.mode, keys: settings.keys, version: item.version })
    .run();
  forget(`conflictSettings:${tenantId}`);
  return { ...settings, version: item.version };
}
