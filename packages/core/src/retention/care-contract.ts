import { useTenant } from "../actor";
import { ContactEntity } from "../db/contact";
import { ContractEntity } from "../db/contract";

export * as CareContract from "./care-contract";

/**
 * Renewal care (`contract_end` campaigns): who hears of a contract's end, and which end dates a contact's
 * schedule follows. A contract's renewal mail goes to its contact, or, when it names none, to the company's
 * primary contact: the first of the company's contacts (in name order) that has an email address.
 */
export const EVENT_TYPES = ["contract.created", "contract.updated", "contract.deleted"];

/** Contracts in these states get no renewal mail (a draft is not signed; a terminated one will not renew). */
const LIVE = new Set(["active"]);

/** The company's primary contact for renewal mail, if it has one with an email. */
export async function primaryContact(companyId: string): Promise<string | undefined> {
  const { data } = await ContactEntity.query.byCompany({ tenantId: useTenant(), companyKey: companyId }).go({ count: 25, attributes: ["contactId", "email"] });
  return data.find((c) => !!c.email)?.contactId;
}

/** The contact a contract's renewal mail goes to. */
export async function recipientOf(contract: { contactId?: string | null; companyId: string }): Promise<string | undefined> {
  return contract.contactId || (await primaryContact(contract.companyId));
}

/**
 * The end dates of the live contracts whose renewal mail goes to `contactId`: the contracts of the contact's
 * company (one index query) naming it, or naming nobody when it is the company's primary contact.
 */
export async function endsFor(contactId: string): Promise<string[]> {
  const tenantId = useTenant();
  const { data: contact } = await ContactEntity.get({ tenantId, contactId }).go({ attributes: ["companyId"] });
  if (!contact?.companyId) return [];
  const { data } = await ContractEntity.query.byCompany({ tenantId, companyId: contact.companyId }).go({ pages: "all", attributes: ["contactId", "status", "endDate"] });
  const live = data.filter((c) => c.endDate && LIVE.has(c.status));
  if (!live.length) return [];
  const primary = live.some((c) => !c.contactId) ? await primaryContact(contact.companyId) : undefined;
  return live.filter((c) => c.contactId === contactId || (!c.contactId && primary === contactId)).map((c) => c.endDate!);
}

/** The contact whose renewal schedule a contract event changes. */
export async function contactsOf(data: { contactId?: string | null; companyId?: string }): Promise<string[]> {
  const out = new Set<string>();
  if (data.contactId) out.add(data.contactId);
  if (data.companyId) {
    const primary = await primaryContact(data.companyId);
    if (primary) out.add(primary);
  }
  return [...out];
}
