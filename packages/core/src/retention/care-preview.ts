import { z } from "zod";
import { useUser } from "../actor";
import { Contact } from "../contact";
import { ValidationError } from "../errors";
import { usePorts } from "../ports";
import { Id, parse } from "../validation";
import { Care } from "./care";
import { CareMessage } from "./care-message";

export * as CarePreview from "./care-preview";

export const PreviewInput = z.strictObject({ contactId: Id });
export const TestInput = z.strictObject({ contactId: Id.optional() });

/** A stand-in when a test send names no contact. */
function sample(ownerId: string) {
  return { contactId: "preview", name: "张三 Zhang San", email: "zhang.san@example.com", ownerId, companyId: undefined, language: undefined };
}

/** The campaign's message as a contact the user can see would get it (nothing is sent). */
export async function preview(campaignId: string, raw: unknown) {
  Care.assertManager();
  const input = parse(PreviewInput, raw);
  const campaign = await Care.load(campaignId);
  const contact = await Contact.get(input.contactId);
  const { language, mail } = await CareMessage.compose(campaign, contact, await Care.tenantContext());
  return { language, to: contact.email ?? null, subject: mail.subject, text: mail.text };
}

/** Sends the message to the signed-in user, rendered for a contact or a sample one; no log, no suppression. */
export async function testSend(campaignId: string, raw: unknown) {
  Care.assertManager();
  const input = parse(TestInput, raw ?? {});
  const me = (() => {
    try {
      return useUser();
    } catch {
      throw new ValidationError("A test send goes to the signed-in user; API keys cannot do it.", { _: "Sign in." }, "care.test_needs_user");
    }
  })();
  const campaign = await Care.load(campaignId);
  const contact = input.contactId ? await Contact.get(input.contactId) : sample(me.userId);
  const { language, mail } = await CareMessage.compose(campaign, contact, await Care.tenantContext(), me.email);
  await usePorts().mailer.send({ ...mail, subject: `[TEST] ${mail.subject}`, tag: "care.test" });
  return { to: me.email, language, subject: mail.subject };
}
