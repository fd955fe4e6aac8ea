import { describe, expect, it } from "vitest";
import { withActor } from "../../packages/core/src/actor";
import { BroadcastSendEntity } from "../../packages/core/src/db/broadcast";
import { setPorts } from "../../packages/core/src/ports";
import { BroadcastSweep } from "../../packages/core/src/segments/broadcast-sweep";
import { CareSweep } from "../../packages/core/src/retention/care-sweep";
import { addMember, type Client, mailer, newTenant, unique } from "../support/api";

let clock = new Date("2026-12-01T12:00:00Z");
setPorts({ clock: { now: () => clock } });

const TEMPLATES = {
  "zh-CN": { subject: "{{contact.name}}，新品上市", body: "亲爱的{{contact.name}}：\n{{tenant.name}} 有新品。" },
  en: { subject: "News for {{contact.name}}", body: "Dear {{contact.name}},\n{{owner.name}} at {{tenant.name}} has news." },
};

async function contact(c: Client, body: Record<string, unknown>) {
  const res = await c.post("/api/contacts", { name: unique("Person "), email: `${unique("bc")}@customer.example`, ...body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

async function setup(n = 4) {
  clock = new Date("2026-12-01T12:00:00Z");
  const t = await newTenant("business");
  const tag = unique("promo");
  const people = [];
  for (let i = 0; i < n; i++) people.push(await contact(t.owner, { tags: [tag], language: i % 2 ? "en" : "zh-CN" }));
  await contact(t.owner, { tags: ["other"] });
  const segment = (await t.owner.post("/api/segments", { name: "Promo", objectType: "contact", filter: { match: "all", conditions: [{ field: "tags", op: "has_any", value: [tag] }] } })).body;
  const created = await t.owner.post("/api/broadcasts", { name: "Launch", segmentId: segment.segmentId, templates: TEMPLATES });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return { t, people, segment, broadcast: created.body };
}

const mailsTo = (email: string) => mailer.sent.filter((m) => m.to.includes(email) && m.tag === "broadcast");

describe("broadcasts", () => {
  it("previews for a member, test-sends to me, and refuses unknown placeholders", async () => {
    const { t, people, broadcast } = await setup(2);
    const en = people.find((p) => p.language === "en");
    const preview = await t.owner.post(`/api/broadcasts/${broadcast.broadcastId}/preview`, { contactId: en.contactId });
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ language: "en", to: en.email, subject: `News for ${en.name}` });
    expect(preview.body.text).toContain("/unsubscribe?token=");
    const sample = await t.owner.post(`/api/broadcasts/${broadcast.broadcastId}/preview`, {});
    expect(people.map((p) => p.contactId)).toContain(sample.body.contactId);

    const test = await t.owner.post(`/api/broadcasts/${broadcast.broadcastId}/test`, {});
    expect(test.status).toBe(200);
    expect(test.body.to).toBe(t.email);
    expect(mailer.sent.some((m) => m.to.includes(t.email) && m.tag === "broadcast.test" && m.subject.startsWith("[TEST]"))).toBe(true);

    const bad = await t.owner.patch(`/api/broadcasts/${broadcast.broadcastId}`, { templates: { en: { subject: "Hi {{contact.nickname}}", body: "x" } }, version: 1 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields["templates.en.subject"]).toContain("contact.nickname");
    expect((await t.owner.patch(`/api/broadcasts/${broadcast.broadcastId}`, { name: "Launch 2", version: 1 })).body.version).toBe(2);
    expect((await t.owner.patch(`/api/broadcasts/${broadcast.broadcastId}`, { name: "Launch 3", version: 1 })).status).toBe(409);
  });

  it("sends a scheduled broadcast through the sweep once, in each contact's language, honouring suppression, with a log", async () => {
    const { t, people, broadcast } = await setup(5);
    const suppressed = people[0];
    expect((await t.owner.post("/api/care/suppressions", { email: suppressed.email })).status).toBe(201);

    const at = "2026-12-02T09:00:00.000Z";
    const scheduled = await t.owner.post(`/api/broadcasts/${broadcast.broadcastId}/schedule`, { at, version: 1 });
    expect(scheduled.body).toMatchObject({ status: "scheduled", scheduledAt: at });
    expect((await t.owner.patch(`/api/broadcasts/${broadcast.broadcastId}`, { name: "Late", version: 2 })).status).toBe(409);

    clock = new Date("2026-12-02T08:59:00Z");
    await BroadcastSweep.sweep(clock);
    expect(people.every((p) => mailsTo(p.email).length === 0)).toBe(true);

    clock = new Date("2026-12-02T09:00:30Z");
    // Two sweeps at once, then a third: each member gets one mail.
    await Promise.all([BroadcastSweep.sweep(clock), BroadcastSweep.sweep(clock)]);
    await BroadcastSweep.sweep(clock);
    for (const p of people.slice(1)) {
      const mails = mailsTo(p.email);
      expect(mails.length, p.email).toBe(1);
      expect(mails[0].subject).toBe(p.language === "en" ? `News for ${p.name}` : `${p.name}，新品上市`);
      expect(mails[0].text).toContain("/unsubscribe?token=");
      expect(mails[0].headers?.["List-Unsubscribe"]).toMatch(/^<.*unsubscribe\?token=/);
    }
    expect(mailsTo(suppressed.email)).toHaveLength(0);

    const done = await t.owner.get(`/api/broadcasts/${broadcast.broadcastId}`);
    expect(done.body).toMatchObject({ status: "sent", sent: 4, suppressed: 1, failed: 0 });
    const log = await t.owner.get(`/api/broadcasts/${broadcast.broadcastId}/log`);
    expect(log.body.items).toHaveLength(5);
    expect(log.body.items.find((l: { contactId: string }) => l.contactId === suppressed.contactId).status).toBe("suppressed");
    expect(log.body.items.filter((l: { status: string }) => l.status === "sent")).toHaveLength(4);
  });

  it("resumes after a restart without sending twice: a recipient already claimed is skipped", async () => {
    const { t, people, broadcast } = await setup(3);
    // A sweep that died after claiming the first recipient (and perhaps mailing them).
    await withActor({ type: "system", tenantId: t.tenantId, reason: "test" }, () =>
      BroadcastSendEntity.create({ tenantId: t.tenantId, broadcastId: broadcast.broadcastId, contactId: people[0].contactId, email: people[0].email, status: "sending", at: clock.toISOString() }).go());
    await t.owner.post(`/api/broadcasts/${broadcast.broadcastId}/schedule`, { version: 1 });
    await BroadcastSweep.sweep(clock);
    expect(mailsTo(people[0].email)).toHaveLength(0);
    expect(mailsTo(people[1].email)).toHaveLength(1);
    expect(mailsTo(people[2].email)).toHaveLength(1);
    expect((await t.owner.get(`/api/broadcasts/${broadcast.broadcastId}`)).body).toMatchObject({ status: "sent", sent: 2 });
  });

  it("cancels a scheduled broadcast back to draft so the sweep sends nothing", async () => {
    const { t, people, broadcast } = await setup(2);
    const s = await t.owner.post(`/api/broadcasts/${broadcast.broadcastId}/schedule`, { at: "2026-12-03T00:00:00Z", version: 1 });
    const c = await t.owner.post(`/api/broadcasts/${broadcast.broadcastId}/cancel`, { version: s.body.version });
    expect(c.body).toMatchObject({ status: "draft", scheduledAt: null });
    clock = new Date("2026-12-04T00:00:00Z");
    await BroadcastSweep.sweep(clock);
    expect(people.every((p) => mailsTo(p.email).length === 0)).toBe(true);
    expect((await t.owner.post(`/api/broadcasts/${broadcast.broadcastId}/cancel`, { version: c.body.version })).status).toBe(409);
  });

  it("hides a broadcast on a colleague's private segment, and another tenant's, as 404; needs a contact segment", async () => {
    const { t, broadcast } = await setup(1);
    const member = await addMember(t, "member");
    expect((await member.client.get(`/api/broadcasts/${broadcast.broadcastId}`)).status).toBe(404);
    expect((await member.client.post(`/api/broadcasts/${broadcast.broadcastId}/preview`, {})).status).toBe(404);
    const other = await newTenant("business");
    expect((await other.owner.get(`/api/broadcasts/${broadcast.broadcastId}/log`)).status).toBe(404);
    const companies = (await t.owner.post("/api/segments", { name: "Co", objectType: "company", filter: { conditions: [] } })).body;
    const bad = await t.owner.post("/api/broadcasts", { name: "X", segmentId: companies.segmentId, templates: TEMPLATES });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.segmentId).toBeTruthy();
  });

  it("limits a care campaign to a segment: contacts outside it get nothing", async () => {
    clock = new Date("2026-12-01T12:00:00Z");
    const t = await newTenant("business");
    const vip = unique("vip");
    const segment = (await t.owner.post("/api/segments", { name: "VIP", objectType: "contact", filter: { conditions: [{ field: "tags", op: "has_any", value: [vip] }] } })).body;
    const company = (await t.owner.post("/api/segments", { name: "Co", objectType: "company", filter: { conditions: [] } })).body;
    const base = { name: "Birthdays", trigger: { kind: "birthday" }, templates: TEMPLATES, sendHour: 9 };
    expect((await t.owner.post("/api/care/campaigns", { ...base, segmentId: company.segmentId })).status).toBe(400);
    expect((await t.owner.post("/api/care/campaigns", { ...base, segmentId: "0000000000000nonexistent" })).status).toBe(400);
    const campaign = await t.owner.post("/api/care/campaigns", { ...base, segmentId: segment.segmentId });
    expect(campaign.status, JSON.stringify(campaign.body)).toBe(201);
    expect(campaign.body.segmentId).toBe(segment.segmentId);
    const inside = await contact(t.owner, { birthday: "12-03", tags: [vip] });
    const outside = await contact(t.owner, { birthday: "12-03" });
    clock = new Date("2026-12-03T01:00:00Z"); // 09:00 in Shanghai
    await CareSweep.sweep(clock);
    expect(mailer.sent.filter((m) => m.to.includes(inside.email) && m.tag === "care")).toHaveLength(1);
    expect(mailer.sent.filter((m) => m.to.includes(outside.email) && m.tag === "care")).toHaveLength(0);
  });
});
