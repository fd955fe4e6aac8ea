import { expect } from "vitest";
import { app, type Client } from "../support/api";

/** Creates an import, PUTs the bytes as a browser does, and returns the analysis. */
export async function upload(owner: Client, object: "contact" | "company", fileName: string, bytes: Buffer) {
  const created = await owner.post("/api/imports", { object, fileName, size: bytes.length });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  expect(created.body.upload.url).toBe(`/api/imports/${created.body.job.importId}/file`);
  const put = await app.request(created.body.upload.url, { method: "PUT", body: new Uint8Array(bytes), headers: { cookie: owner.cookie, "content-type": "application/octet-stream" } });
  expect(put.status, await put.clone().text()).toBe(200);
  const analysis = await owner.post(`/api/imports/${created.body.job.importId}/analyze`);
  expect(analysis.status, JSON.stringify(analysis.body)).toBe(200);
  return analysis.body as { job: any; suggestion: Array<string | null>; preview: any[]; fields: any[] };
}

export async function waitDone(owner: Client, importId: string, timeoutMs = 280_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const res = await owner.get(`/api/imports/${importId}`);
    expect(res.status).toBe(200);
    if (["done", "cancelled", "failed"].includes(res.body.status)) return res.body;
    if (Date.now() > until) throw new Error(`import still ${res.body.status}: ${JSON.stringify(res.body)}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

