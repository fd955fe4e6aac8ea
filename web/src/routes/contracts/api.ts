import { call } from "../../api";

/** Contracts (合同) and collections (回款): the typed client. Amounts are integers in the minor unit. */
export type InstalmentStatus = "paid" | "partial" | "unpaid" | "overdue";
export interface Instalment { instalmentId: string; amount: number; dueDate: string; paid: number; outstanding: number; status: InstalmentStatus }
export interface Totals { planned: number; collected: number; outstanding: number; overdue: number }
export interface Contract {
  contractId: string; number: string; title: string; companyId: string; contactId: string | null; dealId: string | null; ownerId: string;
  amount: number; currency: string; signedDate: string | null; startDate: string | null; endDate: string | null; signer: string | null;
  status: "draft" | "active" | "ended" | "terminated"; instalments: Instalment[]; credit: number; totals: Totals; collected: number;
  notes: string | null; version: number; createdAt: string; updatedAt: string;
}
export interface Payment { paymentId: string; amount: number; paidOn: string; instalmentId: string | null; method: string | null; note: string | null; createdAt: string }
export interface ContractInput {
  title: string; companyId: string; amount: number; currency?: string; signedDate?: string | null; startDate?: string | null; endDate?: string | null;
  signer?: string | null; instalments?: { amount: number; dueDate: string }[];
}
export interface Receivables { groupBy: string; items: (Totals & { key: string; label: string })[]; total: Totals }

const id = encodeURIComponent;
export const contractsApi = {
  list: (companyId?: string) => call<{ items: Contract[]; cursor: string | null }>("GET", `/contracts${companyId ? `?companyId=${id(companyId)}` : ""}`),
  get: (contractId: string) => call<Contract & { payments: Payment[] }>("GET", `/contracts/${id(contractId)}`),
  create: (input: ContractInput) => call<Contract>("POST", "/contracts", input),
  pay: (contractId: string, input: { amount: number; paidOn: string; instalmentId?: string; method?: string; note?: string }) =>
    call<Contract & { payments: Payment[] }>("POST", `/contracts/${id(contractId)}/payments`, input),
  receivables: (groupBy: "owner" | "company" | "month") => call<Receivables>("GET", `/reports/receivables?groupBy=${groupBy}`),
};
