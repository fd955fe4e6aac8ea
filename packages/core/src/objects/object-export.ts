import { z } from "zod";
import { assertScope, useActor, useTenant, withActor } from "../actor";
import { AuditLog } from "../audit-log";
import { CustomField } from "../custom-field";
import { Export, PAGE, type Download } from "../data/export";
import { ExportCells, type Cell, type Lang } from "../data/export-cells";
import { CompanyEntity } from "../db/company";
import { ContactEntity } from "../db/contact";
import { DealEntity } from "../db/deal";
import { MembershipEntity } from "../db/membership";
import { now } from "../ports";
import { parse } from "../validation";
import { Visibility } from "../visibility";
import { ObjectDef } from "./object-def";
import { ObjectRecord } from "./object-record";
import { ObjectRules } from "./object-rules";

export * as ObjectExport from "./object-export";

/** The list's search (`q`) and the header language; the format is the file extension of the route. */
export const ExportQuery = z.strictObject({
  q: ObjectRecord.ListQuery.shape.q,
  lang: z.enum(["en", "zh-CN"]).optional(),
});

type Labels = { en: string; "zh-CN": string };
type Row = ObjectRecord.ObjectRecord;
interface Column { header: string; value: (r: Row, names: Map<string, string>) => unknown }

const pick = (l: Labels | undefined, lang: Lang, fallback: string) => (l?.[lang] || l?.[lang === "en" ? "zh-CN" : "en"] || fallback);

/**
 * The columns of an object's export: the name (headed by the name field's label), one per relation with
 * the related records' names (ids where the reader may not see the record), the custom fields by label,
 * owner, created, updated and the record id. Pure: exported for tests.
 */
export function columns(def: ObjectDef.Def, fields: Array<{ key: string; labels?: Partial<Labels> }>, lang: Lang, members: Map<string, string>): Column[] {
  const zh = lang === "zh-CN";
  return [
    { header: pick(def.nameLabel, lang, zh ? "名称" : "Name"), value: (r) => r.name },
    ...def.relations.map((rel) => ({
      header: pick(rel.labels, lang, rel.key),
      value: (r: Row, names: Map<string, string>) => (r.relations[rel.key] ?? []).map((id) => names.get(`${rel.target}#${id}`) ?? id),
    })),
    ...fields.map((f) => ({ header: pick(f.labels as Labels, lang, f.key), value: (r: Row) => r.custom?.[f.key] })),
    { header: zh ? "负责人" : "Owner", value: (r) => members.get(r.ownerId) ?? r.ownerId },
    { header: zh ? "创建时间" : "Created", value: (r) => r.createdAt },
    { header: zh ? "更新时间" : "Updated", value: (r) => r.updatedAt },
    { header: zh ? "编号" : "Id", value: (r) => r.recordId },
  ];
}

/** The names of the records a page relates to, by `type#id`, with one batch read per type; hidden ones are left out. */
async function relatedNames(def: ObjectDef.Def, rows: Row[]): Promise<Map<string, string>> {
  const tenantId = useTenant();
  const wanted: Record<ObjectRules.Target, Set<string>> = { contact: new Set(), company: new Set(), deal: new Set() };
  for (const r of rows) for (const rel of def.relations) for (const id of r.relations[rel.key] ?? []) wanted[rel.target].add(id);
  const scope = await Visibility.ownerScope();
  const out = new Map<string, string>();
  const put = (type: string, id: string, title: string, rec: { ownerId: string; shared?: boolean }) => Visibility.canSee(scope, rec) && out.set(`${type}#${id}`, title);
  const ids = (t: ObjectRules.Target) => [...wanted[t]];
  const [contacts, companies, deals] = await Promise.all([
    ids("contact").length ? ContactEntity.get(ids("contact").map((contactId) => ({ tenantId, contactId }))).go() : { data: [] },
    ids("company").length ? CompanyEntity.get(ids("company").map((companyId) => ({ tenantId, companyId }))).go() : { data: [] },
    ids("deal").length ? DealEntity.get(ids("deal").map((dealId) => ({ tenantId, dealId }))).go() : { data: [] },
  ]);
  for (const c of contacts.data) put("contact", c.contactId, c.name, c);
  for (const c of companies.data) put("company", c.companyId, c.name, c);
  for (const d of deals.data) put("deal", d.dealId, d.title, d);
  return out;
}

/**
 * Exports an object's records (all, by name, or those matching the list's search `q`) as CSV (UTF-8 with
 * a BOM) or XLSX, through the same streams as the contact export: the object and the first page are read
 * before anything is sent, so an unknown object is a 404 and bad input a 400, never a broken file.
 */
export async function open(objectKey: string, format: "csv" | "xlsx", raw: unknown, acceptLanguage?: string): Promise<Download> {
  assertScope("contacts:read");
  const { q, lang: asked } = parse(ExportQuery, raw ?? {});
  const lang = ExportCells.language(asked, acceptLanguage);
  const def = ObjectDef.present(await ObjectDef.load(objectKey));
  const tenantId = useTenant();
  const actor = useActor();
  const list = (cursor?: string) => ObjectRecord.list(objectKey, { ...(q ? { q } : {}), limit: PAGE, ...(cursor ? { cursor } : {}) });
  const [first, fields, members] = await Promise.all([
    list(),
    CustomField.definitions(def.objectType).then((ds) => ds.filter((d) => !d.deletedAt)),
    MembershipEntity.query.primary({ tenantId }).go({ pages: "all" }).then(({ data }) => new Map(data.map((m) => [m.userId, m.name ?? m.email]))),
  ]);
  const cols = columns(def, fields, lang, members);
  const header = cols.map((c) => ExportCells.escape(c.header));
  await AuditLog.record(tenantId, { action: "object_record.exported", recordType: def.objectType, recordId: tenantId, after: { format, filters: { q } } });

  // Read after the handler returned, outside the request's actor: each page runs inside it again, one page ahead.
  let current: Promise<{ items: Row[]; cursor: string | null } | null> = Promise.resolve(first);
  const pageRows = async (): Promise<Cell[][] | null> => {
    const page = await current;
    if (!page) return null;
    current = page.cursor ? withActor(actor, () => list(page.cursor!)) : Promise.resolve(null);
    current.catch(() => undefined); // surfaced by the next call's await
    const names = await withActor(actor, () => relatedNames(def, page.items));
    return page.items.map((r) => cols.map((c) => ExportCells.cell(c.value(r, names))));
  };
  const plural = pick(def.labels.plural, lang, objectKey);
  const filename = `${plural}-${now().toISOString().slice(0, 10)}.${format}`;
  if (format === "csv") return { filename, contentType: "text/csv; charset=utf-8", body: Export.csvStream(header, pageRows) };
  return { filename, contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body: Export.xlsxStream(header, pageRows, plural.replace(/[[\]:*?/\\]/g, " ").slice(0, 31) || objectKey) };
}
