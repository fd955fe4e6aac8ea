import type { ParsedMail } from "../service/mail-parse";
import { Email } from "../validation";
import { Suppression } from "./suppression";

export * as CareBounce from "./care-bounce";

/**
 * The addresses a bounce says failed for good: each `Final-Recipient` of a delivery-status report
 * (RFC 3464) whose `Action` is `failed` (delays and relays are not failures), else the
 * `X-Failed-Recipients` header that Exim and Gmail send.
 */
export function failedRecipients(mail: Pick<ParsedMail, "attachments" | "headers">): string[] {
  const out = new Set<string>();
  for (const a of mail.attachments) {
    if (a.contentType !== "message/delivery-status") continue;
    // Per-recipient groups are separated by blank lines; the first group is about the message.
    for (const group of a.content.toString("utf8").replace(/\r\n/g, "\n").split(/\n\s*\n/)) {
      const recipient = /^final-recipient:\s*rfc822;\s*<?([^>\s]+)>?\s*$/im.exec(group)?.[1];
      const action = /^action:\s*(\S+)/im.exec(group)?.[1]?.toLowerCase();
      if (recipient && action === "failed") out.add(recipient);
    }
  }
  if (!out.size) for (const v of mail.headers["x-failed-recipients"] ?? []) for (const r of v.split(",")) out.add(r.trim());
  return [...out].map((r) => Email.safeParse(r)).filter((r) => r.success).map((r) => r.data!);
}

/** Puts the bounced recipients on the current tenant's suppression list. */
export async function suppress(mail: Pick<ParsedMail, "attachments" | "headers">): Promise<string[]> {
  const failed = failedRecipients(mail);
  for (const email of failed) await Suppression.add(email, "bounced");
  return failed;
}
