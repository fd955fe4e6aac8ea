import { beforeAll, describe, expect, it } from "vitest";
import { routes } from "../../packages/functions/src/api/routes";
import { newTenant } from "../support/api";

/** Every route that takes a body or a query answers bad input with 400 and `{ error: { code, message, fields } }`. */
let t: Awaited<ReturnType<typeof newTenant>>;
const ids: Record<string, string> = {};

beforeAll(async () => {
  t = await newTenant("enterprise");
  const company = await t.owner.post("/api/companies", { name: "Bad Input Co" });
  const contact = await t.owner.post("/api/contacts", { name: "Bad Input Person" });
  const team = await t.owner.post("/api/teams", { name: "Bad Input Team" });
  const ticket = await t.owner.post("/api/tickets", { subject: "Bad Input Ticket", requesterEmail: "bad@input.example", text: "x" });
  Object.assign(ids, { ticketId: ticket.body.ticketId });
  const pipeline = await t.owner.post("/api/pipelines", { name: "Bad Input Pipeline" });
  const deal = await t.owner.post("/api/deals", { pipelineId: pipeline.body.pipelineId, title: "Bad Input Deal" });
  Object.assign(ids, { pipelineId: pipeline.body.pipelineId, stageId: deal.body.stageId, dealId: deal.body.dealId });
  const note = await t.owner.post(`/api/contacts/${contact.body.contactId}/notes`, { body: "Bad input note" });
  Object.assign(ids, { noteId: note.body.noteId });
  Object.assign(ids, { contactId: contact.body.contactId, companyId: company.body.companyId, teamId: team.body.teamId, userId: t.userId, slug: t.slug, invitationId: "x" });
});

const fill = (path: string) => path.replace(/:(\w+)/g, (_, n) => ids[n] ?? n);
const headers = { "x-platform-secret": "test-platform-secret" };
const withBody = routes.filter((r) => r.body).map((r) => [`${r.method.toUpperCase()} ${r.path}`, r] as const);

function expectError(res: { status: number; body: any }, code?: string) {
  expect(res.status).toBe(400);
  expect(typeof res.body.error.code).toBe("string");
  expect(typeof res.body.error.message).toBe("string");
  if (code) expect(res.body.error.code).toBe(code);
  expect(res.body.error.fields).toBeTypeOf("object");
}

describe("bad input", () => {
  it.each(withBody)("%s: malformed JSON, wrong types, unknown fields and oversize strings answer 400", async (_n, r) => {
    const path = fill(r.path);
    const m = r.method.toUpperCase();
    expectError(await t.owner.call(m, path, "{not json", headers), "request.malformed_json");
    expectError(await t.owner.call(m, path, "[]", headers));
    expectError(await t.owner.call(m, path, "42", headers));
    expectError(await t.owner.call(m, path, { definitelyUnknownField: true }, headers));
    const long = "x".repeat(5000);
    const oversize = await t.owner.call(m, path, { name: long, email: long, token: long, companyName: long, plan: long, subject: long, text: "x".repeat(200_001), version: 1 }, headers);
    expectError(oversize);
  });

  it.each(routes.filter((r) => r.query).map((r) => [r.path, r] as const))("GET %s: unknown or wrong query parameters answer 400", async (_n, r) => {
    const path = fill(r.path);
    expectError(await t.owner.get(`${path}?limit=abc`));
    expectError(await t.owner.get(`${path}?limit=100000`));
    expectError(await t.owner.get(`${path}?nonsense=1`));
  });

  it("invalid phone and email name the field", async () => {
    const phone = await t.owner.post("/api/contacts", { name: "X", phone: "12" });
    expectError(phone);
    expect(phone.body.error.fields).toHaveProperty("phone");
    const email = await t.owner.post("/api/contacts", { name: "X", email: "not-an-email" });
    expectError(email);
    expect(email.body.error.fields).toHaveProperty("email");
    const custom = await t.owner.post("/api/contacts", { name: "X", custom: { nope: 1 } });
    expectError(custom);
    expect(custom.body.error.fields).toHaveProperty("custom.nope");
    const list = await t.owner.get("/api/contacts?q=x");
    expect(list.body.items).toEqual([]);
  });
});
