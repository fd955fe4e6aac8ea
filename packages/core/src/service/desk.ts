import { z } from "zod";
import { assertScope, useTenant } from "../actor";
import { Config } from "../config";
import { LookupEntity } from "../db/lookup";
import { TenantEntity } from "../db/tenant";
import { ConflictError, ValidationError } from "../errors";
import { now } from "../ports";
import { Tenant } from "../tenant";
import { Tx } from "../tx";
import { Email, parse } from "../validation";

export * as Desk from "./desk";

export interface DeskSettings {
  ackEnabled: boolean;
  ackSubject: { en: string; "zh-CN": string };
  ackBody: { en: string; "zh-CN": string };
  supportAddresses: string[];
  /** Bumped on every change; a change must carry the version it was read at. */
  version: number;
}

export const DEFAULT_DESK: DeskSettings = {
  ackEnabled: true,
  ackSubject: { en: "We received your request: {{subject}}", "zh-CN": "我们已收到您的请求：{{subject}}" },
  ackBody: {
    en: "Hello {{name}},\n\nthank you for writing to {{workspace}}. Your request is number {{number}}; we will answer soon.\nReply to this mail to add to it.\n",
    "zh-CN": "{{name}}，您好：\n\n感谢您联系{{workspace}}。您的请求编号为 {{number}}，我们会尽快回复。\n如需补充，请直接回复此邮件。\n",
  },
  supportAddresses: [],
  version: 1,
};

/** The workspace's own inbound address. */
export function inboundAddress(slug: string): string {
  return `${slug}@${Config.inboundDomain()}`;
}

/** The address a customer replies to: carries the ticket's reply token. */
export function replyAddress(slug: string, token: string): string {
  return `${slug}+r-${token}@${Config.inboundDomain()}`;
}

export async function settings(): Promise<DeskSettings & { inboundAddress: string }> {
  const t = await Tenant.current();
  return { ...DEFAULT_DESK, ...(t.settings?.desk ?? {}), inboundAddress: inboundAddress(t.slug) };
}

const Localized = z.strictObject({ en: z.string().trim().min(1).max(500), "zh-CN": z.string().trim().min(1).max(500) });
const LocalizedBody = z.strictObject({ en: z.string().trim().min(1).max(5000), "zh-CN": z.string().trim().min(1).max(5000) });
export const DeskSettingsInput = z.strictObject({
  ackEnabled: z.boolean().optional(),
  ackSubject: Localized.optional(),
  ackBody: LocalizedBody.optional(),
  supportAddresses: z.array(Email).max(20).optional(),
  version: z.number().int().positive(),
});

/**
 * Changes the acknowledgement template and the support addresses. Each support address is a global
 * lookup item, so one address can belong to one workspace only. Carries the version it was read at, so
 * two admins editing at once never overwrite each other silently (409).
 */
export async function update(raw: unknown) {
  assertScope("settings:write");
  const input = parse(DeskSettingsInput, raw);
  const tenantId = useTenant();
  const before = await Tenant.current();
  const current = await settings();
  if (input.version !== current.version) throw new ConflictError();
  const next: DeskSettings = { ...current, ...input, version: current.version + 1 };
  const domain = Config.inboundDomain();
  if (next.supportAddresses.some((a) => a.endsWith(`@${domain}`))) {
    throw new ValidationError("Support addresses must be your own addresses that forward to the inbound address.", { supportAddresses: `Not on ${domain}.` });
  }
  const added = next.supportAddresses.filter((a) => !current.supportAddresses.includes(a));
  const removed = current.supportAddresses.filter((a) => !next.supportAddresses.includes(a));
  const { inboundAddress: _i, ...desk } = next as DeskSettings & { inboundAddress?: string };
  const after = { ...before, settings: { ...before.settings, desk }, version: before.version + 1, updatedAt: now().toISOString() };
  const tx = new Tx(tenantId).add(() => TenantEntity.put(after).where((a, op) => op.eq(a.version, before.version)), () => new ConflictError());
  for (const a of added) {
    tx.add(
      () => LookupEntity.create({ kind: "inbound", key: a, value: tenantId, createdAt: now().toISOString() }),
      () => new ConflictError("This address is already used by a workspace.", "desk.address_taken", { supportAddresses: a }),
    );
  }
  for (const a of removed) tx.add(() => LookupEntity.delete({ kind: "inbound", key: a }).where((attr, op) => op.eq(attr.value, tenantId)));
  await tx.audit({ action: "desk.settings_updated", recordType: "tenant", recordId: tenantId, before: current as never, after: next as never }).run();
  return { ...next, inboundAddress: inboundAddress(before.slug) };
}

/** Fills `{{name}}`-style variables. Unknown variables are left as they are. */
export function render(template: string, vars: Record<string, string | number>): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (m, k) => (k in vars ? String(vars[k]) : m));
}
