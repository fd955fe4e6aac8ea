import { describe, expect, it } from "vitest";
import { mockClient } from "aws-sdk-client-mock";
import { SESv2Client, SendEmailCommand } from "@aws-sdk/client-sesv2";
import { EventBridgeClient, PutEventsCommand } from "@aws-sdk/client-eventbridge";
import { SesMailer } from "./ses-mailer";
import { EventBridgePublisher } from "./event-bridge";

describe("AWS adapters", () => {
  it("SES: sends the raw message with our Message-ID and threading headers", async () => {
    const ses = mockClient(SESv2Client);
    ses.on(SendEmailCommand).resolves({ MessageId: "ses-1" });
    const mailer = new SesMailer(new SESv2Client({ region: "us-east-1" }), "mail.example.com");
    const { messageId } = await mailer.send({
      to: ["a@example.com"], cc: ["c@example.com"], from: "Desk <desk@mail.example.com>", subject: "回复：订单 [#12]", text: "你好",
      inReplyTo: "<orig@example.com>", references: ["<root@example.com>", "<orig@example.com>"],
    });
    expect(messageId).toMatch(/^<.+@mail\.example\.com>$/);
    const input = ses.commandCalls(SendEmailCommand)[0].args[0].input;
    expect(input.Destination).toEqual({ ToAddresses: ["a@example.com"], CcAddresses: ["c@example.com"] });
    const raw = Buffer.from(input.Content!.Raw!.Data!).toString("utf8");
    expect(raw).toContain(`Message-ID: ${messageId}`);
    expect(raw).toContain("In-Reply-To: <orig@example.com>");
    expect(raw).toContain("References: <root@example.com> <orig@example.com>");
    expect(raw).toMatch(/Subject: =\?UTF-8\?/);
    ses.restore();
  });

  it("EventBridge: publishes events in batches of ten on the configured bus", async () => {
    const eb = mockClient(EventBridgeClient);
    eb.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [] });
    const publisher = new EventBridgePublisher("crm-bus", new EventBridgeClient({ region: "us-east-1" }));
    const events = Array.from({ length: 13 }, (_, i) => ({ id: `e${i}`, type: "contact.created", tenantId: "t1", actor: { type: "user", id: "u" }, at: new Date().toISOString(), data: { i } }));
    await publisher.publish(events);
    const calls = eb.commandCalls(PutEventsCommand);
    expect(calls.map((c) => c.args[0].input.Entries!.length)).toEqual([10, 3]);
    const entry = calls[0].args[0].input.Entries![0];
    expect(entry).toMatchObject({ EventBusName: "crm-bus", Source: "crm", DetailType: "contact.created" });
    expect(JSON.parse(entry.Detail!).tenantId).toBe("t1");
    eb.on(PutEventsCommand).resolves({ FailedEntryCount: 1, Entries: [] });
    await expect(publisher.publish(events.slice(0, 1))).rejects.toThrow(/rejected/);
    eb.restore();
  });
});
