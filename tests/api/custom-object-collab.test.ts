import { beforeAll, describe, expect, it } from "vitest";
import { addMember, mailer, newTenant, unique } from "../support/api";
import { csvRows, download, xlsxRows } from "../support/downloads";

type T = Awaited<ReturnType<typeof newTenant>>;

const project = {
  key: "project",
  labels: { singular: { en: "Project", "zh-CN": "项目" }, plural: { en: "Projects", "zh-CN": "项目" } },
  nameLabel: { en: "Project name", "zh-CN": "项目名称" },
  relations: [{ key: "client", labels: { en: "Client", "zh-CN": "客户" }, target: "company" }],
};

let t: T;
let companyId: string;
let companyName: string;
let recordId: string;

beforeAll(async () => {
  t = await newTenant("business");
  companyName = `Project Client ${unique()}`;
  companyId = (await t.owner.post("/api/companies", { name: companyName })).body.companyId;
  expect((await t.owner.post("/api/objects", project)).status).toBe(201);
  const field = await t.owner.post("/api/custom-fields", { objectType: "obj_project", key: "code", type: "text", labels: { en: "Code", "zh-CN": "代号" } });
  expect(field.status).toBe(201);
  const rec = await t.owner.post("/api/objects/project/records", { name: "Apollo", custom: { code: "=SUM(A1:A9)" }, relations: { client: [companyId] } });
  expect(rec.status).toBe(201);
  recordId = rec.body.recordId;
  for (const name of ["Apex", "Zephyr"]) expect((await t.owner.post("/api/objects/project/records", { name, custom: { code: name.toLowerCase() } })).status).toBe(201);
});


describe("notes and tasks on custom object records", () => {
  it("takes a note with an @mention: the member is notified with a link to the record, and the note is on its timeline", async () => {
    const member = await addMember(t, "member");
    const before = mailer.sent.length;
    const note = await t.owner.post(`/api/objects/project/records/${recordId}/notes`, { body: "@member kick-off on Monday", mentions: [member.userId] });
    expect(note.status).toBe(201);
    expect(note.body).toMatchObject({ recordType: "obj_project", recordId, body: "@member kick-off on Monday" });
    const mail = mailer.sent.slice(before).find((m) => m.to.includes(member.email));
    expect(mail?.tag).toBe("notify.mention");
    expect(mail?.subject).toContain("Apollo");
    const inbox = (await member.client.get("/api/notifications")).body;
    expect(inbox.items[0]).toMatchObject({ kind: "mention", link: `/objects/project/${recordId}` });

    const notes = await member.client.get(`/api/objects/project/records/${recordId}/notes`);
    expect(notes.body.items.map((n: { noteId: string }) => n.noteId)).toEqual([note.body.noteId]);
    const timeline = await t.owner.get(`/api/objects/project/records/${recordId}/timeline`);
    expect(timeline.body.items[0]).toMatchObject({ type: "note.created", summary: "@member kick-off on Monday" });

    // Only the author (or an admin) changes it; a stale version is a conflict.
    expect((await member.client.patch(`/api/objects/project/records/${recordId}/notes/${note.body.noteId}`, { version: 1, body: "hijack" })).status).toBe(403);
    expect((await t.owner.patch(`/api/objects/project/records/${recordId}/notes/${note.body.noteId}`, { version: 1, body: "edited" })).status).toBe(200);
    expect((await t.owner.patch(`/api/objects/project/records/${recordId}/notes/${note.body.noteId}`, { version: 1, body: "stale" })).status).toBe(409);
    const bad = await t.owner.post(`/api/objects/project/records/${recordId}/notes`, { body: "hi", mentions: ["not-a-member"] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields).toHaveProperty("mentions");
    expect((await t.owner.del(`/api/objects/project/records/${recordId}/notes/${note.body.noteId}`)).status).toBe(204);
    expect((await t.owner.get(`/api/objects/project/records/${recordId}/notes`)).body.items).toEqual([]);
  });

  it("lets a viewer read notes but not write them", async () => {
    const viewer = await addMember(t, "viewer");
    expect((await viewer.client.get(`/api/objects/project/records/${recordId}/notes`)).status).toBe(200);
    expect((await viewer.client.post(`/api/objects/project/records/${recordId}/notes`, { body: "no" })).status).toBe(403);
  });

  it("takes tasks (recordType obj_<key>) and lists them by record", async () => {
    const dueAt = new Date(Date.now() + 86400_000).toISOString();
    const task = await t.owner.post("/api/tasks", { title: "Send the plan", dueAt, recordType: "obj_project", recordId });
    expect(task.status).toBe(201);
    expect(task.body).toMatchObject({ recordType: "obj_project", recordId });
    const listed = await t.owner.get(`/api/tasks?recordType=obj_project&recordId=${recordId}`);
    expect(listed.body.items.map((x: { taskId: string }) => x.taskId)).toEqual([task.body.taskId]);
    const timeline = await t.owner.get(`/api/objects/project/records/${recordId}/timeline`);
    expect(timeline.body.items.map((e: { type: string }) => e.type)).toContain("task.created");
    // An unknown object or a malformed key: the same 404 as a missing record.
    for (const recordType of ["obj_nothing", "obj_Bad-Key", "obj_store"]) {
      const res = await t.owner.post("/api/tasks", { title: "x", dueAt, recordType, recordId });
      expect(res.status, recordType).toBe(404);
    }
    expect((await t.owner.post("/api/tasks", { title: "x", dueAt, recordType: "obj_project", recordId: "0000000000000nonexistent" })).status).toBe(404);
  });

  it("answers another tenant's record with the same 404 as a missing one, for notes and tasks", async () => {
    const other = await newTenant("business");
    const dueAt = new Date(Date.now() + 86400_000).toISOString();
    const tries = async () => ({
      list: await other.owner.get(`/api/objects/project/records/${recordId}/notes`),
      note: await other.owner.post(`/api/objects/project/records/${recordId}/notes`, { body: "by other" }),
      task: await other.owner.post("/api/tasks", { title: "by other", dueAt, recordType: "obj_project", recordId }),
      tasks: await other.owner.get(`/api/tasks?recordType=obj_project&recordId=${recordId}`),
    });
    const before = await tries();
    // Even an object of the same key in the other tenant does not reach the first tenant's record.
    expect((await other.owner.post("/api/objects", project)).status).toBe(201);
    const after = await tries();
    const missing = await other.owner.get("/api/objects/project/records/0000000000000nonexistent/notes");
    for (const [name, res] of [...Object.entries(before), ...Object.entries(after)]) {
      expect(res.status, name).toBe(404);
      expect(JSON.stringify(res.body)).not.toContain("Apollo");
    }
    expect(after.list.body).toEqual(missing.body);
    expect((await t.owner.get(`/api/objects/project/records/${recordId}/notes`)).body.items.map((n: { body: string }) => n.body)).not.toContain("by other");
  });
});

describe("timeline lines of custom object records", () => {
  it("carry the object's key and labels, on the related company and on the record", async () => {
    const rec = (await t.owner.post("/api/objects/project/records", { name: "Timeline Project", relations: { client: [companyId] } })).body;
    await t.owner.patch(`/api/objects/project/records/${rec.recordId}`, { version: 1, name: "Timeline Project 2" });
    const company = await t.owner.get(`/api/companies/${companyId}/timeline`);
    const entries = company.body.items.filter((e: { type: string }) => e.type.startsWith("object_record."));
    expect(entries[0]).toMatchObject({ type: "object_record.updated", summary: "Timeline Project 2", data: { objectKey: "project", objectLabel: { en: "Project", "zh-CN": "项目" } } });
    expect(entries[1]).toMatchObject({ type: "object_record.created", summary: "Timeline Project", data: { objectLabel: { en: "Project", "zh-CN": "项目" } } });
    const own = await t.owner.get(`/api/objects/project/records/${rec.recordId}/timeline`);
    expect(own.body.items[0].data.objectLabel).toEqual({ en: "Project", "zh-CN": "项目" });
  });
});



describe("export of an object's records", () => {
  it("writes CSV with a BOM, labelled headers, related names and escaped formula cells; `q` keeps only matches", async () => {
    const all = await download(t.owner, "/api/objects/project/records/export.csv?lang=en");
    expect(all.status).toBe(200);
    expect(all.headers.get("content-type")).toContain("text/csv");
    expect(all.headers.get("content-disposition")).toContain("Projects-");
    const rows = csvRows(all.bytes);
    expect(rows[0]).toEqual(["Project name", "Client", "Code", "Owner", "Created", "Updated", "Id"]);
    const names = rows.slice(1).map((r) => r[0]);
    expect(names).toEqual(expect.arrayContaining(["Apollo", "Apex", "Zephyr"]));
    const apollo = rows.find((r) => r[0] === "Apollo")!;
    expect(apollo[1]).toBe(companyName);
    expect(apollo[2]).toBe("'=SUM(A1:A9)");
    expect(apollo[3]).toContain("Owner");
    expect(apollo[6]).toBe(recordId);

    const matching = csvRows((await download(t.owner, "/api/objects/project/records/export.csv?lang=zh-CN&q=ap")).bytes);
    expect(matching[0].slice(0, 4)).toEqual(["项目名称", "客户", "代号", "负责人"]);
    expect(matching.slice(1).map((r) => r[0]).sort()).toEqual(["Apex", "Apollo"]);
  });

  it("writes XLSX that reads back with the same rows", async () => {
    const csv = csvRows((await download(t.owner, "/api/objects/project/records/export.csv?lang=en&q=ap")).bytes);
    const res = await download(t.owner, "/api/objects/project/records/export.xlsx?lang=en&q=ap");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("spreadsheetml");
    const rows = await xlsxRows(res.bytes);
    const text = (v: unknown) => (v === null || v === undefined ? "" : String(v));
    expect(rows.map((r) => csv[0].map((_, i) => text(r[i])))).toEqual(csv);
  });

  it("refuses bad input, unknown objects, other tenants and plans without the feature", async () => {
    expect((await t.owner.get("/api/objects/project/records/export.csv?bogus=1")).status).toBe(400);
    expect((await t.owner.get("/api/objects/nothing/records/export.csv")).status).toBe(404);
    const other = await newTenant("business");
    expect((await other.owner.get("/api/objects/project/records/export.xlsx")).status).toBe(404);
    const team = await newTenant("team");
    const off = await team.owner.get("/api/objects/project/records/export.csv");
    expect(off.status).toBe(403);
    expect(off.body.error.code).toBe("plan.feature_unavailable");
  });
});
