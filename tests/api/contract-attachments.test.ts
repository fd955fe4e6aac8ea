import { strFromU8, unzipSync } from "fflate";
import { beforeAll, describe, expect, it } from "vitest";
import { MemoryBlobs, setPorts } from "../../packages/core/src/ports";
import { addMember, app, newTenant, unique } from "../support/api";

const blobs = new MemoryBlobs();
setPorts({ blobs });

let t: Awaited<ReturnType<typeof newTenant>>;
let contractId: string;

/** Uploads raw bytes as the browser does (XHR with the bytes as the body). */
async function upload(cookie: string, id: string, fileName: string | undefined, body: Uint8Array | string) {
  const headers: Record<string, string> = { cookie, "content-type": "application/octet-stream" };
  if (fileName !== undefined) headers["x-file-name"] = encodeURIComponent(fileName);
  const res = await app.request(`/api/contracts/${id}/attachments`, { method: "POST", headers, body: body as BodyInit }, { incoming: { socket: { remoteAddress: "203.0.113.9" } } });
  return { status: res.status, body: await res.json().catch(() => null) };
}

beforeAll(async () => {
  t = await newTenant("business");
  const companyId = (await t.owner.post("/api/companies", { name: `Attach Co ${unique()}` })).body.companyId;
  contractId = (await t.owner.post("/api/contracts", { title: "With files", companyId, amount: 1000 })).body.contractId;
});

describe("contract attachments (合同附件)", () => {
  it("uploads, lists, downloads, audits and shows files on the contract's timeline", async () => {
    const pdf = Buffer.from("%PDF-1.7\n合同正文\n%%EOF");
    const up = await upload(t.owner.cookie, contractId, "合同 signed.pdf", pdf);
    expect(up.status).toBe(201);
    expect(up.body).toMatchObject({ contractId, fileName: "合同 signed.pdf", contentType: "application/pdf", size: pdf.length });
    const img = await upload(t.owner.cookie, contractId, "scan.JPG", new Uint8Array([0xff, 0xd8, 0xff, 1, 2, 3]));
    expect(img.body.contentType).toBe("image/jpeg");

    const listed = await t.owner.get(`/api/contracts/${contractId}/attachments`);
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((a: { fileName: string }) => a.fileName).sort()).toEqual(["scan.JPG", "合同 signed.pdf"]);

    const res = await app.request(`/api/contracts/${contractId}/attachments/${up.body.attachmentId}`, { headers: { cookie: t.owner.cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/pdf");
    expect(res.headers.get("content-disposition")).toContain(encodeURIComponent("合同 signed.pdf"));
    expect(Buffer.from(await res.arrayBuffer()).equals(pdf)).toBe(true);
    // The bytes live under the tenant's prefix, which export and deletion enumerate.
    expect([...blobs.items.keys()].filter((k) => k.startsWith(`tenants/${t.tenantId}/contracts/${contractId}/`))).toHaveLength(2);

    const timeline = await t.owner.get(`/api/contracts/${contractId}/timeline`);
    expect(timeline.body.items.filter((e: { type: string }) => e.type === "contract.attachment_added").map((e: { summary: string }) => e.summary).sort()).toEqual(["scan.JPG", "合同 signed.pdf"]);
    const audit = await t.owner.get("/api/audit?action=contract.attachment_added");
    expect(audit.body.items.length).toBe(2);
  });

  it("refuses other kinds of files, empty and oversized ones, and bad names, storing nothing", async () => {
    const before = blobs.items.size;
    const exe = await upload(t.owner.cookie, contractId, "run.exe", "MZ");
    expect(exe.status).toBe(400);
    expect(exe.body.error.code).toBe("attachment.type_not_allowed");
    expect(exe.body.error.fields).toHaveProperty("fileName");
    expect((await upload(t.owner.cookie, contractId, undefined, "x")).status).toBe(400);
    expect((await upload(t.owner.cookie, contractId, "../../etc/passwd.pdf", "x")).status).toBe(400);
    const empty = await upload(t.owner.cookie, contractId, "empty.pdf", "");
    expect(empty.status).toBe(400);
    const big = await upload(t.owner.cookie, contractId, "big.pdf", new Uint8Array(20 * 1024 * 1024 + 1));
    expect(big.status).toBe(413);
    expect(big.body.error.code).toBe("attachment.too_large");
    expect(blobs.items.size).toBe(before);
    expect((await upload(t.owner.cookie, "0000000000000nonexistent", "a.pdf", "x")).status).toBe(404);
  });

  it("lets admins, the contract's owner or the uploader delete; others get 403", async () => {
    const member = await addMember(t, "member");
    const viewer = await addMember(t, "viewer");
    const companyId = (await member.client.post("/api/companies", { name: `Member Co ${unique()}` })).body.companyId;
    const mine = (await member.client.post("/api/contracts", { title: "Member's", companyId, amount: 10 })).body.contractId;
    const byOwner = await upload(t.owner.cookie, mine, "owner.pdf", "%PDF");
    const byMember = await upload(member.client.cookie, mine, "member.pdf", "%PDF");
    expect(byMember.status).toBe(201);
    expect((await viewer.client.del(`/api/contracts/${mine}/attachments/${byMember.body.attachmentId}`)).status).toBe(403);
    // The member owns the contract, so may remove the file the workspace owner put there.
    expect((await member.client.del(`/api/contracts/${mine}/attachments/${byOwner.body.attachmentId}`)).status).toBe(204);
    expect((await t.owner.del(`/api/contracts/${mine}/attachments/${byMember.body.attachmentId}`)).status).toBe(204);
    expect((await t.owner.get(`/api/contracts/${mine}/attachments`)).body.items).toEqual([]);
    expect([...blobs.items.keys()].filter((k) => k.includes(`/contracts/${mine}/`))).toEqual([]);
    expect((await t.owner.del(`/api/contracts/${mine}/attachments/${byMember.body.attachmentId}`)).status).toBe(404);
    const timeline = await t.owner.get(`/api/contracts/${mine}/timeline`);
    expect(timeline.body.items.filter((e: { type: string }) => e.type === "contract.attachment_removed")).toHaveLength(2);
  });

  it("puts the files into the tenant export", async () => {
    const e = await newTenant("business");
    const companyId = (await e.owner.post("/api/companies", { name: `Export Co ${unique()}` })).body.companyId;
    const id = (await e.owner.post("/api/contracts", { title: "Exported", companyId, amount: 10 })).body.contractId;
    const up = await upload(e.owner.cookie, id, "报价.xlsx", "PK-bytes-of-a-sheet");
    expect(up.status).toBe(201);
    const started = await e.owner.post("/api/workspace/exports");
    let job = started.body;
    for (let i = 0; i < 50 && job.status !== "ready"; i++) {
      await new Promise((r) => setTimeout(r, 100));
      job = (await e.owner.get(`/api/workspace/exports/${started.body.jobId}`)).body;
    }
    expect(job.status).toBe("ready");
    const zip = unzipSync(new Uint8Array(await (await app.request(job.downloadUrl)).arrayBuffer()));
    const name = Object.keys(zip).find((f) => f.startsWith(`contracts/${id}/`));
    expect(name).toBeDefined();
    expect(strFromU8(zip[name!])).toBe("PK-bytes-of-a-sheet");
  });
});
