import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { MailParse } from "../../packages/core/src/service/mail-parse";
import { Inbox } from "../../packages/core/src/service/inbox";
import { newTenant } from "../support/api";

const corpora = resolve(import.meta.dirname, "../../../shared/corpora/mail");

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : /\.(eml|box)$/.test(f) ? [p] : [];
  });
}

describe("every corpus mail through Inbox.receive", () => {
  it("files each message into a ticket without a crash, and threads replies within the corpus", { timeout: 600_000 }, async () => {
    if (!existsSync(corpora)) {
      // A clone on its own has no ../shared; CI has it. The hand-written fixtures still run elsewhere.
      console.log("corpora absent: the corpus sweep has nothing to read");
      return;
    }
    const t = await newTenant("enterprise");
    const address = `${t.slug}@inbound.crm.localhost`;
    const all = files(corpora).sort();
    expect(all.length).toBeGreaterThan(100);
    const ticketOfMail = new Map<string, string>();
    const counts: Record<string, number> = {};
    let threaded = 0;
    for (const file of all) {
      const raw = readFileSync(file);
      const parsed = await MailParse.parse(raw);
      const result = await Inbox.receive(raw, { recipients: [address] });
      counts[result.status] = (counts[result.status] ?? 0) + 1;
      expect(["created", "appended", "duplicate"], file).toContain(result.status);
      const ticketId = (result as { ticketId: string }).ticketId;
      // A reply to a message delivered earlier must land in that message's ticket.
      const parent = [...parsed.inReplyTo, ...parsed.references].map((id) => ticketOfMail.get(id)).find(Boolean);
      if (parent && result.status !== "duplicate" && !MailParse.replyTokens(parsed, [address]).length) {
        expect(ticketId, `${file} replies to an earlier corpus mail`).toBe(parent);
        threaded++;
      }
      ticketOfMail.set(parsed.messageId, ticketId);
    }
    console.log(`corpus: ${all.length} mails, ${JSON.stringify(counts)}, ${threaded} threaded to an earlier corpus mail`);
    expect(counts.created).toBeGreaterThan(50);
    const queue = await t.owner.get("/api/tickets?queue=all&status=all&limit=100");
    expect(queue.body.items.length).toBeGreaterThan(50);
  });
});

