import { describe, expect, it } from "vitest";
import { addMember, newTenant } from "../support/api";

describe("activities: calls, meetings, visits", () => {
  it("logs an activity on a record, shows it on the timeline, lists by record and by person", async () => {
    const t = await newTenant("team");
    const rep = await addMember(t, "member");
    const contact = (await t.owner.post("/api/contacts", { name: "Visited", shared: true })).body;
    const visit = await rep.client.post("/api/activities", {
      kind: "visit", recordType: "contact", recordId: contact.contactId, durationMinutes: 45, outcome: "签约意向强", notes: "带了样品",
      location: { lat: 31.23, lng: 121.47, address: "上海市黄浦区" },
    });
    expect(visit.status).toBe(201);
    expect(visit.body).toMatchObject({ kind: "visit", userId: rep.userId, recordType: "contact", recordId: contact.contactId, location: { lat: 31.23 } });
    const call = (await t.owner.post("/api/activities", { kind: "call", recordType: "contact", recordId: contact.contactId, at: "2026-11-01T02:00:00Z", durationMinutes: 5 })).body;

    const tl = (await t.owner.get(`/api/contacts/${contact.contactId}/timeline`)).body.items;
    const entry = tl.find((e: any) => e.type === "activity.logged" && e.data.activityId === visit.body.activityId);
    expect(entry.summary).toContain("签约意向强");
    const byRecord = (await t.owner.get(`/api/activities?recordType=contact&recordId=${contact.contactId}`)).body.items;
    expect(byRecord.map((a: any) => a.activityId)).toEqual([visit.body.activityId, call.activityId]);
    const november = (await t.owner.get(`/api/activities?recordType=contact&recordId=${contact.contactId}&from=2026-11-01T00:00:00Z&to=2026-11-02T00:00:00Z`)).body.items;
    expect(november.map((a: any) => a.activityId)).toEqual([call.activityId]);
    expect((await rep.client.get("/api/activities")).body.items.map((a: any) => a.activityId)).toEqual([visit.body.activityId]);
    expect((await t.owner.get(`/api/activities?userId=${rep.userId}`)).body.items).toHaveLength(1);
    // A member does not read a teammate's list.
    expect((await rep.client.get(`/api/activities?userId=${t.userId}`)).status).toBe(404);
    // Logged activities count towards the person's activity goal.
    const month = new Date().toISOString().slice(0, 7);
    const goal = await t.owner.post("/api/goals", { subjectType: "user", subjectId: rep.userId, metric: "activities", period: month, target: 5 });
    expect(goal.status).toBe(201);
    const progress = (await t.owner.get(`/api/goals/${goal.body.goalId}`)).body;
    expect(progress.activities.logged).toBe(1);
    expect(progress.progress.value).toBeGreaterThanOrEqual(1);
  });

  it("lets only the author or an admin change or delete it, with the version", async () => {
    const t = await newTenant("team");
    const rep = await addMember(t, "member");
    const other = await addMember(t, "member");
    const contact = (await t.owner.post("/api/contacts", { name: "Shared", shared: true })).body;
    const a = (await rep.client.post("/api/activities", { kind: "meeting", recordType: "contact", recordId: contact.contactId })).body;
    expect((await other.client.patch(`/api/activities/${a.activityId}`, { version: 1, outcome: "not mine" })).status).toBe(403);
    const ok = await rep.client.patch(`/api/activities/${a.activityId}`, { version: 1, outcome: "agreed next steps" });
    expect(ok.body).toMatchObject({ outcome: "agreed next steps", version: 2 });
    expect((await t.owner.patch(`/api/activities/${a.activityId}`, { version: 1, outcome: "stale" })).status).toBe(409);
    expect((await t.owner.del(`/api/activities/${a.activityId}`)).status).toBe(204);
    expect((await t.owner.get(`/api/activities?recordType=contact&recordId=${contact.contactId}`)).body.items).toEqual([]);
  });

  it("refuses bad input and records it cannot see", async () => {
    const t = await newTenant("team");
    const rep = await addMember(t, "member");
    const hidden = (await t.owner.post("/api/contacts", { name: "Owner's own" })).body;
    expect((await rep.client.post("/api/activities", { kind: "call", recordType: "contact", recordId: hidden.contactId })).status).toBe(404);
    const future = await t.owner.post("/api/activities", { kind: "call", recordType: "contact", recordId: hidden.contactId, at: "2099-01-01T00:00:00Z" });
    expect(future.status).toBe(400);
    expect(future.body.error.fields).toHaveProperty("at");
    const kind = await t.owner.post("/api/activities", { kind: "telepathy", recordType: "contact", recordId: hidden.contactId });
    expect(kind.status).toBe(400);
    expect(kind.body.error.fields).toHaveProperty("kind");
    expect((await t.owner.post("/api/activities", { kind: "call", recordType: "contact", recordId: hidden.contactId, location: { lat: 100, lng: 0 } })).status).toBe(400);
  });
});
