import { z } from "zod";
import { useTenant } from "../actor";
import { SuppressionEntity, type SuppressionItem } from "../db/suppression";
import { now } from "../ports";
import { Records } from "../records";
import { Tx } from "../tx";
import { Email, Id, parse } from "../validation";

export * as Suppression from "./suppression";

export const REASONS = ["unsubscribed", "bounced", "manual"] as const;
export type Reason = (typeof REASONS)[number];

/** Published when an address joins the list (the churn score counts unsubscribes). */
export const UNSUBSCRIBED_EVENT = "contact.unsubscribed";
export const UnsubscribedEvent = z.object({ contactId: z.string().optional(), email: z.string(), reason: z.enum(REASONS) });
export type UnsubscribedEvent = z.infer<typeof UnsubscribedEvent>;

export const AddInput = z.strictObject({ email: Email, contactId: Id.optional() });
export const ListQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(2000).optional(),
});

function normalize(email: string): string {
  return email.trim().toLowerCase();
}

function present(s: SuppressionItem) {
  return { email: s.email, reason: s.reason, contactId: s.contactId ?? null, createdAt: s.createdAt };
}

/** Whether the current tenant must not mail `email`. Every care send asks this first. */
export async function has(email: string): Promise<boolean> {
  if (!email || email.length > 254) return false;
  const { data } = await SuppressionEntity.get({ tenantId: useTenant(), email: normalize(email) }).go({ attributes: ["email"] });
  return !!data;
}

/**
 * Puts `email` on the current tenant's list and publishes `contact.unsubscribed`. Adding an address that is
 * already there changes nothing and publishes nothing, so a reused unsubscribe link or a second bounce is
 * harmless. Permission is the caller's business (a route, the unsubscribe token, the inbox).
 */
export async function add(email: string, reason: Reason, contactId?: string): Promise<{ added: boolean }> {
  const tenantId = useTenant();
  const item: SuppressionItem = { tenantId, email: normalize(email), reason, contactId, createdAt: now().toISOString() };
  const data: UnsubscribedEvent = { contactId, email: item.email, reason };
  try {
    await new Tx(tenantId)
      .add(() => SuppressionEntity.create(item))
      .audit({ action: "suppression.added", recordType: "suppression", recordId: item.email, after: present(item) })
      .event(UNSUBSCRIBED_EVENT, data)
      .run();
    return { added: true };
  } catch (err) {
    // create() is conditional on the item being new: a failed condition means it is already suppressed.
    if ((err as { status?: number }).status === 409) return { added: false };
    throw err;
  }
}

/** Takes `email` off the list (an admin's decision, e.g. after a customer asks to be mailed again). */
export async function remove(email: string): Promise<{ removed: boolean }> {
  // Nothing longer than an address can be on the list (and DynamoDB refuses oversized keys).
  if (!email || email.length > 254) return { removed: false };
  const tenantId = useTenant();
  const key = { tenantId, email: normalize(email) };
  const { data: before } = await SuppressionEntity.get(key).go();
  if (!before) return { removed: false };
  await new Tx(tenantId)
    .add(() => SuppressionEntity.delete(key))
    .audit({ action: "suppression.removed", recordType: "suppression", recordId: key.email, before: present(before) })
    .event("contact.resubscribed", { email: key.email, contactId: before.contactId })
    .run();
  return { removed: true };
}

/** The list, newest first, a page at a time (`cursor` from the previous page). */
export async function list(raw: unknown = {}) {
  const q = parse(ListQuery, typeof raw === "string" ? { cursor: raw } : raw ?? {});
  const page = await Records.page<SuppressionItem>(SuppressionEntity.query.byTenant({ tenantId: useTenant() }), [], { cursor: q.cursor, limit: q.limit, order: "desc" });
  return { items: page.items.map(present), cursor: page.cursor };
}

/** Parses a manual addition (the route's body). */
export function parseAdd(raw: unknown) {
  return parse(AddInput, raw);
}
