import { describe, expect, it } from "vitest";
import { newTenant } from "../support/api";

describe("Idempotency-Key", () => {
  it("returns the first result for a retried POST and creates nothing twice", async () => {
    const { owner } = await newTenant();
    const h = { "idempotency-key": "order-sync-42" };
    const first = await owner.call("POST", "/api/contacts", { name: "Once Only" }, h);
    expect(first.status).toBe(201);
    const retry = await owner.call("POST", "/api/contacts", { name: "Once Only" }, h);
    expect(retry.status).toBe(201);
    expect(retry.body.contactId).toBe(first.body.contactId);
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    const list = await owner.get("/api/contacts?q=once");
    expect(list.body.items).toHaveLength(1);
    const mismatch = await owner.call("POST", "/api/contacts", { name: "Different" }, h);
    expect(mismatch.status).toBe(422);
    expect(mismatch.body.error.code).toBe("idempotency.mismatch");
  });

  it("runs concurrent retries once", async () => {
    const { owner } = await newTenant();
    const h = { "idempotency-key": "burst-1" };
    const results = await Promise.all(Array.from({ length: 5 }, () => owner.call("POST", "/api/contacts", { name: "Burst" }, h)));
    const created = results.filter((r) => r.status === 201);
    expect(created.length).toBeGreaterThanOrEqual(1);
    expect(new Set(created.map((r) => r.body.contactId)).size).toBe(1);
    for (const r of results.filter((r) => r.status !== 201)) expect(r.body.error.code).toBe("idempotency.in_progress");
    expect((await owner.get("/api/contacts?q=burst")).body.items).toHaveLength(1);
  });

  it("lets a failed first attempt be retried, and keys are per actor", async () => {
    const a = await newTenant();
    const h = { "idempotency-key": "shared-key" };
    const bad = await a.owner.call("POST", "/api/contacts", { name: "Bad", email: "nope" }, h);
    expect(bad.status).toBe(400);
    const fixed = await a.owner.call("POST", "/api/contacts", { name: "Bad", email: "ok@example.com" }, h);
    expect(fixed.status).toBe(201);
    const b = await newTenant();
    const other = await b.owner.call("POST", "/api/contacts", { name: "Bad", email: "ok@example.com" }, h);
    expect(other.status).toBe(201);
    expect(other.body.contactId).not.toBe(fixed.body.contactId);
  });
});
