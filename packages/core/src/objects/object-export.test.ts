import { describe, expect, it } from "vitest";
import { prng } from "../testing/prng";
import type { ObjectDef } from "./object-def";
import { ObjectExport } from "./object-export";
import { ObjectRules } from "./object-rules";

const words = ["项目", "Project", "门店", "Store", "", "合同"];

describe("ObjectExport.columns", () => {
  it("heads columns by the reader's labels and maps every record's values, across generated objects", () => {
    for (let seed = 1; seed <= 200; seed++) {
      const r = prng(seed);
      const label = () => ({ en: r.pick(words), "zh-CN": r.pick(words) });
      const relations = Array.from({ length: r.int(0, 3) }, (_, i) => ({ key: `rel_${i}`, labels: label(), target: r.pick(ObjectRules.TARGETS), many: r.chance(0.5) }));
      const def = { objectKey: "project", objectType: "obj_project", labels: { singular: label(), plural: label() }, nameLabel: label(), relations } as unknown as ObjectDef.Def;
      const fields = Array.from({ length: r.int(0, 4) }, (_, i) => ({ key: `f${i}`, labels: label() }));
      const lang = r.pick(["en", "zh-CN"] as const);
      const members = new Map([["u1", "王芳"]]);
      const cols = ObjectExport.columns(def, fields, lang, members);
      expect(cols.length, `seed ${seed}`).toBe(1 + relations.length + fields.length + 4);

      // A header is the label in the reader's language, else the other language, else the key.
      const other = lang === "en" ? "zh-CN" : "en";
      relations.forEach((rel, i) => expect(cols[1 + i].header, `seed ${seed}`).toBe(rel.labels[lang] || rel.labels[other] || rel.key));
      fields.forEach((f, i) => expect(cols[1 + relations.length + i].header, `seed ${seed}`).toBe(f.labels[lang] || f.labels[other] || f.key));
      expect(cols[0].header).toBe(def.nameLabel[lang] || def.nameLabel[other] || (lang === "en" ? "Name" : "名称"));

      // Related records read by name where known, by id where not (hidden or deleted since).
      const ids = relations.map((rel, i) => Array.from({ length: rel.many ? r.int(0, 3) : r.int(0, 1) }, (_, j) => `${rel.target}-${i}-${j}`));
      const names = new Map<string, string>();
      ids.flat().forEach((id) => r.chance(0.6) && names.set(`${id.split("-")[0]}#${id}`, `name of ${id}`));
      const record = {
        recordId: `rec${seed}`, objectKey: "project", name: `记录 ${seed}`, ownerId: r.pick(["u1", "u2"]), version: 1, createdAt: "2026-01-01T00:00:00.000Z", updatedAt: "2026-01-02T00:00:00.000Z",
        custom: Object.fromEntries(fields.map((f) => [f.key, r.int(0, 9)])),
        relations: Object.fromEntries(relations.map((rel, i) => [rel.key, ids[i]])),
      };
      const row = cols.map((c) => c.value(record, names));
      expect(row[0]).toBe(record.name);
      relations.forEach((rel, i) => expect(row[1 + i]).toEqual(ids[i].map((id) => names.get(`${rel.target}#${id}`) ?? id)));
      fields.forEach((f, i) => expect(row[1 + relations.length + i]).toBe(record.custom[f.key]));
      expect(row.slice(-4)).toEqual([record.ownerId === "u1" ? "王芳" : "u2", record.createdAt, record.updatedAt, record.recordId]);
    }
  });
});
