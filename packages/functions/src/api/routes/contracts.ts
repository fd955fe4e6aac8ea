import { z } from "zod";
import { Contract } from "@crm/core/contracts/contract";
import { ContractAttachments } from "@crm/core/contracts/attachments";
import { csvResponse } from "../csv";
import { CSV } from "../responses";
import { route } from "../route";
import { ApprovalGate } from "@crm/core/approvals/gate";
import { heldOr, Pending } from "./approvals";
import * as R from "../responses";

const tags = ["contracts"];
const feature = "contracts" as const;

const Instalment = z.object({ instalmentId: z.string(), amount: z.number(), dueDate: z.string(), paid: z.number(), outstanding: z.number(), status: z.enum(["paid", "partial", "unpaid", "overdue"]) });
const Totals = z.object({ planned: z.number(), collected: z.number(), outstanding: z.number(), overdue: z.number() });
const ContractOut = z.object({
  tenantId: z.string(), contractId: z.string(), number: z.string(), title: z.string(), companyId: z.string(), contactId: z.string().nullable(), dealId: z.string().nullable(),
  ownerId: z.string(), amount: z.number(), currency: z.string(), signedDate: z.string().nullable(), startDate: z.string().nullable(), endDate: z.string().nullable(),
  signer: z.string().nullable(), status: z.enum(["draft", "active", "ended", "terminated", "pending_approval"]), approvalId: z.string().optional(), instalments: z.array(Instalment), credit: z.number(), totals: Totals,
  collected: z.number(), notes: z.string().nullable(), version: z.number(), createdAt: z.string(), updatedAt: z.string(),
});
const Payment = z.object({ paymentId: z.string(), amount: z.number(), paidOn: z.string(), instalmentId: z.string().nullable(), method: z.string().nullable(), note: z.string().nullable(), recordedBy: z.string(), createdAt: z.string() });
const ContractDetail = ContractOut.extend({ payments: z.array(Payment) });
const Settings = z.object({ pattern: z.string(), reset: z.enum(["never", "yearly", "monthly", "daily"]), remindDaysBeforeEnd: z.number(), version: z.number() });

/** Contracts (合同), payment plans and collections (回款), and the receivables report. */
export const contractRoutes = [
  route({ method: "get", path: "/api/contracts/settings", summary: "How contract numbers are made and when owners hear of an ending contract", auth: "tenant", scope: "settings:read", feature, tags,
    response: Settings, handler: () => Contract.settings() }),
  route({ method: "put", path: "/api/contracts/settings", summary: "Change the number pattern (e.g. HT-{yyyyMM}-{seq}), its reset and the reminder", auth: "tenant", scope: "settings:write", feature, body: Contract.SettingsInput, tags,
    response: Settings, handler: ({ body }) => Contract.putSettings(body) }),
  route({ method: "get", path: "/api/contracts", summary: "Contracts of a customer, or all one may see (latest change first)", auth: "tenant", scope: "deals:read", feature, query: Contract.ListQuery, tags,
    response: z.object({ items: z.array(ContractOut), cursor: z.string().nullable() }), handler: ({ query }) => Contract.list(query) }),
  route({ method: "post", path: "/api/contracts", summary: "Create a contract with its payment plan; it gets the next number", auth: "tenant", scope: "deals:write", feature, body: Contract.ContractInput, status: 201, tags,
    response: ContractOut, handler: ({ body }) => Contract.create(body) }),
  route({ method: "get", path: "/api/contracts/:contractId", summary: "A contract, its instalments' state and its payments", auth: "tenant", scope: "deals:read", feature, tags,
    response: ContractDetail, handler: ({ params }) => Contract.get(params.contractId) }),
  route({ method: "patch", path: "/api/contracts/:contractId", summary: "Change a contract or its plan (needs its current version)", auth: "tenant", scope: "deals:write", feature, body: Contract.ContractPatch, tags,
    response: ContractOut, handler: ({ params, body }) => Contract.update(params.contractId, body) }),
  route({ method: "delete", path: "/api/contracts/:contractId", summary: "Delete a contract without payments", auth: "tenant", scope: "deals:write", feature, tags,
    handler: ({ params }) => Contract.remove(params.contractId) }),
  route({ method: "post", path: "/api/contracts/:contractId/payments", summary: "Record a payment (回款), for an instalment or the earliest open ones", auth: "tenant", scope: "deals:write", feature, body: Contract.PaymentInput, status: 201, tags,
    response: ContractDetail, accepted: Pending, handler: ({ c, params, body }) => heldOr(c, ApprovalGate.recordPayment(params.contractId, body)) }),
  route({ method: "get", path: "/api/contracts/:contractId/timeline", summary: "The contract's timeline (changes, payments, files), newest first", auth: "tenant", scope: "deals:read", feature, query: ContractAttachments.TimelineQuery, tags: ["timeline"],
    response: R.Page(R.TimelineEntry), handler: ({ params, query }) => ContractAttachments.timeline(params.contractId, query) }),
  route({ method: "get", path: "/api/contracts/:contractId/attachments", summary: "A contract's files (newest first)", auth: "tenant", scope: "deals:read", feature, tags,
    response: z.object({ items: z.array(ContractAttachments.Attachment) }), handler: ({ params }) => ContractAttachments.list(params.contractId) }),
  route({ method: "post", path: "/api/contracts/:contractId/attachments", summary: "Attach a file: the raw bytes as the body, its URL-encoded name in X-File-Name (PDF, images, Office; up to 20 MB)", auth: "tenant", scope: "deals:write", feature, status: 201, tags,
    response: ContractAttachments.Attachment, handler: ({ c, params }) => ContractAttachments.upload(params.contractId, { fileName: c.req.header("x-file-name"), body: c.req.raw.body }) }),
  route({ method: "get", path: "/api/contracts/:contractId/attachments/:attachmentId", summary: "Download a file (a redirect to a short-lived signed URL where the store signs, else the bytes)", auth: "tenant", scope: "deals:read", feature, tags, produces: "*/*",
    handler: async ({ c, params }) => {
      const d = await ContractAttachments.download(params.contractId, params.attachmentId);
      if ("redirect" in d) return c.redirect(d.redirect, 302);
      return new Response(new Uint8Array(d.body), {
        headers: { "content-type": d.contentType, "content-disposition": `attachment; filename*=UTF-8''${encodeURIComponent(d.fileName)}`, "x-content-type-options": "nosniff", "cache-control": "private, no-store" },
      });
    } }),
  route({ method: "delete", path: "/api/contracts/:contractId/attachments/:attachmentId", summary: "Delete a file (admins, the contract's owner or the uploader)", auth: "tenant", scope: "deals:write", feature, tags,
    handler: ({ params }) => ContractAttachments.remove(params.contractId, params.attachmentId) }),
  route({ method: "get", path: "/api/reports/receivables", summary: "Collected, outstanding and overdue amounts per owner, customer or month", auth: "tenant", scope: "reports:read", feature, query: Contract.ReceivablesQuery, tags: ["reports"],
    response: z.object({ groupBy: z.string(), items: z.array(Totals.extend({ key: z.string(), label: z.string() })), total: Totals }), handler: ({ query }) => Contract.receivables(query) }),
  route({ method: "get", path: "/api/reports/receivables.csv", summary: "The receivables report as CSV (UTF-8 with BOM, amounts in the major unit)", auth: "tenant", scope: "reports:read", feature, query: Contract.ReceivablesCsvQuery, tags: ["reports"], produces: CSV,
    handler: async ({ c, query }) => csvResponse(c, await Contract.receivablesCsv(query)) }),
];
