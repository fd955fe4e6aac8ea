import { useTenant } from "../actor";
import { Config } from "../config";
import { CompanyEntity } from "../db/company";
import type { CareCampaignItem } from "../db/care-campaign";
import type { ContactItem } from "../db/contact";
import { MembershipEntity } from "../db/membership";
import type { OutboundMail } from "../ports";
import { CareTemplate } from "./care-template";
import { UnsubscribeToken } from "./unsubscribe-token";

export * as CareMessage from "./care-message";

/** The link a message carries: the web app's confirmation page with a signed token. */
export function unsubscribeUrl(contactId: string, email: string): string {
  return `${Config.appUrl()}/unsubscribe?token=${encodeURIComponent(UnsubscribeToken.sign({ tenantId: useTenant(), contactId, email }))}`;
}

/** The campaign's message for one contact, in the contact's language, with its unsubscribe link. */
export async function compose(
  campaign: Pick<CareCampaignItem, "templates" | "campaignId">,
  contact: Pick<ContactItem, "contactId" | "name" | "email" | "ownerId" | "companyId" | "language">,
  tenant: { name: string; language: string },
  to = contact.email ?? "",
) {
  const tenantId = useTenant();
  const [owner, company] = await Promise.all([
    MembershipEntity.get({ tenantId, userId: contact.ownerId }).go().then((r) => r.data),
    contact.companyId ? CompanyEntity.get({ tenantId, companyId: contact.companyId }).go().then((r) => r.data) : undefined,
  ]);
  const url = unsubscribeUrl(contact.contactId, to);
  const template = CareTemplate.choose(campaign.templates as CareTemplate.Templates, contact.language, tenant.language);
  const { subject, text } = CareTemplate.compose(template, {
    "contact.name": contact.name, "contact.email": contact.email ?? "", "owner.name": owner?.name ?? "",
    "company.name": company?.name ?? "", "tenant.name": tenant.name, "unsubscribe.url": url,
  });
  const mail: OutboundMail = {
    to: [to], from: Config.mailFrom(), subject, text, tag: "care",
    // RFC 2369/8058: mail clients show their own unsubscribe button for this link.
    headers: { "List-Unsubscribe": `<${url}>`, "Auto-Submitted": "auto-generated", "X-CRM-Campaign": campaign.campaignId },
  };
  return { language: template.language, mail };
}
