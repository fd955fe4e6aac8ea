import { describe, expect, it } from "vitest";
import { withActor } from "../../packages/core/src/actor";
import { ContactEntity } from "../../packages/core/src/db/contact";
import { setPorts } from "../../packages/core/src/ports";
import { CarePlan } from "../../packages/core/src/retention/care-plan";
import { CareSweep } from "../../packages/core/src/retention/care-sweep";
import { UnsubscribeToken } from "../../packages/core/src/retention/unsubscribe-token";
import { Inbox } from "../../packages/core/src/service/inbox";
import { addMember, type Client, Client as Anonymous, mailer, newTenant, unique } from "../support/api";

// A controlled clock: sessions live 30 days, so each test stays within a few weeks of its start.
let clock = new Date("2026-12-01T12:00:00Z");
setPorts({ clock: { now: () => clock } });

const TEMPLATES = {
  "zh-CN": { subject: "{{contact.name}}，生日快乐", body: "亲爱的{{contact.name}}：\n{{tenant.name}} 的 {{owner.name}} 祝您生日快乐！" },
  en: { subject: "Happy birthday, {{contact.name}}", body: "Dear {{contact.name}},\n{{owner.name}} at {{tenant.name}} ({{company.name}}) wishes you a happy birthday." },
};

async function campaign(owner: Client, body: Record<string, unknown>) {
  const res = await owner.post("/api/care/campaigns", { name: "Care", templates: TEMPLATES, sendHour: 9, ...body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

async function contact(owner: Client, body: Record<string, unknown> = {}) {
  const res = await owner.post("/api/contacts", { name: unique("Person "), email: `${unique("care")}@customer.example`, ...body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

function mailsTo(email: string, tag = "care") {
  return mailer.sent.filter((m) => m.to.includes(email) && m.tag === tag);
}

async function sweepAt(iso: string) {
  clock = new Date(iso);
  return CareSweep.sweep(clock);
}

async function setZone(owner: Client, timeZone: string) {
  const ws = await owner.get("/api/workspace");
  const res = await owner.patch("/api/workspace/settings", { version: ws.body.tenant.version, timeZone });
  expect(res.status).toBe(200);
}

describe("care campaigns", () => {
  it("creates, validates, replaces with its version, and deletes campaigns; managers yes, members no", async () => {
    clock = new Date("2026-12-01T12:00:00Z");
    const t = await newTenant("business");
    const created = await campaign(t.owner, { name: "Birthdays", trigger: { kind: "birthday" } });
    expect(created).toMatchObject({ name: "Birthdays", trigger: { kind: "birthday" }, sendHour: 9, enabled: true, version: 1 });

    const bad = [
      { name: "X", trigger: { kind: "birthday" }, templates: TEMPLATES, sendHour: 24 },
      { name: "X", trigger: { kind: "someday" }, templates: TEMPLATES, sendHour: 9 },
      { name: "X", trigger: { kind: "deal_won" }, templates: TEMPLATES, sendHour: 9 },
      { name: "X", trigger: { kind: "inactivity", days: 0 }, templates: TEMPLATES, sendHour: 9 },
      { name: "X", trigger: { kind: "birthday" }, templates: {}, sendHour: 9 },
      { name: "", trigger: { kind: "birthday" }, templates: TEMPLATES, sendHour: 9 },
      { name: "X", trigger: { kind: "birthday" }, templates: TEMPLATES, sendHour: 9, tenantId: "other" },
    ];
    for (const body of bad) {
      const res = await t.owner.post("/api/care/campaigns", body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe("validation");
    }
    const unknownVar = await t.owner.post("/api/care/campaigns", { name: "X", trigger: { kind: "birthday" }, templates: { en: { subject: "Hi {{contact.secret}}", body: "x" } }, sendHour: 9 });
    expect(unknownVar.status).toBe(400);
    expect(unknownVar.body.error.fields).toEqual({ "templates.en.subject": "Unknown variable: {{contact.secret}}." });

    const list = await t.owner.get("/api/care/campaigns");
    expect(list.body.items.map((c: any) => c.campaignId)).toEqual([created.campaignId]);
    const path = `/api/care/campaigns/${created.campaignId}`;
    const replaced = await t.owner.put(path, { version: 1, name: "Birthdays (off)", trigger: { kind: "birthday" }, templates: TEMPLATES, sendHour: 10, enabled: false });
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject({ version: 2, enabled: false, sendHour: 10 });
    const stale = await t.owner.put(path, { version: 1, name: "Lost", trigger: { kind: "birthday" }, templates: TEMPLATES, sendHour: 9 });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe("conflict");
    expect((await t.owner.get(path)).body.name).toBe("Birthdays (off)");

    const member = await addMember(t, "member");
    expect((await member.client.get("/api/care/campaigns")).status).toBe(403);
    expect((await member.client.post("/api/care/campaigns", { name: "M", trigger: { kind: "birthday" }, templates: TEMPLATES, sendHour: 9 })).status).toBe(403);
    const manager = await addMember(t, "manager");
    expect((await manager.client.post("/api/care/campaigns", { name: "By a manager", trigger: { kind: "inactivity", days: 30 }, templates: TEMPLATES, sendHour: 9 })).status).toBe(201);

    expect((await t.owner.del(path)).status).toBe(204);
    expect((await t.owner.get(path)).status).toBe(404);
  });

  it("is a plan feature: 403 on a plan without care", async () => {
    const t = await newTenant("solo");
    const res = await t.owner.get("/api/care/campaigns");
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe("plan.feature_unavailable");
    expect((await t.owner.get("/api/care/suppressions")).status).toBe(403);
  });

  it("sends a birthday message at the send hour in the tenant's zone, in the contact's language, once, with a log and a timeline entry", async () => {
    clock = new Date("2026-12-01T12:00:00Z");
    const t = await newTenant("business");
    await setZone(t.owner, "America/New_York");
    const company = (await t.owner.post("/api/companies", { name: "Globex" })).body;
    const c = await campaign(t.owner, { trigger: { kind: "birthday" }, sendHour: 9 });
    const en = await contact(t.owner, { birthday: "12-03", language: "en", companyId: company.companyId });
    const zh = await contact(t.owner, { birthday: "1990-12-03", language: "zh-CN" });
    const none = await contact(t.owner, { birthday: "12-04" });

    await sweepAt("2026-12-03T13:59:00Z"); // 08:59 in New York
    expect(mailsTo(en.email)).toHaveLength(0);
    await sweepAt("2026-12-03T14:00:00Z"); // 09:00 EST
    const [mail] = mailsTo(en.email);
    expect(mail.subject).toBe(`Happy birthday, ${en.name}`);
    expect(mail.text).toContain(`Dear ${en.name},`);
    expect(mail.text).toContain("(Globex)");
    expect(mail.text).toMatch(/Unsubscribe: http:\/\/localhost:3000\/unsubscribe\?token=/);
    expect(mail.headers?.["List-Unsubscribe"]).toMatch(/^<http:\/\/localhost:3000\/unsubscribe\?token=.+>$/);
    expect(mailsTo(zh.email)[0].subject).toBe(`${zh.name}，生日快乐`);
    expect(mailsTo(none.email)).toHaveLength(0);

    await sweepAt("2026-12-03T15:00:00Z");
    await sweepAt("2026-12-03T20:00:00Z");
    expect(mailsTo(en.email)).toHaveLength(1);
    expect(mailsTo(zh.email)).toHaveLength(1);

    const log = await t.owner.get(`/api/care/campaigns/${c.campaignId}/log`);
    expect(log.status).toBe(200);
    expect(log.body.items.map((i: any) => [i.contactId, i.occurrence, i.status]).sort()).toEqual([
      [en.contactId, "2026-12-03", "sent"], [zh.contactId, "2026-12-03", "sent"],
    ].sort());
    const timeline = await t.owner.get(`/api/contacts/${en.contactId}/timeline`);
    expect(timeline.body.items.find((e: any) => e.type === "care.sent")).toMatchObject({ summary: `Happy birthday, ${en.name}` });

    await sweepAt("2026-12-04T14:00:00Z");
    expect(mailsTo(none.email)).toHaveLength(1);
  });

  it("sends N days after a won deal, N days before a date field, and after N idle days, at the send hour", async () => {
    clock = new Date("2026-12-01T12:00:00Z"); // 20:00 in Shanghai, the default zone
    const t = await newTenant("business");
    const thanks = await campaign(t.owner, { name: "Thanks", trigger: { kind: "deal_won", days: 2 }, sendHour: 10 });
    const renewal = await campaign(t.owner, { name: "Renewal", trigger: { kind: "before_date", field: "renewal", days: 10 }, sendHour: 9 });
    const missYou = await campaign(t.owner, { name: "Miss you", trigger: { kind: "inactivity", days: 5 }, sendHour: 9 });
    const buyer = await contact(t.owner, { language: "en" });
    const renewing = await contact(t.owner, { language: "en" });
    const idle = await contact(t.owner, { language: "en" });
    const from = (email: string, c: { campaignId: string }) => mailsTo(email).filter((m) => m.headers?.["X-CRM-Campaign"] === c.campaignId);

    clock = new Date("2026-12-02T00:30:00Z"); // won on 2 December (08:30 in Shanghai)
    const pipeline = (await t.owner.post("/api/pipelines", { name: "P", stages: [{ name: "Lead" }, { name: "Won", kind: "won" }, { name: "Lost", kind: "lost" }] })).body;
    const deal = (await t.owner.post("/api/deals", { pipelineId: pipeline.pipelineId, title: "Big one", contactId: buyer.contactId })).body;
    const won = await t.owner.post(`/api/deals/${deal.dealId}/move`, { version: deal.version, stageId: pipeline.stages[1].stageId, reason: "Good fit" });
    expect(won.status, JSON.stringify(won.body)).toBe(200);

    // Custom field definitions arrive with issue #7; until then the value is written as the API will store it.
    await ContactEntity.patch({ tenantId: t.tenantId, contactId: renewing.contactId }).set({ custom: { renewal: "2026-12-20" } }).go();
    await withActor({ type: "system", tenantId: t.tenantId, reason: "test" }, () => CarePlan.planContact(renewing.contactId));

    // Activity moves the idle date: a note on 3 December makes the fifth idle day 8 December.
    clock = new Date("2026-12-03T00:30:00Z");
    expect((await t.owner.post(`/api/contacts/${idle.contactId}/notes`, { body: "Called" })).status).toBe(201);

    await sweepAt("2026-12-04T01:59:00Z"); // 09:59 on 4 Dec in Shanghai
    expect(from(buyer.email, thanks)).toHaveLength(0);
    await sweepAt("2026-12-04T02:00:00Z");
    expect(from(buyer.email, thanks).map((m) => m.subject)).toEqual([`Happy birthday, ${buyer.name}`]);

    await sweepAt("2026-12-06T01:00:00Z"); // five days after creation
    expect(from(renewing.email, missYou)).toHaveLength(1); // no activity since it was created
    expect(from(idle.email, missYou)).toHaveLength(0); // the note moved it
    expect(from(buyer.email, missYou)).toHaveLength(0); // so did the deal (due 7 December)
    await sweepAt("2026-12-08T00:59:00Z");
    expect(from(idle.email, missYou)).toHaveLength(0);
    await sweepAt("2026-12-08T01:00:00Z");
    expect(from(idle.email, missYou)).toHaveLength(1);
    await sweepAt("2026-12-10T00:59:00Z");
    expect(from(renewing.email, renewal)).toHaveLength(0);
    await sweepAt("2026-12-10T01:00:00Z"); // 10 days before 20 December, 09:00 Shanghai
    expect(from(renewing.email, renewal)).toHaveLength(1);
    await sweepAt("2026-12-20T01:00:00Z");
    expect([thanks, renewal, missYou].map((c) => [buyer, renewing, idle].map((p) => from(p.email, c).length))).toEqual([[1, 0, 0], [0, 1, 0], [1, 1, 1]]);
  });

  it("sends each occurrence once when two sweeps overlap", async () => {
    clock = new Date("2026-12-01T12:00:00Z");
    const t = await newTenant("business");
    const c = await campaign(t.owner, { trigger: { kind: "birthday" }, sendHour: 9 });
    const people = await Promise.all(Array.from({ length: 6 }, () => contact(t.owner, { birthday: "12-05" })));
    clock = new Date("2026-12-05T01:00:00Z");
    await Promise.all([CareSweep.sweep(clock), CareSweep.sweep(clock), CareSweep.sweep(clock)]);
    for (const p of people) expect(mailsTo(p.email), p.email).toHaveLength(1);
    const log = await t.owner.get(`/api/care/campaigns/${c.campaignId}/log`);
    expect(log.body.items).toHaveLength(6);
    expect(log.body.items.every((i: any) => i.status === "sent")).toBe(true);
  });

  it("never mails a suppressed address and logs it as suppressed", async () => {
    clock = new Date("2026-12-01T12:00:00Z");
    const t = await newTenant("business");
    const c = await campaign(t.owner, { trigger: { kind: "birthday" }, sendHour: 9 });
    const p = await contact(t.owner, { birthday: "12-06" });
    const added = await t.owner.post("/api/care/suppressions", { email: p.email.toUpperCase() });
    expect(added.status).toBe(201);
    const list = await t.owner.get("/api/care/suppressions");
    expect(list.body.items).toEqual([expect.objectContaining({ email: p.email, reason: "manual" })]);
    await sweepAt("2026-12-06T01:00:00Z");
    expect(mailsTo(p.email)).toHaveLength(0);
    const log = await t.owner.get(`/api/care/campaigns/${c.campaignId}/log`);
    expect(log.body.items.map((i: any) => i.status)).toEqual(["suppressed"]);
    // Taken off the list, the address can be mailed again; an unknown address is a 404.
    expect((await t.owner.del(`/api/care/suppressions/${encodeURIComponent(p.email)}`)).status).toBe(204);
    expect((await t.owner.del(`/api/care/suppressions/${encodeURIComponent(p.email)}`)).status).toBe(404);
    expect((await t.owner.del(`/api/care/suppressions/${"a".repeat(3000)}`)).status).toBe(404);
  });

  it("previews for a contact and test-sends to the signed-in user", async () => {
    clock = new Date("2026-12-01T12:00:00Z");
    const t = await newTenant("business");
    const c = await campaign(t.owner, { trigger: { kind: "birthday" }, sendHour: 9 });
    const p = await contact(t.owner, { language: "en" });
    const preview = await t.owner.post(`/api/care/campaigns/${c.campaignId}/preview`, { contactId: p.contactId });
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ language: "en", to: p.email, subject: `Happy birthday, ${p.name}` });
    expect(mailsTo(p.email)).toHaveLength(0);
    const test = await t.owner.post(`/api/care/campaigns/${c.campaignId}/test`, { contactId: p.contactId });
    expect(test.status).toBe(200);
    const [mail] = mailsTo(t.email, "care.test");
    expect(mail.subject).toBe(`[TEST] Happy birthday, ${p.name}`);
    expect((await t.owner.post(`/api/care/campaigns/${c.campaignId}/preview`, { contactId: "0000000000000nonexistent" })).status).toBe(404);
  });
});

describe("unsubscribe links", () => {
  async function mailed() {
    clock = new Date("2026-12-01T12:00:00Z");
    const t = await newTenant("business");
    const c = await campaign(t.owner, { trigger: { kind: "birthday" }, sendHour: 9 });
    const p = await contact(t.owner, { birthday: "12-07", language: "en" });
    const other = await contact(t.owner, { birthday: "12-07", language: "en" });
    await sweepAt("2026-12-07T01:00:00Z");
    const token = decodeURIComponent(/token=([^\s>]+)/.exec(mailsTo(p.email)[0].text)![1]);
    return { t, c, p, other, token };
  }

  it("unsubscribes without a login; the next message is suppressed; a second click changes nothing", async () => {
    const { t, p, token } = await mailed();
    const anon = new Anonymous();
    const info = await anon.get(`/api/public/unsubscribe?token=${encodeURIComponent(token)}`);
    expect(info.status).toBe(200);
    expect(info.body).toMatchObject({ email: p.email, unsubscribed: false });
    const done = await anon.post("/api/public/unsubscribe", { token });
    expect(done.status).toBe(200);
    expect((await anon.post("/api/public/unsubscribe", { token })).status).toBe(200);
    const list = await t.owner.get("/api/care/suppressions");
    expect(list.body.items).toEqual([expect.objectContaining({ email: p.email, reason: "unsubscribed", contactId: p.contactId })]);
    await campaign(t.owner, { name: "Again", trigger: { kind: "birthday" }, sendHour: 10 });
    await sweepAt("2026-12-07T03:00:00Z"); // today's occurrence of the new campaign is still due
    expect(mailsTo(p.email)).toHaveLength(1);
  });

  it("refuses forged tokens, another contact's and another tenant's", async () => {
    const { t, p, other, token } = await mailed();
    const second = await newTenant("business");
    const [payload, signature] = token.split(".");
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString());
    const swap = (c: unknown[]) => `${Buffer.from(JSON.stringify(c)).toString("base64url")}.${signature}`;
    const forged = [
      `${payload}.${signature.slice(0, -2)}AA`,
      swap([claims[0], other.contactId, other.email]), // another contact with this contact's signature
      swap([claims[0], p.contactId, other.email]),
      swap([second.tenantId, p.contactId, p.email]), // another tenant
      UnsubscribeToken.sign({ tenantId: t.tenantId, contactId: p.contactId, email: p.email }, "a guessed secret"),
      payload,
      "",
      "x".repeat(2000),
    ];
    const anon = new Anonymous();
    for (const f of forged) {
      const res = await anon.post("/api/public/unsubscribe", { token: f });
      expect(res.status, f).toBe(400);
      expect(["unsubscribe.invalid_token", "validation"]).toContain(res.body.error.code);
      expect((await anon.get(`/api/public/unsubscribe?token=${encodeURIComponent(f)}`)).status).toBe(400);
    }
    expect((await t.owner.get("/api/care/suppressions")).body.items).toEqual([]);
    expect((await second.owner.get("/api/care/suppressions")).body.items).toEqual([]);
  });
});

describe("bounces", () => {
  it("puts the failed recipient of a bounce on the suppression list", async () => {
    clock = new Date("2026-12-01T12:00:00Z");
    const t = await newTenant("business");
    const p = await contact(t.owner);
    const raw = Buffer.from([
      "Return-Path: <>",
      "From: Mail Delivery System <MAILER-DAEMON@mx.example.net>",
      `To: ${t.slug}@inbound.crm.localhost`,
      "Subject: Undelivered Mail Returned to Sender",
      `Message-ID: <bounce-${unique()}@mx.example.net>`,
      "MIME-Version: 1.0",
      'Content-Type: multipart/report; report-type=delivery-status; boundary="b"',
      "",
      "--b",
      "Content-Type: text/plain",
      "",
      "Your message could not be delivered.",
      "--b",
      "Content-Type: message/delivery-status",
      "",
      "Reporting-MTA: dns; mx.example.net",
      "",
      `Final-Recipient: rfc822; ${p.email}`,
      "Action: failed",
      "Status: 5.1.1",
      "",
      "Final-Recipient: rfc822; slow@customer.example",
      "Action: delayed",
      "Status: 4.4.1",
      "--b--",
      "",
    ].join("\r\n"));
    const result = await Inbox.receive(raw);
    expect(result.status).toBe("created");
    const list = await t.owner.get("/api/care/suppressions");
    expect(list.body.items.map((i: any) => [i.email, i.reason])).toEqual([[p.email, "bounced"]]);
  });
});
