import { z } from "zod";
import { assertScope, useActor, useTenant } from "../actor";
import { SlaItemEntity, type SlaItem } from "../db/sla-item";
import { ConflictError, NotFoundError, ValidationError } from "../errors";
import { newId } from "../id";
import { now } from "../ports";
import { Tenant } from "../tenant";
import { Tx } from "../tx";
import { Name, parse } from "../validation";
import { type Calendar, CalendarInput } from "./business-hours";
import { type SlaPolicy, SlaPolicyInput } from "./sla";

export * as SlaConfig from "./sla-config";

export const CalendarBody = z.strictObject({ name: Name, calendar: CalendarInput });
const Versioned = z.strictObject({ version: z.number().int().positive() });

const cache = new WeakMap<object, Promise<{ policies: SlaPolicy[]; calendars: Map<string, Calendar & { name: string }> }>>();

/** The tenant's policies and calendars, read once per request or sweep step. */
export function load() {
  const actor = useActor();
  let p = cache.get(actor);
  if (!p) {
    p = SlaItemEntity.query.primary({ tenantId: useTenant() }).go({ pages: "all" }).then(({ data }) => ({
      policies: data.filter((i) => i.kind === "policy").map((i) => ({ ...(i.data as SlaPolicy), policyId: i.itemId })),
      calendars: new Map(data.filter((i) => i.kind === "calendar").map((i) => [i.itemId, { ...(i.data as Calendar), name: i.name }])),
    }));
    cache.set(actor, p);
  }
  return p;
}

function present(i: SlaItem) {
  return { id: i.itemId, name: i.name, version: i.version, updatedAt: i.updatedAt, ...(i.data as object) };
}

export async function list(kind: "policy" | "calendar") {
  assertScope("tickets:read");
  const { data } = await SlaItemEntity.query.primary({ tenantId: useTenant() }).begins({ kind }).go({ pages: "all" });
  return data.filter((i) => i.kind === kind).map(present);
}

async function validate(kind: "policy" | "calendar", raw: unknown): Promise<{ name: string; data: object }> {
  if (kind === "calendar") {
    const { name, calendar } = parse(CalendarBody, raw);
    return { name, data: calendar };
  }
  const policy = parse(SlaPolicyInput, raw);
  if (policy.calendarId) {
    const { data } = await SlaItemEntity.get({ tenantId: useTenant(), kind: "calendar", itemId: policy.calendarId }).go();
    if (!data) throw new ValidationError("Unknown calendar.", { calendarId: "Unknown calendar." });
  }
  return { name: policy.name, data: policy };
}

/** Creates a policy or calendar (admins, with the `sla` feature). */
export async function create(kind: "policy" | "calendar", raw: unknown) {
  assertScope("settings:write");
  await Tenant.requireFeature("sla");
  const { name, data } = await validate(kind, raw);
  const item = { tenantId: useTenant(), kind, itemId: newId(), name, data, version: 1, updatedAt: now().toISOString() };
  await new Tx(item.tenantId)
    .add(() => SlaItemEntity.create(item))
    .audit({ action: `sla.${kind}_created`, recordType: `sla_${kind}`, recordId: item.itemId, after: { name, ...data } })
    .run();
  cache.delete(useActor());
  return present(item);
}

/** Replaces a policy or calendar; the body carries the version it was read at. */
export async function replace(kind: "policy" | "calendar", itemId: string, raw: unknown) {
  assertScope("settings:write");
  await Tenant.requireFeature("sla");
  const { version } = parse(Versioned, { version: (raw as { version?: unknown } | null)?.version });
  const { version: _v, ...body } = raw as Record<string, unknown>;
  const { name, data } = await validate(kind, body);
  const tenantId = useTenant();
  const { data: before } = await SlaItemEntity.get({ tenantId, kind, itemId }).go();
  if (!before) throw new NotFoundError(kind);
  const after = { ...before, name, data, version: before.version + 1, updatedAt: now().toISOString() };
  await new Tx(tenantId)
    .add(() => SlaItemEntity.put(after).where((a, op) => op.eq(a.version, version)), () => new ConflictError())
    .audit({ action: `sla.${kind}_updated`, recordType: `sla_${kind}`, recordId: itemId, before: { name: before.name, ...(before.data as object) }, after: { name, ...data } })
    .run();
  cache.delete(useActor());
  return present(after);
}

export async function remove(kind: "policy" | "calendar", itemId: string) {
  assertScope("settings:write");
  const tenantId = useTenant();
  const { data: before } = await SlaItemEntity.get({ tenantId, kind, itemId }).go();
  if (!before) throw new NotFoundError(kind);
  if (kind === "calendar") {
    const users = (await list("policy")).filter((p) => (p as { calendarId?: string }).calendarId === itemId);
    if (users.length) throw new ConflictError("Policies still use this calendar.", "sla.calendar_in_use");
  }
  await new Tx(tenantId)
    .add(() => SlaItemEntity.delete({ tenantId, kind, itemId }))
    .audit({ action: `sla.${kind}_deleted`, recordType: `sla_${kind}`, recordId: itemId, before: { name: before.name } })
    .run();
  cache.delete(useActor());
}
