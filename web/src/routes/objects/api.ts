import { createResource, createSignal, type Resource } from "solid-js";
import { call } from "../../api";
import type { FieldObject, Labels } from "../../lib/custom-fields";
import { labelOf } from "../../lib/custom-fields";

/** The custom-objects resource of the API client: definitions (settings) and records. */
export type RelationTarget = "contact" | "company" | "deal";
export const RELATION_TARGETS: RelationTarget[] = ["contact", "company", "deal"];
export interface Relation { key: string; labels: Labels; target: RelationTarget; many: boolean }
export interface ObjectDef {
  objectKey: string; objectType: FieldObject; labels: { singular: Labels; plural: Labels }; description: string; nameLabel: Labels;
  relations: Relation[]; records: number; version: number; createdAt: string; updatedAt: string;
}
export interface ObjectDefInput {
  key?: string; labels: { singular: Labels; plural: Labels }; description: string; nameLabel: Labels;
  relations: Array<{ key: string; labels: Labels; target: RelationTarget; many: boolean }>;
}
export interface ObjectRecord {
  recordId: string; objectKey: string; name: string; custom: Record<string, unknown>; relations: Record<string, string[]>;
  ownerId: string; version: number; createdAt: string; updatedAt: string;
}
export interface RelatedRef { relationKey: string; type: RelationTarget; id: string; title: string }
export interface TimelineItem { entryId: string; type: string; at: string; actorType?: string; actorId?: string; summary?: string }

const enc = encodeURIComponent;
const qs = (params: Record<string, string | number | undefined>) => {
  const s = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== "") s.set(k, String(v));
  const text = s.toString();
  return text ? `?${text}` : "";
};

export const objectsApi = {
  list: () => call<{ items: ObjectDef[]; limit: number | null }>("GET", "/objects"),
  get: (key: string) => call<ObjectDef>("GET", `/objects/${enc(key)}`),
  create: (input: ObjectDefInput & { key: string }) => call<ObjectDef>("POST", "/objects", input),
  update: (key: string, input: Partial<ObjectDefInput> & { version: number }) => call<ObjectDef>("PATCH", `/objects/${enc(key)}`, input),
  remove: (key: string) => call<void>("DELETE", `/objects/${enc(key)}`),
  records: (key: string, params: { q?: string; relatedType?: string; relatedId?: string; limit?: number; cursor?: string }) =>
    call<{ items: ObjectRecord[]; cursor: string | null }>("GET", `/objects/${enc(key)}/records${qs(params)}`),
  record: (key: string, id: string) => call<ObjectRecord & { related: RelatedRef[] }>("GET", `/objects/${enc(key)}/records/${enc(id)}`),
  createRecord: (key: string, input: { name: string; custom?: Record<string, unknown>; relations?: Record<string, string[]> }) =>
    call<ObjectRecord>("POST", `/objects/${enc(key)}/records`, input),
  updateRecord: (key: string, id: string, input: { version: number; name?: string; custom?: Record<string, unknown>; relations?: Record<string, string[]> }) =>
    call<ObjectRecord>("PATCH", `/objects/${enc(key)}/records/${enc(id)}`, input),
  removeRecord: (key: string, id: string) => call<void>("DELETE", `/objects/${enc(key)}/records/${enc(id)}`),
  timeline: (key: string, id: string) => call<{ items: TimelineItem[]; cursor: string | null }>("GET", `/objects/${enc(key)}/records/${enc(id)}/timeline?limit=50`),
};

const defs = new Map<string, Promise<ObjectDef[]>>();

/** The workspace's objects, read once per workspace and page load (the settings page forgets them after a change). */
export function objectDefs(tenantId: string): Promise<ObjectDef[]> {
  let p = defs.get(tenantId);
  if (!p) {
    p = objectsApi.list().then((r) => r.items, () => []);
    defs.set(tenantId, p);
  }
  return p;
}

const [generation, setGeneration] = createSignal(0);

/** After a change in settings: the nav and related panels read the objects again. */
export function forgetObjectDefs() {
  defs.clear();
  setGeneration(generation() + 1);
}

/** The objects as a resource for the current workspace, empty without one or without the feature. */
export function useObjectDefs(tenantId: () => string | undefined | false): Resource<ObjectDef[]> {
  const [list] = createResource(() => (tenantId() ? { id: tenantId() as string, generation: generation() } : undefined), ({ id }) => objectDefs(id), { initialValue: [] });
  return list;
}

export const singular = (d: ObjectDef) => labelOf(d.labels.singular, d.objectKey);
export const plural = (d: ObjectDef) => labelOf(d.labels.plural, d.objectKey);

/** The web path of a related record. */
export const relatedPath = (type: RelationTarget, id: string) => `/${type === "company" ? "companies" : `${type}s`}/${id}`;
