import { z } from "zod";
import { Company } from "../company";
import { Contact } from "../contact";
import { CompanyEntity } from "../db/company";
import { Board } from "../sales/board";
import { Lead } from "../sales/lead";
import { Pipeline } from "../sales/pipeline";
import { Ticket } from "../service/ticket";
import { useTenant } from "../actor";
import { Id } from "../validation";

export * as ExportColumns from "./export-columns";

/** The list views that export, by the name used in routes, audit actions and file names. */
export const OBJECTS = ["contact", "company", "deal", "ticket", "lead"] as const;
export type ObjectType = (typeof OBJECTS)[number];

/** What every export accepts on top of the list's own filters. */
const Extra = { format: z.enum(["csv", "xlsx"]).default("csv"), lang: z.enum(["en", "zh-CN"]).optional() };

/** Each export's query: the list's filters (without paging, which the export does itself), format and language. */
export const Queries = {
  contact: Contact.ContactListQuery.omit({ limit: true, cursor: true }).extend(Extra),
  company: Company.CompanyListQuery.omit({ limit: true, cursor: true }).extend(Extra),
  deal: Board.BoardQuery.omit({ limit: true }).extend({ pipelineId: Id.optional(), ...Extra }),
  ticket: Ticket.TicketListQuery.omit({ limit: true, cursor: true }).extend(Extra),
  lead: Lead.LeadListQuery.omit({ limit: true, cursor: true }).extend(Extra),
} satisfies Record<ObjectType, z.ZodType>;

export type Row = Record<string, unknown>;
export interface Column { key: string; en: string; zh: string; value: (row: Row) => unknown }
export type Page = { items: Row[]; cursor: string | null };
/** Reads one page of the list with the export's filters; `cursor` continues, null ends. */
export type Lister = (filters: Record<string, unknown>, cursor: string | undefined, limit: number) => Promise<Page>;

const col = (key: string, en: string, zh: string, value?: (row: Row) => unknown): Column => ({ key, en, zh, value: value ?? ((r) => r[key]) });
const minor = (key: string) => (r: Row) => (typeof r[key] === "number" ? (r[key] as number) / 100 : null);

/** People's names for owner and assignee columns, read once per export (a workspace's members are few). */
export type Names = Map<string, string>;

export interface Spec {
  scope: string;
  /** Plural, for file names. */
  file: { en: string; zh: string };
  columns: (names: Names) => Column[];
  list: Lister;
  /** Adds what a page's rows show by reference (a contact's company name), with one batch read per page. */
  enrich?: (rows: Row[]) => Promise<void>;
}

const owner = (names: Names) => col("owner", "Owner", "负责人", (r) => names.get(String(r.ownerId)) ?? r.ownerId);
const stamps = [col("createdAt", "Created", "创建时间"), col("updatedAt", "Updated", "更新时间")];

async function companyNames(rows: Row[]) {
  const ids = [...new Set(rows.map((r) => r.companyId).filter((id): id is string => typeof id === "string" && !!id))];
  if (!ids.length) return;
  const tenantId = useTenant();
  const { data } = await CompanyEntity.get(ids.map((companyId) => ({ tenantId, companyId }))).go();
  const byId = new Map(data.map((c) => [c.companyId, c.name]));
  for (const r of rows) if (typeof r.companyId === "string") r.companyName = byId.get(r.companyId) ?? null;
}

/**
 * Deals have no flat list: the board is read pipeline by pipeline, column by column, a page at a time,
 * with the board's own filters. The cursor carries where the export is: `pipeline|stage|column cursor`.
 */
const dealLister: Lister = async (filters, cursor, limit) => {
  const { pipelineId, ...rest } = filters as { pipelineId?: string };
  const pipelines = pipelineId ? [await Pipeline.get(pipelineId)] : (await Pipeline.list()).items;
  const columns = pipelines.flatMap((p) => p.stages.map((s) => ({ p, s })));
  const [p0, s0, ...c0] = (cursor ?? "").split("|");
  let i = cursor ? columns.findIndex((c) => c.p.pipelineId === p0 && c.s.stageId === s0) : 0;
  // A column removed while the export ran: what was read stays, the rest of the file ends here.
  if (i < 0) return { items: [], cursor: null };
  let columnCursor: string | undefined = c0.join("|") || undefined;
  for (; i < columns.length; i++) {
    const { p, s } = columns[i];
    const page = await Board.column(p.pipelineId, s.stageId, { ...rest, limit, ...(columnCursor ? { cursor: columnCursor } : {}) });
    columnCursor = undefined;
    const items = page.items.map((d) => ({ ...d, pipelineName: p.name, stageName: s.name }) as Row);
    if (page.cursor) return { items, cursor: `${p.pipelineId}|${s.stageId}|${page.cursor}` };
    const next = columns[i + 1];
    if (items.length) return { items, cursor: next ? `${next.p.pipelineId}|${next.s.stageId}|` : null };
  }
  return { items: [], cursor: null };
};

const plainLister = (list: (raw: unknown) => Promise<{ items: unknown[]; cursor: string | null }>): Lister =>
  async (filters, cursor, limit) => {
    const res = await list({ ...filters, limit, ...(cursor ? { cursor } : {}) });
    return { items: res.items as Row[], cursor: res.cursor };
  };

/** The list with a search pages through every hit only through the filter's pager (the plain search answers one page): an empty filter asks for it. */
const searchLister = (list: (raw: unknown) => Promise<{ items: unknown[]; cursor: string | null }>): Lister =>
  plainLister((raw) => {
    const r = raw as Record<string, unknown>;
    return list(r.q && !r.filter ? { ...r, filter: '{"conditions":[]}' } : r);
  });

export const Specs: Record<ObjectType, Spec> = {
  contact: {
    scope: "contacts:read",
    file: { en: "contacts", zh: "联系人" },
    list: searchLister(Contact.list),
    enrich: companyNames,
    columns: (names) => [
      col("name", "Name", "姓名"), col("email", "Email", "邮箱"), col("phone", "Phone", "电话"), col("title", "Title", "职位"),
      col("company", "Company", "公司", (r) => r.companyName), col("lifecycleStage", "Lifecycle stage", "生命周期阶段"),
      col("tags", "Tags", "标签"), owner(names), col("shared", "Shared", "共享"), col("birthday", "Birthday", "生日"),
      col("language", "Language", "语言"), col("externalId", "External id", "外部编号"), col("contactId", "Id", "编号"), ...stamps,
    ],
  },
  company: {
    scope: "companies:read",
    file: { en: "companies", zh: "公司" },
    list: searchLister(Company.list),
    columns: (names) => [
      col("name", "Name", "名称"), col("domain", "Domain", "域名"), col("phone", "Phone", "电话"), col("industry", "Industry", "行业"),
      col("creditCode", "Unified social credit code", "统一社会信用代码"),
      col("lifecycleStage", "Lifecycle stage", "生命周期阶段"), col("tags", "Tags", "标签"), owner(names), col("shared", "Shared", "共享"),
      col("companyId", "Id", "编号"), ...stamps,
    ],
  },
  deal: {
    scope: "deals:read",
    file: { en: "deals", zh: "商机" },
    list: dealLister,
    enrich: companyNames,
    columns: (names) => [
      col("title", "Title", "标题"), col("pipeline", "Pipeline", "销售流程", (r) => r.pipelineName), col("stage", "Stage", "阶段", (r) => r.stageName),
      col("status", "Status", "状态"), col("amount", "Amount", "金额", minor("amount")), col("currency", "Currency", "币种"),
      col("company", "Company", "公司", (r) => r.companyName), col("closeDate", "Close date", "预计成交日期"), col("source", "Source", "来源"),
      col("tags", "Tags", "标签"), owner(names), col("wonReason", "Won reason", "赢单原因"), col("lostReason", "Lost reason", "输单原因"),
      col("closedAt", "Closed", "关闭时间"), col("dealId", "Id", "编号"), ...stamps,
    ],
  },
  ticket: {
    scope: "tickets:read",
    file: { en: "tickets", zh: "工单" },
    list: plainLister(Ticket.list),
    columns: (names) => [
      col("number", "Number", "编号"), col("subject", "Subject", "主题"), col("status", "Status", "状态"), col("priority", "Priority", "优先级"),
      col("requesterName", "Requester", "请求人"), col("requesterEmail", "Requester email", "请求人邮箱"),
      col("assignee", "Assignee", "处理人", (r) => (r.assigneeId ? names.get(String(r.assigneeId)) ?? r.assigneeId : null)),
      col("channel", "Channel", "渠道"), col("tags", "Tags", "标签"), col("solvedAt", "Solved", "解决时间"), col("ticketId", "Id", "记录编号"), ...stamps,
    ],
  },
  lead: {
    scope: "deals:read",
    file: { en: "leads", zh: "线索" },
    list: plainLister(Lead.list),
    columns: (names) => [
      col("name", "Name", "姓名"), col("companyName", "Company", "公司"), col("email", "Email", "邮箱"), col("phone", "Phone", "电话"),
      col("source", "Source", "来源"), col("region", "Region", "地区"), col("status", "Status", "状态"), col("amount", "Amount", "金额", minor("amount")),
      col("currency", "Currency", "币种"), col("tags", "Tags", "标签"), owner(names), col("message", "Message", "留言"), col("leadId", "Id", "编号"), ...stamps,
    ],
  },
};
