import type { FieldDef, Labels, Layout } from "../../lib/custom-fields";
import type { Relation } from "./api";

/**
 * How a custom object's record form is drawn from its layout (pure, no I/O): sections in the layout's
 * order holding the name, relations (`relations.<key>`) and custom fields. The quick-entry form keeps the
 * name (the API needs it), the layout's quick-entry fields and every required field (the API insists on
 * them whatever the form shows). A field the layout does not place (added since, or no layout at all) goes
 * at the end of the last section; a key naming nothing the reader may see (hidden, deleted) is skipped.
 */
export type Slot = { kind: "name"; key: "name" } | { kind: "relation"; key: string; relation: Relation } | { kind: "custom"; key: string; def: FieldDef };
export interface FormSection { id: string; labels: Labels | null; slots: Slot[] }

export function formSections(layout: Layout | null, relations: Relation[], defs: FieldDef[], quick = false): FormSection[] {
  const slots = new Map<string, Slot>([["name", { kind: "name", key: "name" }]]);
  for (const r of relations) slots.set(`relations.${r.key}`, { kind: "relation", key: `relations.${r.key}`, relation: r });
  for (const d of defs) slots.set(d.key, { kind: "custom", key: d.key, def: d });
  const placed = new Set<string>();
  const take = (key: string) => {
    const s = slots.get(key);
    if (!s || placed.has(key)) return [];
    placed.add(key);
    return [s];
  };
  const sections: FormSection[] = (layout?.sections ?? []).map((s) => ({ id: s.id, labels: s.labels, slots: s.fields.flatMap(take) }));
  if (!sections.length) sections.push({ id: "main", labels: null, slots: [] });
  const rest = [...slots.keys()].filter((k) => !placed.has(k));
  if (rest.includes("name")) sections[0].slots.unshift(...take("name"));
  sections[sections.length - 1].slots.push(...rest.filter((k) => k !== "name").flatMap(take));
  if (!quick) return sections;
  const quickKeys = new Set(layout?.quickEntry ?? []);
  const keep = (s: Slot) => s.kind === "name" || quickKeys.has(s.key) || (s.kind === "custom" && s.def.required);
  return sections.map((s) => ({ ...s, slots: s.slots.filter(keep) })).filter((s) => s.slots.length);
}
