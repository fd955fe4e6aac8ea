import { afterEach, describe, expect, it } from "vitest";
import { setPorts, systemClock } from "../../packages/core/src/ports";
import { addMember, app, at, type Client, newTenant, ok, withTeams } from "../support/api";

afterEach(() => setPorts({ clock: systemClock }));

/** Raw bytes to the API, as the phone's upload does locally. */
async function putBytes(c: Client, path: string, bytes: Uint8Array, type: string) {
  const res = await app.request(path, { method: "PUT", headers: { cookie: c.cookie, "content-type": type }, body: bytes as unknown as BodyInit });
  return { status: res.status, body: await res.json().catch(() => null) };
}

const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);

/** A team-plan workspace (Asia/Shanghai) with teams East and West: a manager and a rep in East, a rep in West, and a shared company. */
async function setup() {
  const w = await withTeams("team");
  const company = await ok(w.owner.post("/api/companies", { name: "华东机械", shared: true }), 201);
  return { ...w, company };
}

describe("field visits (外勤签到)", () => {
  it("checks in with and without a location, checks out once, and shows one timeline entry", async () => {
    const { rep, owner, company } = await setup();
    at("2026-03-10T01:00:00Z");
    const located = await ok(rep.client.post("/api/visits", {
      recordType: "company", recordId: company.companyId, location: { lat: 31.2304, lng: 121.4737, accuracy: 25 }, note: "带了样品",
    }), 201);
    expect(located).toMatchObject({ kind: "visit", located: true, userId: rep.userId, at: "2026-03-10T01:00:00.000Z", recordTitle: "华东机械", location: { lat: 31.2304, lng: 121.4737, accuracy: 25 } });
    const blind = await ok(rep.client.post("/api/visits", { recordType: "company", recordId: company.companyId }), 201);
    expect(blind.located).toBe(false);
    expect(blind.location).toBeUndefined();

    at("2026-03-10T02:30:00Z");
    expect((await rep.client.post(`/api/visits/${located.activityId}/checkout`, { version: 7 })).status).toBe(409);
    const out = await ok(rep.client.post(`/api/visits/${located.activityId}/checkout`, { version: 1, outcome: "签约意向强" }));
    expect(out).toMatchObject({ checkOutAt: "2026-03-10T02:30:00.000Z", durationMinutes: 90, outcome: "签约意向强", version: 2 });
    const again = await rep.client.post(`/api/visits/${located.activityId}/checkout`, { version: 2 });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe("visit.checked_out");
    // Only the rep (or an admin) checks out.
    expect((await owner.post(`/api/visits/${blind.activityId}/checkout`, { version: 1 })).status).toBe(200);

    const timeline = (await ok(owner.get(`/api/companies/${company.companyId}/timeline`))).items;
    const entries = timeline.filter((e: any) => e.data?.activityId === located.activityId);
    expect(entries).toHaveLength(1);
    expect(entries[0].type).toBe("activity.logged");
    expect(await ok(owner.get(`/api/visits/${located.activityId}`))).toMatchObject({ durationMinutes: 90, located: true });
  });

  it("refuses bad coordinates, records it cannot see and other kinds of activity", async () => {
    const { rep, owner, company } = await setup();
    for (const location of [{ lat: 91, lng: 0 }, { lat: 0, lng: -180.5 }, { lat: "31", lng: 121 }, { lat: 31 }, { lat: 31, lng: 121, accuracy: -1 }]) {
      const res = await rep.client.post("/api/visits", { recordType: "company", recordId: company.companyId, location });
      expect(res.status, JSON.stringify(location)).toBe(400);
      expect(res.body.error.fields).toBeTruthy();
    }
    expect((await rep.client.post("/api/visits", { recordType: "ticket", recordId: company.companyId })).status).toBe(400);
    expect((await rep.client.get("/api/visits?day=2026-13-01")).status).toBe(400);
    const hidden = await ok(owner.post("/api/companies", { name: "Owner's own" }), 201);
    expect((await rep.client.post("/api/visits", { recordType: "company", recordId: hidden.companyId })).status).toBe(404);
    expect((await ok(rep.client.get("/api/visits"))).items).toEqual([]);
    const call = await ok(rep.client.post("/api/activities", { kind: "call", recordType: "company", recordId: company.companyId }), 201);
    expect((await rep.client.get(`/api/visits/${call.activityId}`)).status).toBe(404);
  });

  it("uploads a photo (image types, up to 10 MB) and reads it back through a signed address", async () => {
    const { rep, owner, outsider, company } = await setup();
    const visit = await ok(rep.client.post("/api/visits", { recordType: "company", recordId: company.companyId }), 201);
    expect((await rep.client.post(`/api/visits/${visit.activityId}/photo`, { contentType: "application/pdf", size: 100 })).status).toBe(400);
    expect((await rep.client.post(`/api/visits/${visit.activityId}/photo`, { contentType: "image/jpeg", size: 11 * 1024 * 1024 })).status).toBe(400);
    const start = await ok(rep.client.post(`/api/visits/${visit.activityId}/photo`, { contentType: "image/png", size: PNG.length }));
    expect(start.upload).toMatchObject({ method: "PUT", direct: false, url: `/api/visits/${visit.activityId}/photo` });
    expect((await rep.client.get(`/api/visits/${visit.activityId}/photo-url`)).status).toBe(404);

    expect((await putBytes(rep.client, start.upload.url, PNG, "text/plain")).status).toBe(400);
    const tooBig = await putBytes(rep.client, start.upload.url, new Uint8Array(10 * 1024 * 1024 + 1), "image/jpeg");
    expect(tooBig.status).toBe(400);
    expect(tooBig.body.error.code).toBe("visit.photo_too_large");
    // Someone else's visit takes no photo from a plain member.
    const other = await ok(outsider.client.post("/api/visits", { recordType: "company", recordId: company.companyId }), 201);
    expect((await putBytes(rep.client, `/api/visits/${other.activityId}/photo`, PNG, "image/png")).status).toBe(404);

    const stored = await putBytes(rep.client, start.upload.url, PNG, "image/png");
    expect(stored.status).toBe(200);
    expect(stored.body.photo).toMatchObject({ contentType: "image/png", size: PNG.length });
    const signed = await ok(owner.get(`/api/visits/${visit.activityId}/photo-url`));
    expect(signed.contentType).toBe("image/png");
    const res = await app.request(signed.url, { headers: { cookie: owner.cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/png");
    expect(Buffer.from(await res.arrayBuffer()).equals(Buffer.from(PNG))).toBe(true);
    // The outsider (another team) does not see the rep's visit or its photo.
    expect((await outsider.client.get(`/api/visits/${visit.activityId}/photo-url`)).status).toBe(404);
    expect((await app.request(signed.url, { headers: { cookie: outsider.client.cookie } })).status).toBe(404);
  });

  it("lists a day's visits per rep: members their own, managers their team, admins everyone", async () => {
    const { t, rep, manager, outsider, owner, company } = await setup();
    // 23:30 on the 9th in UTC is already the 10th in Shanghai.
    at("2026-03-09T16:30:00Z");
    const early = await ok(rep.client.post("/api/visits", { recordType: "company", recordId: company.companyId }), 201);
    at("2026-03-10T03:00:00Z");
    const late = await ok(rep.client.post("/api/visits", { recordType: "company", recordId: company.companyId }), 201);
    const west = await ok(outsider.client.post("/api/visits", { recordType: "company", recordId: company.companyId }), 201);
    const mine = await ok(manager.client.post("/api/visits", { recordType: "company", recordId: company.companyId }), 201);
    at("2026-03-11T03:00:00Z");
    await ok(rep.client.post("/api/visits", { recordType: "company", recordId: company.companyId }), 201);

    const ids = (body: any) => body.items.map((v: any) => v.activityId);
    const day = "day=2026-03-10";
    expect(ids(await ok(rep.client.get(`/api/visits?${day}`)))).toEqual([early.activityId, late.activityId]);
    expect(ids(await ok(rep.client.get(`/api/visits?${day}&userId=me`)))).toEqual([early.activityId, late.activityId]);
    expect((await rep.client.get(`/api/visits?${day}&userId=${outsider.userId}`)).status).toBe(404);
    expect(ids(await ok(manager.client.get(`/api/visits?${day}`)))).toEqual([early.activityId, late.activityId, mine.activityId]);
    expect(ids(await ok(manager.client.get(`/api/visits?${day}&userId=${rep.userId}`)))).toEqual([early.activityId, late.activityId]);
    expect((await manager.client.get(`/api/visits?${day}&userId=${outsider.userId}`)).status).toBe(404);
    expect((await manager.client.get(`/api/visits/${west.activityId}`)).status).toBe(404);
    const all = await ok(owner.get(`/api/visits?${day}`));
    expect(all).toMatchObject({ day: "2026-03-10", timeZone: "Asia/Shanghai" });
    expect(ids(all)).toEqual([early.activityId, late.activityId, west.activityId, mine.activityId]);
    expect(ids(await ok(owner.get(`/api/visits?${day}&userId=${outsider.userId}`)))).toEqual([west.activityId]);
    // Today (the clock's day) when no day is given.
    expect((await ok(owner.get("/api/visits"))).day).toBe("2026-03-11");
    expect(t.userId).toBeTruthy();
  });

  it("counts visits in the work-efficiency report and the activity goal", async () => {
    const t = await newTenant("business");
    const rep = await addMember(t, "member");
    const company = await ok(t.owner.post("/api/companies", { name: "Visited Ltd", shared: true }), 201);
    at("2026-03-10T02:00:00Z");
    const v = await ok(rep.client.post("/api/visits", { recordType: "company", recordId: company.companyId, location: { lat: 39.9, lng: 116.4 } }), 201);
    await ok(rep.client.post("/api/visits", { recordType: "company", recordId: company.companyId }), 201);
    at("2026-03-10T03:00:00Z");
    await ok(rep.client.post(`/api/visits/${v.activityId}/checkout`, { version: 1 }));
    const report = await ok(t.owner.get(`/api/reports/efficiency?from=2026-03-10&to=2026-03-10&userId=${rep.userId}`));
    expect(report.rows[0].activities).toMatchObject({ visit: 2, total: 2 });
  });

  it("needs the visits feature, and answers another workspace's visit like a missing one", async () => {
    const { rep, company } = await setup();
    const visit = await ok(rep.client.post("/api/visits", { recordType: "company", recordId: company.companyId }), 201);
    const other = await newTenant("team");
    for (const path of [`/api/visits/${visit.activityId}`, `/api/visits/${visit.activityId}/photo-url`, `/api/visits/${visit.activityId}/photo`, "/api/visits/nope"]) {
      expect((await other.owner.get(path)).status, path).toBe(404);
    }
    expect((await other.owner.post(`/api/visits/${visit.activityId}/checkout`, { version: 1 })).status).toBe(404);
    const free = await newTenant();
    const res = await free.owner.get("/api/visits");
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe("plan.feature_unavailable");
  });
});
