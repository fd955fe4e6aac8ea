import { z } from "zod";
import { withActor } from "../actor";
import { LookupEntity } from "../db/lookup";
import { TenantEntity } from "../db/tenant";
import { NotFoundError, RateLimitedError, ValidationError } from "../errors";
import { Plan } from "../plan";
import { RateLimit } from "../rate-limit";
import { Email, Name, parse } from "../validation";
import { Lead } from "./lead";

export * as LeadForm from "./lead-form";

/** Submissions per address and workspace in one window before 429. */
export const MAX_PER_WINDOW = 10;
export const WINDOW_SECONDS = 600;
/** The hidden field of the form: people leave it empty, form-filling bots do not. */
export const HONEYPOT = "website";

const Text = (max: number) => z.string().trim().max(max).optional();
/** What the public web form may send: contact details and a message, never an owner or tags. */
export const FormInput = z.strictObject({
  name: Name,
  email: Email.optional(),
  phone: Text(40),
  companyName: Text(200),
  region: Text(100),
  message: Text(5000),
  source: Text(100),
  [HONEYPOT]: z.string().max(500).optional(),
});

function noSuchForm() {
  return new NotFoundError("form");
}

/**
 * A lead from a tenant's public web form. Bad input answers 400 before anything else; then the rate limit
 * per address and slug; an unknown slug and a workspace without leads answer the same 404; a filled
 * honeypot answers like a success and stores nothing. The lead is routed like any other, by the system.
 */
export async function submit(slug: string, raw: unknown, ip: string): Promise<{ received: true }> {
  const input = parse(FormInput, raw);
  if (!input.email && !input.phone) throw new ValidationError("Give an email or a phone number.", { email: "Give an email or a phone number." });
  const key = slug.toLowerCase().slice(0, 60);
  const hit = await RateLimit.hit(`leadform:${key}:${ip}`, WINDOW_SECONDS);
  if (hit.count > MAX_PER_WINDOW) throw new RateLimitedError("Too many submissions. Wait a few minutes and try again.", hit.retryAfter, "form.rate_limited");
  const { data: lookup } = await LookupEntity.get({ kind: "slug", key }).go();
  if (!lookup?.value) throw noSuchForm();
  const { data: tenant } = await TenantEntity.get({ tenantId: lookup.value }).go();
  if (!tenant || !Plan.enabledFeatures(tenant.plan, tenant.features).includes("deals")) throw noSuchForm();
  if (input[HONEYPOT]) return { received: true };
  const { [HONEYPOT]: _h, ...fields } = input;
  await withActor({ type: "system", tenantId: tenant.tenantId, reason: "web-form" }, () => Lead.capture({ ...fields, source: fields.source ?? "web-form" }));
  return { received: true };
}
