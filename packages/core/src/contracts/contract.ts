import { DateTime } from "luxon";
import { z } from "zod";
import { actorRef, assertScope, useTenant, withActor } from "../actor";
import { Notification } from "../collab/notification";
import { CompanyEntity } from "../db/company";
import { ContactEntity } from "../db/contact";
import { ContractEntity, ContractSettingsEntity, PaymentEntity, type ContractItem } from "../db/contract";
import { nextValue } from "../db/counter";
import { DealEntity } from "../db/deal";
import { DueEntity, dueBy } from "../db/due";
import { ConflictError, DomainError, NotFoundError, ValidationError } from "../errors";
import { newId } from "../id";
import { now } from "../ports";
import { Records } from "../records";
import { Tenant } from "../tenant";
import { Tx } from "../tx";
import { Id, Name, parse } from "../validation";
import { stringify } from "csv-stringify/sync";
import { MembershipEntity } from "../db/membership";
import { ExportCells } from "../data/export-cells";
import { Visibility } from "../visibility";
import { ContractNumber } from "./contract-number";
import { Instalments } from "./instalments";
import { ApprovalLock } from "../approvals/lock";
import { ApprovalRequest } from "../approvals/request";

export * as Contract from "./contract";

/**
 * Contracts (合同) and their payment plans and collections (回款计划/回款). A contract's number comes from a
 * counter per reset period (an atomic add: never the same number twice, even at once). Payments add to the
 * contract atomically and are also kept on it as a short log, so the plan's state is computed from one item.
 * Reminders (an ending contract, an overdue instalment) come from the due-time index.
 */
export const END_QUEUE = "contract.end";
export const OVERDUE_QUEUE = "contract.overdue";
const MAX_INSTALMENTS = 120;
const MAX_PAYMENTS = 500;

const Amount = z.number().int("Use the minor unit (fen, cents): a whole number.").min(0).max(1e12);
const Day = z.iso.date();
const InstalmentInput = z.strictObject({ instalmentId: Id.optional(), amount: Amount.refine((n) => n > 0, "Must be above zero."), dueDate: Day });
const Fields = {
  title: Name,
  companyId: Id,
  contactId: Id.nullable(),
  dealId: Id.nullable(),
  ownerId: Id,
  amount: Amount,
  currency: z.string().regex(/^[A-Z]{3}$/, "A currency code such as CNY."),
  signedDate: Day.nullable(),
  startDate: Day.nullable(),
  endDate: Day.nullable(),
  signer: z.string().trim().max(200).nullable(),
  status: z.enum(["draft", "active", "ended", "terminated"]),
  instalments: z.array(InstalmentInput).max(MAX_INSTALMENTS),
  notes: z.string().max(5000).nullable(),
};
export const ContractInput = z.strictObject(Fields).partial().required({ title: true, companyId: true, amount: true });
export const ContractPatch = z.strictObject(Fields).partial().extend({ version: z.number().int().positive() });
export const PaymentInput = z.strictObject({
  amount: Amount.refine((n) => n > 0, "Must be above zero."),
  paidOn: Day,
  instalmentId: Id.optional(),
  method: z.string().trim().max(50).optional(),
  note: z.string().trim().max(1000).optional(),
});
export const SettingsInput = z.strictObject({
  version: z.number().int().min(0),
  pattern: z.string().trim().min(1).max(60),
  reset: z.enum(["never", "yearly", "monthly", "daily"]),
  remindDaysBeforeEnd: z.number().int().min(0).max(365),
});
export const ListQuery = z.strictObject({
  companyId: Id.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(2000).optional(),
});
export const ReceivablesQuery = z.strictObject({
  from: Day.optional(),
  to: Day.optional(),
  groupBy: z.enum(["owner", "company", "month"]).default("owner"),
});

const DEFAULT_SETTINGS = { pattern: "HT-{yyyyMM}-{seq}", reset: "monthly" as const, remindDaysBeforeEnd: 30, version: 0 };

interface LoggedPayment { paymentId: string; amount: number; paidOn: string; instalmentId?: string }
interface Planned { instalmentId: string; amount: number; dueDate: string }

/** The plan's state today: each instalment paid, partly paid, unpaid or overdue. */
function settled(c: ContractItem, today: string) {
  const plan = ((c.instalments as Planned[]) ?? []).map((i) => ({ id: i.instalmentId, amount: i.amount, dueDate: i.dueDate }));
  const log = (c.paymentLog ?? []) as LoggedPayment[];
  const { items, credit } = Instalments.settle(plan, log, today);
  return { items: items.map(({ id, ...rest }) => ({ instalmentId: id, ...rest })), credit };
}

async function today(): Promise<{ day: string; zone: string }> {
  const zone = (await Tenant.settings()).timeZone;
  return { day: DateTime.fromJSDate(now(), { zone }).toISODate()!, zone };
}

function present(c: ContractItem, day: string) {
  const { paymentLog: _p, ...rest } = c;
  const { items, credit } = settled(c, day);
  return {
    ...rest,
    contactId: rest.contactId ?? null, dealId: rest.dealId ?? null, signedDate: rest.signedDate ?? null, startDate: rest.startDate ?? null,
    endDate: rest.endDate ?? null, signer: rest.signer ?? null, notes: rest.notes ?? null,
    instalments: items, credit, totals: Instalments.totals(items.map(({ instalmentId, ...r }) => ({ id: instalmentId, ...r }))),
  };
}
export type Contract = ReturnType<typeof present>;

// ---- settings --------------------------------------------------------------------------------------------------

export async function settings() {
  assertScope("settings:read");
  const { data } = await ContractSettingsEntity.get({ tenantId: useTenant() }).go();
  return data ? { pattern: data.pattern, reset: data.reset, remindDaysBeforeEnd: data.remindDaysBeforeEnd, version: data.version } : DEFAULT_SETTINGS;
}

export async function putSettings(raw: unknown) {
  assertScope("settings:write");
  const input = parse(SettingsInput, raw);
  const problem = ContractNumber.problem(input.pattern, input.reset);
  if (problem) {
    const why: Record<string, string> = {
      "pattern.no_seq": "Put {seq} where the running number goes.", "pattern.many_seq": "Use {seq} once.",
      "pattern.unknown_token": "Use only {yyyy}, {yy}, {MM}, {dd}, {yyyyMM}, {yyyyMMdd} and {seq}.",
      "pattern.missing_date_parts": "A number that restarts each period must show that period's date parts, or numbers repeat.", "pattern.too_long": "Keep it under 60 characters.",
    };
    throw new ValidationError(why[problem], { pattern: why[problem] }, `contract.${problem.replace(".", "_")}`);
  }
  const tenantId = useTenant();
  const before = await settings();
  const after = { tenantId, pattern: input.pattern, reset: input.reset, remindDaysBeforeEnd: input.remindDaysBeforeEnd, version: input.version + 1, updatedAt: now().toISOString() };
  await new Tx(tenantId)
    .add(() => ContractSettingsEntity.put(after).where((a, op) => (input.version === 0 ? op.notExists(a.version) : op.eq(a.version, input.version))), () => new ConflictError())
    .audit({ action: "contract.settings_changed", recordType: "settings", recordId: "contracts", before, after })
    .run();
  return { pattern: after.pattern, reset: after.reset, remindDaysBeforeEnd: after.remindDaysBeforeEnd, version: after.version };
}

// ---- contracts ----------------------------------------------------------------------------------------------

export async function load(contractId: string): Promise<ContractItem> {
  const { data } = await ContractEntity.get({ tenantId: useTenant(), contractId }).go();
  if (!data || !Visibility.canSee(await Visibility.ownerScope(), data)) throw new NotFoundError("contract");
  return data;
}

async function checkLinks(input: { companyId?: string; contactId?: string | null; dealId?: string | null }) {
  const tenantId = useTenant();
  const scope = await Visibility.ownerScope();
  const [company, contact, deal] = await Promise.all([
    input.companyId ? CompanyEntity.get({ tenantId, companyId: input.companyId }).go() : null,
    input.contactId ? ContactEntity.get({ tenantId, contactId: input.contactId }).go() : null,
    input.dealId ? DealEntity.get({ tenantId, dealId: input.dealId }).go() : null,
  ]);
  const fields: Record<string, string> = {};
  if (company && (!company.data || !Visibility.canSee(scope, company.data))) fields.companyId = "Unknown company.";
  if (contact && (!contact.data || !Visibility.canSee(scope, contact.data))) fields.contactId = "Unknown contact.";
  if (deal && (!deal.data || !Visibility.canSee(scope, deal.data))) fields.dealId = "Unknown deal.";
  if (Object.keys(fields).length) throw new ValidationError("Check the linked records.", fields);
}

function planOf(amount: number, instalments: z.infer<typeof InstalmentInput>[] | undefined, before?: Planned[]) {
  const plan = (instalments ?? before ?? []).map((i) => ({ instalmentId: i.instalmentId ?? newId(), amount: i.amount, dueDate: i.dueDate }));
  const total = plan.reduce((s, i) => s + i.amount, 0);
  if (plan.length && total !== amount) {
    throw new ValidationError("The instalments must add up to the contract amount.", { instalments: `They add up to ${total}; the contract is ${amount}.` }, "contract.plan_total");
  }
  if (new Set(plan.map((i) => i.instalmentId)).size !== plan.length) throw new ValidationError("Each instalment needs its own id.", { instalments: "Duplicate instalment ids." });
  return plan;
}

/** The due-index writes for an ending-contract reminder and each unpaid instalment turning overdue. */
function reminders(before: ContractItem | null, after: ContractItem | null, remindDays: number, zone: string): Array<() => object> {
  const tenantId = (after ?? before)!.tenantId;
  const id = (after ?? before)!.contractId;
  const at = (day: string, plusDays: number, hour: number) => DateTime.fromISO(day, { zone }).plus({ days: plusDays }).set({ hour }).toUTC().toISO()!;
  const keys = (c: ContractItem | null) => {
    const out = new Map<string, { queue: string; dueAt: string; recordId: string }>();
    if (!c || c.status === "terminated" || c.status === "draft" || c.status === "pending_approval") return out;
    if (c.endDate) out.set(`end`, { queue: END_QUEUE, dueAt: at(c.endDate, -remindDays, 9), recordId: id });
    for (const i of (c.instalments as Planned[]) ?? []) out.set(i.instalmentId, { queue: OVERDUE_QUEUE, dueAt: at(i.dueDate, 1, 9), recordId: `${id}.${i.instalmentId}` });
    return out;
  };
  const old = keys(before);
  const next = keys(after);
  const ops: Array<() => object> = [];
  for (const [k, v] of old) {
    const n = next.get(k);
    if (!n || n.dueAt !== v.dueAt) ops.push(() => DueEntity.delete({ queue: v.queue, dueAt: v.dueAt, tenantId, recordId: v.recordId }));
  }
  for (const [k, v] of next) {
    const o = old.get(k);
    if (!o || o.dueAt !== v.dueAt) ops.push(() => DueEntity.put({ queue: v.queue, dueAt: v.dueAt, tenantId, recordId: v.recordId }));
  }
  return ops;
}

export async function create(raw: unknown): Promise<Contract> {
  assertScope("deals:write");
  const input = parse(ContractInput, raw);
  await checkLinks(input);
  const tenantId = useTenant();
  const [{ day, zone }, config, currency] = await Promise.all([today(), settings(), Tenant.settings().then((s) => s.currency)]);
  const plan = planOf(input.amount, input.instalments);
  const at = now();
  // The number is drawn before the write: a failed create leaves a gap, never a repeat.
  const seq = await nextValue(tenantId, `contract#${ContractNumber.periodKey(config.reset, at, zone)}`);
  const item = {
    tenantId, contractId: newId(), number: ContractNumber.render(config.pattern, at, zone, seq), title: input.title, companyId: input.companyId,
    contactId: input.contactId ?? undefined, dealId: input.dealId ?? undefined, ownerId: await Records.resolveOwner(input.ownerId), amount: input.amount,
    currency: input.currency ?? currency, signedDate: input.signedDate ?? undefined, startDate: input.startDate ?? undefined, endDate: input.endDate ?? undefined,
    signer: input.signer ?? undefined, status: input.status ?? "active", instalments: plan, collected: 0, notes: input.notes ?? undefined, paymentLog: [],
    version: 1, createdAt: at.toISOString(), updatedAt: at.toISOString(),
  } as ContractItem;
  // Under an approval flow the contract is written in `pending_approval` (locked) and becomes `item.status` when approved.
  const approval = item.status === "draft" || item.status === "terminated" ? null : await ApprovalRequest.open({
    trigger: "contract.create", facts: { trigger: "contract.create", amount: item.amount }, recordType: "contract", recordId: item.contractId,
    recordTitle: `${item.number} ${item.title}`, ownerId: item.ownerId, action: { status: item.status }, summary: `${item.amount / 100} ${item.currency}`,
  });
  if (approval) Object.assign(item, { status: "pending_approval", approvalId: approval.item.approvalId });
  const tx = new Tx(tenantId).add(() => ContractEntity.create(item));
  for (const op of reminders(null, item, config.remindDaysBeforeEnd, zone)) tx.add(op);
  approval?.addTo(tx);
  const out = present(item, day);
  await tx.audit({ action: "contract.created", recordType: "contract", recordId: item.contractId, after: out }).event("contract.created", out).run();
  await approval?.after();
  return out;
}

export async function get(contractId: string): Promise<Contract & { payments: unknown[] }> {
  assertScope("deals:read");
  const c = await load(contractId);
  const { day } = await today();
  const { data } = await PaymentEntity.query.primary({ tenantId: c.tenantId, contractId }).go({ pages: "all" });
  const payments = data.map((p) => ({ paymentId: p.paymentId, amount: p.amount, paidOn: p.paidOn, instalmentId: p.instalmentId ?? null, method: p.method ?? null, note: p.note ?? null, recordedBy: p.recordedBy, createdAt: p.createdAt }));
  return { ...present(c, day), payments };
}

export async function update(contractId: string, raw: unknown): Promise<Contract> {
  assertScope("deals:write");
  const input = parse(ContractPatch, raw);
  const before = await load(contractId);
  ApprovalLock.assertFree(before);
  await checkLinks(input);
  const [{ day, zone }, config] = await Promise.all([today(), settings()]);
  const { version, instalments, ...changes } = input;
  const amount = changes.amount ?? before.amount;
  const plan = planOf(amount, instalments, instalments === undefined && changes.amount === undefined ? undefined : (before.instalments as Planned[]));
  const merged = { ...before, ...changes, instalments: plan, version: before.version + 1, updatedAt: now().toISOString() } as Record<string, unknown>;
  for (const k of Object.keys(merged)) if (merged[k] === null) delete merged[k];
  if (changes.ownerId) merged.ownerId = await Records.resolveOwner(changes.ownerId);
  const after = merged as ContractItem;
  const tx = new Tx(useTenant()).add(() => ContractEntity.put(after).where((a, op) => op.eq(a.version, version)), () => new ConflictError());
  for (const op of reminders(before, after, config.remindDaysBeforeEnd, zone)) tx.add(op);
  const out = present(after, day);
  await tx.audit({ action: "contract.updated", recordType: "contract", recordId: contractId, before: present(before, day), after: out }).event("contract.updated", out).run();
  return out;
}

export async function remove(contractId: string): Promise<void> {
  assertScope("deals:write");
  const before = await load(contractId);
  ApprovalLock.assertFree(before);
  if ((before.collected ?? 0) > 0) throw new DomainError("contract.has_payments", "A contract with recorded payments cannot be deleted; terminate it instead.", 409);
  const { zone } = await today();
  const config = await settings();
  const tx = new Tx(useTenant()).add(() => ContractEntity.delete({ tenantId: before.tenantId, contractId }).where((a, op) => op.eq(a.version, before.version)), () => new ConflictError());
  for (const op of reminders(before, null, config.remindDaysBeforeEnd, zone)) tx.add(op);
  await tx.audit({ action: "contract.deleted", recordType: "contract", recordId: contractId, before: present(before, "9999-12-31") }).event("contract.deleted", { contractId, companyId: before.companyId }).run();
}

/** The final approval of a contract created under a flow: it takes its requested status, its reminders start and the lock goes. */
export async function activate(contractId: string, status: "active" | "ended", held: ApprovalLock.Held): Promise<Contract> {
  const { data: before } = await ContractEntity.get({ tenantId: useTenant(), contractId }).go();
  if (!before) throw new NotFoundError("contract");
  ApprovalLock.assertFree(before, held);
  const [{ day, zone }, config] = await Promise.all([today(), settings()]);
  const after = { ...before, status, version: before.version + 1, updatedAt: now().toISOString() } as ContractItem;
  delete after.approvalId;
  const tx = new Tx(before.tenantId).add(() => ContractEntity.put(after).where((a, op) => op.eq(a.version, before.version)), () => new ConflictError());
  for (const op of reminders(before, after, config.remindDaysBeforeEnd, zone)) tx.add(op);
  held.extend(tx);
  const out = present(after, day);
  await tx.audit({ action: "contract.updated", recordType: "contract", recordId: contractId, before: present(before, day), after: out }).event("contract.updated", out).run();
  return out;
}

/** Contracts of a customer, newest first; or all one may see, latest change first. */
export async function list(raw: unknown) {
  assertScope("deals:read");
  const q = parse(ListQuery, raw);
  const tenantId = useTenant();
  const scope = await Visibility.ownerScope();
  const query = q.companyId ? ContractEntity.query.byCompany({ tenantId, companyId: q.companyId }) : ContractEntity.query.byUpdated({ tenantId });
  const { items, cursor } = await Records.page<ContractItem>(query, Records.filters(scope, {}), { cursor: q.cursor, limit: q.limit, order: "desc" });
  const { day } = await today();
  return { items: items.map((c) => present(c, day)), cursor };
}

/** Records a payment: the contract's total and log grow atomically, so simultaneous payments all count. */
export async function recordPayment(contractId: string, raw: unknown, held?: ApprovalLock.Held) {
  assertScope("deals:write");
  const input = parse(PaymentInput, raw);
  const c = await load(contractId);
  ApprovalLock.assertFree(c, held);
  if (input.instalmentId && !((c.instalments as Planned[]) ?? []).some((i) => i.instalmentId === input.instalmentId)) {
    throw new ValidationError("The instalment is not in this contract's plan.", { instalmentId: "Unknown instalment." });
  }
  if ((c.paymentLog ?? []).length >= MAX_PAYMENTS) throw new DomainError("contract.too_many_payments", `A contract holds at most ${MAX_PAYMENTS} payments.`, 409);
  const actor = actorRef();
  const payment = {
    tenantId: c.tenantId, contractId, paymentId: newId(), amount: input.amount, paidOn: input.paidOn, instalmentId: input.instalmentId,
    method: input.method, note: input.note, recordedBy: `${actor.type}:${actor.id}`, createdAt: now().toISOString(),
  };
  const logged: LoggedPayment = { paymentId: payment.paymentId, amount: input.amount, paidOn: input.paidOn, ...(input.instalmentId ? { instalmentId: input.instalmentId } : {}) };
  const contractOp = () => {
    const op = ContractEntity.update({ tenantId: c.tenantId, contractId }).add({ collected: input.amount, version: 1 }).append({ paymentLog: [logged] }).set({ updatedAt: payment.createdAt });
    // A payment held for approval clears the lock as it lands; any other payment needs the contract unlocked.
    return held ? op.remove(["approvalId"]).where((a, o) => o.eq(a.approvalId, held.approvalId)) : op.where((a, o) => o.notExists(a.approvalId));
  };
  const tx = new Tx(c.tenantId).add(() => PaymentEntity.create(payment)).add(contractOp, () => (held ? new ConflictError() : ApprovalLock.pendingError()));
  held?.extend(tx);
  await tx
    .audit({ action: "payment.recorded", recordType: "contract", recordId: contractId, after: { amount: input.amount, paidOn: input.paidOn, instalmentId: input.instalmentId ?? null } })
    .event("payment.recorded", { contractId, companyId: c.companyId, dealId: c.dealId ?? null, ownerId: c.ownerId, number: c.number, amount: input.amount, currency: c.currency, paidOn: input.paidOn })
    .run();
  return get(contractId);
}

/** Collected, outstanding and overdue amounts per owner, customer or month of the instalments due in the period. */
export async function receivables(raw: unknown) {
  assertScope("reports:read");
  const q = parse(ReceivablesQuery, raw);
  const tenantId = useTenant();
  const scope = await Visibility.ownerScope();
  const { day } = await today();
  // One query over the tenant's contracts (not the table); counters per period would make this constant.
  const { data } = await ContractEntity.query.byUpdated({ tenantId }).go({ pages: "all" });
  const rows = new Map<string, { key: string; planned: number; collected: number; outstanding: number; overdue: number }>();
  const companies = new Set<string>();
  for (const c of data) {
    if (!Visibility.canSee(scope, c) || c.status === "draft" || c.status === "pending_approval") continue;
    for (const i of settled(c, day).items) {
      if ((q.from && i.dueDate < q.from) || (q.to && i.dueDate > q.to)) continue;
      const key = q.groupBy === "owner" ? c.ownerId : q.groupBy === "company" ? c.companyId : i.dueDate.slice(0, 7);
      if (q.groupBy === "company") companies.add(c.companyId);
      const row = rows.get(key) ?? { key, planned: 0, collected: 0, outstanding: 0, overdue: 0 };
      row.planned += i.amount;
      row.collected += i.paid;
      row.outstanding += i.outstanding;
      if (i.status === "overdue") row.overdue += i.outstanding;
      rows.set(key, row);
    }
  }
  const names = new Map<string, string>();
  if (companies.size) {
    const { data: found } = await CompanyEntity.get([...companies].map((companyId) => ({ tenantId, companyId }))).go();
    for (const f of found) names.set(f.companyId, f.name);
  }
  const items = [...rows.values()].map((r) => ({ ...r, label: q.groupBy === "company" ? names.get(r.key) ?? "" : r.key })).sort((a, b) => b.outstanding - a.outstanding || a.key.localeCompare(b.key));
  const total = items.reduce((t, r) => ({ planned: t.planned + r.planned, collected: t.collected + r.collected, outstanding: t.outstanding + r.outstanding, overdue: t.overdue + r.overdue }), { planned: 0, collected: 0, outstanding: 0, overdue: 0 });
  return { groupBy: q.groupBy, items, total };
}

const CSV_HEAD = {
  en: { owner: "Owner", company: "Customer", month: "Month", planned: "Planned", collected: "Collected", outstanding: "Outstanding", overdue: "Overdue", total: "Total" },
  "zh-CN": { owner: "负责人", company: "客户", month: "月份", planned: "计划回款", collected: "已回款", outstanding: "未回款", overdue: "逾期", total: "合计" },
} as const;
export const ReceivablesCsvQuery = ReceivablesQuery.extend({ lang: z.enum(["en", "zh-CN"]).optional() });

/** The receivables report as CSV (UTF-8 with BOM, amounts in the major unit), owners by name. */
export async function receivablesCsv(raw: unknown): Promise<{ filename: string; text: string }> {
  const q = parse(ReceivablesCsvQuery, raw);
  const { lang: asked, ...rest } = q;
  const report = await receivables(rest);
  const lang = asked ?? ((await Tenant.settings()).locale === "en" ? "en" : "zh-CN");
  const h = CSV_HEAD[lang];
  const names = new Map<string, string>();
  if (q.groupBy === "owner") {
    const { data } = await MembershipEntity.query.primary({ tenantId: useTenant() }).go({ pages: "all" });
    for (const m of data) names.set(m.userId, m.name || m.email);
  }
  const major = (n: number) => n / 100;
  const rows = [
    [h[q.groupBy], h.planned, h.collected, h.outstanding, h.overdue],
    ...report.items.map((r) => [q.groupBy === "owner" ? names.get(r.key) ?? r.key : r.label, major(r.planned), major(r.collected), major(r.outstanding), major(r.overdue)]),
    [h.total, major(report.total.planned), major(report.total.collected), major(report.total.outstanding), major(report.total.overdue)],
  ];
  return { filename: `receivables-${q.groupBy}.csv`, text: `\uFEFF${stringify(rows.map((r) => r.map((c) => (typeof c === "number" ? c : ExportCells.escape(c)))))}` };
}

// ---- reminders ----------------------------------------------------------------------------------------------------

/** Tells owners of contracts about to end and of instalments now overdue; reads only the due index. */
export async function sweep(at: Date = now()): Promise<{ ending: number; overdue: number }> {
  const total = { ending: 0, overdue: 0 };
  for (const queue of [END_QUEUE, OVERDUE_QUEUE]) {
    for (let round = 0; round < 100; round++) {
      const { data } = await dueBy(queue, at).go({ count: 100 });
      if (!data.length) break;
      for (const due of data) {
        const claimed = await DueEntity.delete({ queue, dueAt: due.dueAt, tenantId: due.tenantId, recordId: due.recordId }).where((a, op) => op.exists(a.recordId)).go().then(() => true, () => false);
        if (!claimed) continue;
        await withActor({ type: "system", tenantId: due.tenantId, reason: "contract-reminders" }, () => remind(queue, due.recordId, total))
          .catch((err) => console.error(`[contract-reminders] ${due.tenantId}/${due.recordId} failed`, err));
      }
    }
  }
  return total;
}

async function remind(queue: string, recordId: string, total: { ending: number; overdue: number }) {
  const [contractId, instalmentId] = recordId.split(".");
  const { data: c } = await ContractEntity.get({ tenantId: useTenant(), contractId }).go();
  if (!c || c.status === "terminated" || c.status === "draft" || c.status === "pending_approval") return;
  if (queue === END_QUEUE) {
    total.ending++;
    await Notification.send(c.ownerId, { kind: "task", sourceId: `contract-end-${contractId}-${c.endDate}`, title: `Contract ${c.number} ends on ${c.endDate}`, body: c.title, link: `/contracts/${contractId}` });
    await new Tx(c.tenantId).event("contract.ending", { contractId, companyId: c.companyId, ownerId: c.ownerId, number: c.number, endDate: c.endDate }).run();
    return;
  }
  const { day } = await today();
  const inst = settled(c, day).items.find((i) => i.instalmentId === instalmentId);
  if (!inst || inst.status !== "overdue") return;
  total.overdue++;
  await Notification.send(c.ownerId, { kind: "task", sourceId: `contract-overdue-${recordId}-${inst.dueDate}`, title: `Payment overdue on contract ${c.number}`, body: `${inst.outstanding / 100} ${c.currency} was due on ${inst.dueDate}.`, link: `/contracts/${contractId}` });
  await new Tx(c.tenantId).event("contract.instalment_overdue", { contractId, companyId: c.companyId, ownerId: c.ownerId, number: c.number, instalmentId, dueDate: inst.dueDate, outstanding: inst.outstanding }).run();
}
