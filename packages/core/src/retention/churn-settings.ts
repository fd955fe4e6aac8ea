import { z } from "zod";
import { assertScope, useTenant } from "../actor";
import { ChurnSettingsEntity } from "../db/churn-settings";
import { ConflictError } from "../errors";
import { now } from "../ports";
import { Tx } from "../tx";
import { parse } from "../validation";
import { ChurnScore } from "./churn-score";

export * as ChurnSettings from "./churn-settings";

/** PUT body: the whole settings with the version read (0 while the tenant still uses the defaults). */
export const SettingsInput = ChurnScore.Settings.extend({ version: z.number().int().min(0) });

/** The tenant's scoring rules, or the defaults (version 0) when never saved. */
export async function get(tenantId = useTenant()): Promise<ChurnScore.Settings & { version: number }> {
  const { data } = await ChurnSettingsEntity.get({ tenantId }).go();
  if (!data) return { ...ChurnScore.DEFAULTS, version: 0 };
  return { ...(data.settings as ChurnScore.Settings), version: data.version };
}

/** Replaces the rules if `version` is still current (409 otherwise). Scores follow on read and at the next recompute. */
export async function put(raw: unknown) {
  assertScope("settings:write");
  const { version, ...settings } = parse(SettingsInput, raw);
  const tenantId = useTenant();
  const before = await get(tenantId);
  if (before.version !== version) throw new ConflictError();
  const item = { tenantId, settings, version: version + 1, updatedAt: now().toISOString() };
  const { version: _v, ...beforeSettings } = before;
  await new Tx(tenantId)
    .add(
      () => version === 0 ? ChurnSettingsEntity.create(item) : ChurnSettingsEntity.put(item).where((a, op) => op.eq(a.version, version)),
      () => new ConflictError(),
    )
    .audit({ action: "churn.settings_updated", recordType: "churn_settings", recordId: tenantId, before: beforeSettings, after: settings })
    .event("churn.settings_updated", { version: item.version })
    .run();
  return { ...settings, version: item.version };
}
