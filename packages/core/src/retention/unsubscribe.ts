import { z } from "zod";
import { withActor } from "../actor";
import { TenantEntity } from "../db/tenant";
import { ValidationError } from "../errors";
import { parse } from "../validation";
import { Suppression } from "./suppression";
import { UnsubscribeToken } from "./unsubscribe-token";

export * as Unsubscribe from "./unsubscribe";

export const TokenQuery = z.strictObject({ token: z.string().min(1).max(1000) });
export const ConfirmInput = z.strictObject({ token: z.string().min(1).max(1000) });

function invalid() {
  return new ValidationError("This unsubscribe link is not valid.", { token: "Invalid." }, "unsubscribe.invalid_token");
}

/** The claims of a genuine token for an existing workspace; the token alone is the permission. */
async function claims(token: string) {
  const c = UnsubscribeToken.verify(token);
  if (!c) throw invalid();
  const { data: tenant } = await TenantEntity.get({ tenantId: c.tenantId }).go();
  if (!tenant) throw invalid();
  return { ...c, workspace: tenant.name };
}

/** What the confirmation page shows before the click: whose list and which address. */
export async function describe(raw: unknown) {
  const { token } = parse(TokenQuery, raw);
  const c = await claims(token);
  const unsubscribed = await withActor({ type: "system", tenantId: c.tenantId, reason: "unsubscribe" }, () => Suppression.has(c.email));
  return { workspace: c.workspace, email: c.email, unsubscribed };
}

/** Puts the token's address on the token's workspace's suppression list (a second click changes nothing). */
export async function confirm(raw: unknown) {
  const { token } = parse(ConfirmInput, raw);
  const c = await claims(token);
  await withActor({ type: "system", tenantId: c.tenantId, reason: "unsubscribe" }, () => Suppression.add(c.email, "unsubscribed", c.contactId));
  return { workspace: c.workspace, email: c.email, unsubscribed: true };
}
