import { call, type Page } from "../api";

/** The sales resources of the API client (pipelines, deals, the board, the sales report). */

export type StageKind = "open" | "won" | "lost";
/** Deal fields a stage may require before a deal leaves it (besides `custom.<key>`). */
export const REQUIRABLE = ["amount", "closeDate", "contactId", "companyId", "source", "tags"] as const;
export type Requirable = (typeof REQUIRABLE)[number];
export const STAGE_KINDS: StageKind[] = ["open", "won", "lost"];

export interface Stage { stageId: string; name: string; probability: number; kind: StageKind; guidance: string; requiredFields: string[] }
export interface Pipeline { pipelineId: string; name: string; currency: string; stages: Stage[]; version: number; createdAt: string; updatedAt: string }
export type StageInput = { name: string; probability?: number; kind?: StageKind; guidance?: string; requiredFields?: string[] };

/** Amounts are integers in the currency's minor unit (fen, cents). */
export interface Deal {
  dealId: string; pipelineId: string; stageId: string; status: StageKind; position: string;
  title: string; amount: number | null; currency: string; contactId: string | null; companyId: string | null;
  ownerId: string; closeDate: string | null; source: string | null; tags: string[]; custom: Record<string, unknown>; shared: boolean;
  wonReason: string | null; lostReason: string | null; closedAt: string | null; stageEnteredAt: string;
  campaignId?: string;
  version: number; createdAt: string; updatedAt: string;
}
export interface StageChange {
  historyId: string; at: string; actorType: string; actorId: string;
  fromStageId: string | null; fromStageName: string | null; toStageId: string; toStageName: string;
  amount: number | null; currency: string; reason: string | null;
}
export type DealWithHistory = Deal & { history: StageChange[] };
export type DealFields = {
  title?: string; amount?: number | null; contactId?: string | null; companyId?: string | null; ownerId?: string;
  closeDate?: string | null; source?: string | null; tags?: string[]; shared?: boolean;
  custom?: Record<string, unknown>; campaignId?: string | null;
};
export type DealInput = DealFields & { pipelineId: string; title: string; stageId?: string; reason?: string };
export interface MoveInput { version: number; stageId: string; beforeId?: string; afterId?: string; reason?: string }

export interface BoardFilters { q?: string; tag?: string; ownerId?: string; closeFrom?: string; closeTo?: string; amountMin?: number; amountMax?: number }
export interface BoardColumn { stage: Stage; count: number; amount: number; weightedAmount: number; items: Deal[]; cursor: string | null }
export interface Board { pipeline: Pipeline; totals: "pipeline" | "owners"; filtered: boolean; columns: BoardColumn[] }

export interface FunnelRow { stageId: string; name: string; kind: StageKind; entered: number; reached: number; conversion: number | null }
export interface SalesReport {
  pipeline: { pipelineId: string; name: string; currency: string };
  from: string; to: string;
  funnel: FunnelRow[];
  pipelineValue: { stages: { stageId: string; name: string; count: number; amount: number; weighted: number }[] };
}

const qs = (params: object) => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== "") p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : "";
};
const id = encodeURIComponent;

export const salesApi = {
  pipelines: {
    list: () => call<{ items: Pipeline[] }>("GET", "/pipelines"),
    get: (pipelineId: string) => call<Pipeline>("GET", `/pipelines/${id(pipelineId)}`),
    create: (input: { name: string; currency?: string; stages?: StageInput[] }) => call<Pipeline>("POST", "/pipelines", input),
    rename: (pipelineId: string, input: { name: string; version: number }) => call<Pipeline>("PATCH", `/pipelines/${id(pipelineId)}`, input),
    remove: (pipelineId: string) => call<void>("DELETE", `/pipelines/${id(pipelineId)}`),
    addStage: (pipelineId: string, input: StageInput & { version: number }) => call<Pipeline>("POST", `/pipelines/${id(pipelineId)}/stages`, input),
    updateStage: (pipelineId: string, stageId: string, input: Partial<StageInput> & { version: number }) =>
      call<Pipeline>("PATCH", `/pipelines/${id(pipelineId)}/stages/${id(stageId)}`, input),
    removeStage: (pipelineId: string, stageId: string) => call<Pipeline>("DELETE", `/pipelines/${id(pipelineId)}/stages/${id(stageId)}`),
    reorder: (pipelineId: string, input: { stageIds: string[]; version: number }) => call<Pipeline>("PUT", `/pipelines/${id(pipelineId)}/stage-order`, input),
    board: (pipelineId: string, filters: BoardFilters & { limit?: number }) => call<Board>("GET", `/pipelines/${id(pipelineId)}/board${qs(filters)}`),
    column: (pipelineId: string, stageId: string, params: BoardFilters & { cursor?: string; limit?: number }) =>
      call<Page<Deal>>("GET", `/pipelines/${id(pipelineId)}/stages/${id(stageId)}/deals${qs(params)}`),
  },
  deals: {
    get: (dealId: string) => call<DealWithHistory>("GET", `/deals/${id(dealId)}`),
    create: (input: DealInput) => call<Deal>("POST", "/deals", input),
    update: (dealId: string, input: DealFields & { version: number }) => call<Deal>("PATCH", `/deals/${id(dealId)}`, input),
    remove: (dealId: string) => call<void>("DELETE", `/deals/${id(dealId)}`),
    move: (dealId: string, input: MoveInput) => call<Deal>("POST", `/deals/${id(dealId)}/move`, input),
  },
  report: (params: { pipelineId?: string; from?: string; to?: string }) => call<SalesReport>("GET", `/reports/sales${qs(params)}`),
};
