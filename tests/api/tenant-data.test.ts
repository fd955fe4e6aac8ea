import { DeleteObjectCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { strFromU8, unzipSync } from "fflate";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { ExportToken } from "../../packages/core/src/connect/tenant-export-token";
import { TenantDeletion } from "../../packages/core/src/connect/tenant-deletion";
import { type BlobStore, MemoryBlobs, setPorts, systemClock, usePorts } from "../../packages/core/src/ports";
import { Inbox } from "../../packages/core/src/service/inbox";
import { documentClient, tableName } from "../../packages/core/src/table";
import { S3Blobs } from "../../packages/functions/src/adapters/s3-blobs";
import { FileBlobs } from "../../packages/local/src/blobs";
import { subscriptions } from "../../packages/functions/src/registry";
import { addMember, app, Client, keyClient, mailer, newTenant, unique } from "../support/api";

type T = Awaited<ReturnType<typeof newTenant>>;
const blobs = new MemoryBlobs();
setPorts({ blobs });

afterEach(() => setPorts({ clock: systemClock, blobs }));

function at(date: Date) {
  setPorts({ clock: { now: () => date } });
}

/** Every item of the table (a full Scan, all pages), as the quality bar asks. */
async function scanAll(): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const res = await documentClient().send(new ScanCommand({ TableName: tableName(), ExclusiveStartKey: start }));
    items.push(...(res.Items ?? []));
    start = res.LastEvaluatedKey;
  } while (start);
  return items;
}
const carrying = (items: Record<string, unknown>[], tenantId: string) => items.filter((i) => JSON.stringify(i).includes(tenantId));

/** A mail with one attachment, as a customer would send it to the workspace's inbound address. */
function inboundMail(slug: string, marker: string) {
  const boundary = `b${unique()}`;
  return Buffer.from(
    [
      `From: 客户 <buyer-${marker}@customer.example>`, `To: ${slug}@inbound.crm.localhost`, `Subject: 发票 ${marker}`,
      `Message-ID: <${unique()}@customer.example>`, "MIME-Version: 1.0", `Content-Type: multipart/mixed; boundary="${boundary}"`, "",
      `--${boundary}`, "Content-Type: text/plain; charset=utf-8", "", `Please see the attached invoice ${marker}.`, "",
      `--${boundary}`, `Content-Type: text/plain; name="invoice-${marker}.txt"`, `Content-Disposition: attachment; filename="invoice-${marker}.txt"`,
      "Content-Transfer-Encoding: base64", "", Buffer.from(`INVOICE BODY ${marker}`).toString("base64"), "", `--${boundary}--`, "",
    ].join("\r\n"),
  );
}

/** Contacts, a company, a deal, a ticket from inbound mail with an attachment, a note: what a workspace holds. */
async function seed(t: T, marker: string) {
  const company = await t.owner.post("/api/companies", { name: `公司 ${marker}` });
  const contact = await t.owner.post("/api/contacts", { name: `张伟 ${marker}`, email: `${unique("c")}@${marker}.example`, companyId: company.body.companyId, title: "=HYPERLINK(1)" });
  expect(contact.status).toBe(201);
  await t.owner.post(`/api/contacts/${contact.body.contactId}/notes`, { body: `Note ${marker}` });
  const pipeline = await t.owner.post("/api/pipelines", { name: `Pipeline ${marker}` });
  const deal = await t.owner.post("/api/deals", { pipelineId: pipeline.body.pipelineId, title: `Deal ${marker}`, amount: 1200, contactId: contact.body.contactId });
  expect(deal.status).toBe(201);
  const received = await Inbox.receive(inboundMail(t.slug, marker));
  expect(received.status).toBe("created");
  return { contactId: contact.body.contactId as string, dealId: deal.body.dealId as string, ticketId: (received as { ticketId: string }).ticketId };
}

async function download(path: string) {
  const res = await app.request(path);
  return { status: res.status, type: res.headers.get("content-type"), bytes: new Uint8Array(await res.arrayBuffer()) };
}

async function exportOf(t: T) {
  const started = await t.owner.post("/api/workspace/exports");
  expect(started.status).toBe(202);
  // Locally the bus runs the builder right after the write; poll as the settings page does.
  let job = started.body;
  for (let i = 0; i < 50 && job.status !== "ready"; i++) {
    await new Promise((r) => setTimeout(r, 100));
    job = (await t.owner.get(`/api/workspace/exports/${started.body.jobId}`)).body;
  }
  expect(job).toMatchObject({ status: "ready" });
  return job;
}

let a: T;
let b: T;
let seededA: Awaited<ReturnType<typeof seed>>;
let seededB: Awaited<ReturnType<typeof seed>>;

beforeAll(async () => {
  a = await newTenant("enterprise");
  b = await newTenant("enterprise");
  seededA = await seed(a, "alpha");
  seededB = await seed(b, "bravo");
}, 120_000);

describe("tenant export", () => {
  it("builds a zip of every record, note, message, attachment and the audit log, and mails the link", async () => {
    const job = await exportOf(a);
    expect(job.total).toBeGreaterThan(10);
    expect(job.done).toBe(job.total);
    expect(job.downloadUrl).toMatch(/^\/api\/exports\/download\//);
    expect(Date.parse(job.linkExpiresAt) - Date.now()).toBeGreaterThan(23 * 3600_000);

    const res = await download(job.downloadUrl);
    expect(res.status).toBe(200);
    expect(res.type).toBe("application/zip");
    const files = unzipSync(res.bytes);
    const text = (name: string) => strFromU8(files[name]);
    const lines = (name: string) => text(name).trim().split("\n").map((l) => JSON.parse(l));

    expect(lines("data/contact.jsonl").map((c) => c.name)).toContain("张伟 alpha");
    expect(lines("data/company.jsonl").map((c) => c.name)).toContain("公司 alpha");
    expect(lines("data/deal.jsonl").map((d) => d.dealId)).toContain(seededA.dealId);
    expect(lines("data/ticket.jsonl").map((d) => d.ticketId)).toContain(seededA.ticketId);
    expect(lines("data/note.jsonl").map((n) => n.body)).toContain("Note alpha");
    expect(lines("data/message.jsonl").some((m) => m.text.includes("attached invoice alpha"))).toBe(true);
    expect(lines("data/audit.jsonl").map((e) => e.action)).toEqual(expect.arrayContaining(["tenant.created", "contact.created", "deal.created", "tenant.export_requested"]));
    // Table keys and ElectroDB markers stay inside; so do secrets.
    expect(text("data/contact.jsonl")).not.toMatch(/"pk"|__edb_e__/);

    const contacts = text("csv/contacts.csv");
    // UTF-8 with a BOM (TextDecoder drops the BOM when decoding, so look at the bytes).
    expect([...files["csv/contacts.csv"].slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(contacts.startsWith("contactId,name,email")).toBe(true);
    expect(contacts).toContain("张伟 alpha");
    expect(contacts).toContain("'=HYPERLINK(1)");
    expect(text("csv/deals.csv")).toContain("Deal alpha");
    expect(text("csv/tickets.csv")).toContain("发票 alpha");
    expect(text("csv/companies.csv")).toContain("公司 alpha");

    const attachment = Object.keys(files).find((f) => f.startsWith(`attachments/${seededA.ticketId}/`));
    expect(attachment).toMatch(/invoice-alpha\.txt$/);
    expect(text(attachment!)).toBe("INVOICE BODY alpha");
    expect(Object.keys(files).some((f) => f.startsWith("mail/") && f.endsWith(".eml"))).toBe(true);
    expect(JSON.parse(text("manifest.json"))).toMatchObject({ tenantId: a.tenantId, records: expect.objectContaining({ contact: 2, deal: 1, note: 1, message: 1 }) });

    // Nothing of the other workspace.
    for (const [name, body] of Object.entries(files)) {
      expect(strFromU8(body), name).not.toContain(b.tenantId);
      expect(strFromU8(body), name).not.toContain("bravo");
    }
    const audit = await a.owner.get("/api/audit?action=tenant.exported");
    expect(audit.body.items.map((e: any) => e.recordId)).toContain(job.jobId);
    const mail = [...mailer.sent].reverse().find((m) => m.to.includes(a.email) && m.tag === "tenant-export");
    expect(mail?.text).toContain(job.downloadUrl);
    expect((await a.owner.get("/api/workspace/exports")).body.items[0]).toMatchObject({ jobId: job.jobId, status: "ready" });
  });

  it("refuses forged and altered links with 404 and expired ones with 410", async () => {
    const job = (await a.owner.get("/api/workspace/exports")).body.items.find((j: any) => j.status === "ready");
    const token = job.downloadUrl.split("/").pop();
    const [tenantId, jobId, exp, sig] = token.split(".");
    expect((await download(`/api/exports/download/${tenantId}.${jobId}.${exp}.${sig.slice(0, -2)}xx`)).status).toBe(404);
    expect((await download(`/api/exports/download/${b.tenantId}.${jobId}.${exp}.${sig}`)).status).toBe(404);
    expect((await download(`/api/exports/download/${tenantId}.${jobId}.${(Number.parseInt(exp, 36) + 86400_000).toString(36)}.${sig}`)).status).toBe(404);
    expect((await download("/api/exports/download/not-a-token")).status).toBe(404);
    at(new Date(Date.now() + 25 * 3600_000));
    const expired = await download(job.downloadUrl);
    expect(expired.status).toBe(410);
    expect(JSON.parse(strFromU8(expired.bytes)).error.code).toBe("export.link_expired");
  });

  it("is for the owner and admins only, and each workspace sees only its own exports", async () => {
    const member = await addMember(a, "member");
    expect((await member.client.post("/api/workspace/exports")).status).toBe(403);
    const admin = await addMember(b, "admin");
    expect((await admin.client.get("/api/workspace/exports")).body.items.every((j: any) => !JSON.stringify(j).includes(a.tenantId))).toBe(true);
    const mine = (await a.owner.get("/api/workspace/exports")).body.items[0];
    expect((await b.owner.get(`/api/workspace/exports/${mine.jobId}`)).status).toBe(404);
  });
});

describe("download tokens", () => {
  it("verify only what was signed, until it expires (generated cases)", () => {
    let seed = 42;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const id = () => Array.from({ length: 21 }, () => "0123456789abcdefghjkmnpqrstvwxyz"[Math.floor(rand() * 32)]).join("");
    for (let i = 0; i < 300; i++) {
      const now = 1_700_000_000_000 + Math.floor(rand() * 1e10);
      const claims = { tenantId: id(), jobId: id(), expires: now + Math.floor(rand() * 2 * 86400_000) - 86400_000 };
      const token = ExportToken.sign(claims, "secret-1");
      const result = ExportToken.verify(token, "secret-1", now);
      if (claims.expires > now) expect(result).toEqual({ ok: true, claims });
      else expect(result).toEqual({ ok: false, reason: "expired" });
      expect(ExportToken.verify(token, "secret-2", now)).toEqual({ ok: false, reason: "forged" });
      const pos = Math.floor(rand() * token.length);
      const flipped = token.slice(0, pos) + (token[pos] === "a" ? "b" : "a") + token.slice(pos + 1);
      if (flipped !== token) expect(ExportToken.verify(flipped, "secret-1", now).ok).toBe(false);
    }
  });
});

describe("tenant deletion", () => {
  it("closes the workspace during the grace period, lets the owner cancel, then removes every item and blob of it and nothing else", async () => {
    const c = await newTenant("enterprise");
    await seed(c, "charlie");
    const member = await addMember(c, "member");
    const key = await c.owner.post("/api/api-keys", { name: "sync", scopes: ["contacts:read"] });
    const api = keyClient(key.body.secret);
    expect((await api.get("/api/contacts")).status).toBe(200);
    const exported = await exportOf(c);

    // Confirmation: the owner only, with the workspace's address and the password.
    expect((await member.client.post("/api/workspace/deletion", { slug: c.slug, password: "another good password" })).status).toBe(403);
    const wrongSlug = await c.owner.post("/api/workspace/deletion", { slug: "something-else", password: "correct horse battery" });
    expect(wrongSlug.status).toBe(400);
    expect(wrongSlug.body.error.fields).toHaveProperty("slug");
    const wrongPassword = await c.owner.post("/api/workspace/deletion", { slug: c.slug, password: "wrong password" });
    expect(wrongPassword.status).toBe(400);
    expect(wrongPassword.body.error.fields).toHaveProperty("password");

    const requested = await c.owner.post("/api/workspace/deletion", { slug: c.slug, password: "correct horse battery" });
    expect(requested.status).toBe(202);
    expect(requested.body.status).toBe("pending");
    expect(Date.parse(requested.body.dueAt) - Date.now()).toBeGreaterThan(6.9 * 86400_000);
    expect([...mailer.sent].reverse().find((m) => m.to.includes(c.email))?.tag).toBe("tenant-deletion-requested");

    // Pending: keys, members and new sign-ins answer 403; the owner can still see the state and cancel.
    for (const res of [await api.get("/api/contacts"), await member.client.get("/api/contacts"), await c.owner.get("/api/contacts")]) {
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe("tenant.pending_deletion");
    }
    const signIn = await new Client().post("/api/auth/login", { email: member.email, password: "another good password" });
    expect(signIn.status).toBe(403);
    expect(signIn.body.error.code).toBe("tenant.pending_deletion");
    expect((await c.owner.get("/api/workspace/deletion")).body.status).toBe("pending");
    expect((await member.client.del("/api/workspace/deletion")).status).toBe(403);

    const cancelled = await c.owner.del("/api/workspace/deletion");
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe("active");
    expect((await api.get("/api/contacts")).status).toBe(200);
    expect((await member.client.get("/api/contacts")).status).toBe(200);
    // The cancelled deletion's due entry is gone: a sweep long after does nothing.
    await TenantDeletion.sweep(new Date(Date.now() + 30 * 86400_000));
    expect((await c.owner.get("/api/contacts")).status).toBe(200);

    const again = await c.owner.post("/api/workspace/deletion", { slug: c.slug, password: "correct horse battery" });
    expect(again.status).toBe(202);
    const dueAt = new Date(again.body.dueAt);

    const before = await scanAll();
    const others = [a, b].map((t) => ({ t, items: carrying(before, t.tenantId).length, blobs: [...blobs.items.keys()].filter((k) => k.startsWith(`tenants/${t.tenantId}/`)).sort() }));
    expect(carrying(before, c.tenantId).length).toBeGreaterThan(20);
    const cBlobs = [...blobs.items.keys()].filter((k) => k.startsWith(`tenants/${c.tenantId}/`));
    expect(cBlobs.some((k) => k.endsWith(".eml"))).toBe(true);
    expect(cBlobs.some((k) => k.includes("/exports/"))).toBe(true);

    // The sweep is the registry's schedule; before the grace period ends it leaves the workspace alone.
    const sweep = subscriptions.find((s) => s.name === "tenant-deletion")!;
    expect("schedule" in sweep.on).toBe(true);
    const run = sweep.handler as (now: Date) => Promise<void>;
    await run(new Date(dueAt.getTime() - 60_000));
    expect(carrying(await scanAll(), c.tenantId).length).toBe(carrying(before, c.tenantId).length);

    // Interrupted half-way (the blob store fails once): the next sweep finishes the job.
    let failures = 1;
    const flaky: BlobStore = { ...blobs, put: (k, v) => blobs.put(k, v), get: (k) => blobs.get(k), list: (p) => blobs.list(p), delete: async (k) => { if (failures-- > 0) throw new Error("network down"); await blobs.delete(k); } };
    setPorts({ blobs: flaky });
    await expect(run(new Date(dueAt.getTime() + 60_000))).rejects.toThrow("network down");
    setPorts({ blobs });
    await run(new Date(dueAt.getTime() + 60_000));

    const after = await scanAll();
    expect(carrying(after, c.tenantId)).toEqual([]);
    expect([...blobs.items.keys()].filter((k) => k.startsWith(`tenants/${c.tenantId}/`))).toEqual([]);
    for (const o of others) {
      expect(carrying(after, o.t.tenantId).length).toBeGreaterThanOrEqual(o.items);
      expect([...blobs.items.keys()].filter((k) => k.startsWith(`tenants/${o.t.tenantId}/`)).sort()).toEqual(o.blobs);
    }
    const finals = mailer.sent.filter((m) => m.to.includes(c.email) && m.tag === "tenant-deleted");
    expect(finals).toHaveLength(1);
    expect((await download(exported.downloadUrl)).status).toBe(404);
    // The owner's identity stays (it may belong to other workspaces); the workspace is gone from it.
    const me = await c.owner.get("/api/me");
    expect(JSON.stringify(me.body)).not.toContain(c.tenantId);
    // Another run finds nothing to do and mails no one.
    await run(new Date(dueAt.getTime() + 120_000));
    expect(mailer.sent.filter((m) => m.to.includes(c.email) && m.tag === "tenant-deleted")).toHaveLength(1);

    // The other workspaces work as before.
    const list = await b.owner.get("/api/contacts");
    expect(list.body.items.map((x: any) => x.contactId)).toContain(seededB.contactId);
    expect((await b.owner.post("/api/contacts", { name: "Still here" })).status).toBe(201);
    expect((await a.owner.get(`/api/tickets/${seededA.ticketId}`)).status).toBe(200);
  }, 120_000);
});

describe("blob listing of the local runtime", () => {
  it("lists exactly the keys under a tenant's prefix, at any depth", async () => {
    const files = new FileBlobs(mkdtempSync(join(tmpdir(), "blobs-")));
    for (const k of ["tenants/a1/mail/1.eml", "tenants/a1/tickets/t/m/0", "tenants/a12/mail/2.eml", "other/x"]) await files.put(k, Buffer.from(k));
    expect((await files.list("tenants/a1/")).sort()).toEqual(["tenants/a1/mail/1.eml", "tenants/a1/tickets/t/m/0"]);
    expect(await files.list("tenants/none/")).toEqual([]);
    for (const k of await files.list("tenants/a1/")) await files.delete(k);
    expect(await files.list("tenants/")).toEqual(["tenants/a12/mail/2.eml"]);
  });
});

describe("on AWS (S3 mocked)", () => {
  it("deletes every object under the tenant's prefix, page by page, and downloads through a presigned URL", async () => {
    const s3 = mockClient(S3Client);
    const keys = Array.from({ length: 3 }, (_, i) => `tenants/zz/mail/${i}.eml`);
    s3.on(ListObjectsV2Command, { Prefix: "tenants/zz/" })
      .resolvesOnce({ Contents: [{ Key: keys[0] }, { Key: keys[1] }], IsTruncated: true, NextContinuationToken: "next" })
      .resolves({ Contents: [{ Key: keys[2] }], IsTruncated: false });
    s3.on(DeleteObjectCommand).resolves({});
    s3.on(PutObjectCommand).resolves({});
    s3.on(GetObjectCommand).resolves({});
    const store = new S3Blobs("crm-blobs", new S3Client({ region: "us-east-1", credentials: { accessKeyId: "x", secretAccessKey: "y" } }));
    expect(await store.list("tenants/zz/")).toEqual(keys);
    expect(s3.commandCalls(ListObjectsV2Command)[1].args[0].input).toMatchObject({ Bucket: "crm-blobs", ContinuationToken: "next" });

    // A whole deletion through the S3 adapter.
    const d = await newTenant("team");
    const prefix = `tenants/${d.tenantId}/`;
    s3.on(ListObjectsV2Command, { Prefix: prefix }).resolves({ Contents: [{ Key: `${prefix}mail/a.eml` }, { Key: `${prefix}exports/x.zip` }], IsTruncated: false });
    setPorts({ blobs: store });
    const requested = await d.owner.post("/api/workspace/deletion", { slug: d.slug, password: "correct horse battery" });
    expect(requested.status).toBe(202);
    await TenantDeletion.sweep(new Date(Date.parse(requested.body.dueAt) + 1000));
    const deleted = s3.commandCalls(DeleteObjectCommand).map((c) => c.args[0].input.Key);
    expect(deleted).toEqual(expect.arrayContaining([`${prefix}mail/a.eml`, `${prefix}exports/x.zip`]));
    expect(carrying(await scanAll(), d.tenantId)).toEqual([]);

    const url = await store.signedUrl("tenants/zz/exports/job.zip", 300, "export-job.zip");
    expect(url).toMatch(/^https:\/\/crm-blobs\.s3\.us-east-1\.amazonaws\.com\/tenants\/zz\/exports\/job\.zip\?/);
    expect(url).toContain("X-Amz-Expires=300");
    s3.restore();
  }, 60_000);
});

// Keep the memory store referenced by the module's ports for the whole file.
expect(usePorts().blobs).toBe(blobs);
