import { z } from "zod";
import { Board } from "@crm/core/sales/board";
import { Deal } from "@crm/core/sales/deal";
import { DealMove } from "@crm/core/sales/deal-move";
import { Pipeline } from "@crm/core/sales/pipeline";
import { SalesReport } from "@crm/core/sales/sales-report";
import { route } from "../route";
import * as R from "../responses";
import { ApprovalGate } from "@crm/core/approvals/gate";
import { heldOr, Pending } from "./approvals";

const tags = ["deals"];
const feature = "deals";

export const dealRoutes = [
  route({ method: "get", path: "/api/pipelines", summary: "Pipelines with their stages", auth: "tenant", scope: "deals:read", feature, tags, response: R.Items(R.Pipeline),
    handler: () => Pipeline.list() }),
  route({ method: "post", path: "/api/pipelines", summary: "Create a pipeline (default stages unless given; limited by plan)", auth: "tenant", scope: "settings:write", feature, body: Pipeline.PipelineInput, status: 201, tags, response: R.Pipeline,
    handler: ({ body }) => Pipeline.create(body) }),
  route({ method: "get", path: "/api/pipelines/:pipelineId", summary: "A pipeline with its stages", auth: "tenant", scope: "deals:read", feature, tags, response: R.Pipeline,
    handler: ({ params }) => Pipeline.get(params.pipelineId) }),
  route({ method: "patch", path: "/api/pipelines/:pipelineId", summary: "Rename a pipeline or replace its stage list (needs the version)", auth: "tenant", scope: "settings:write", feature, body: Pipeline.PipelinePatch, tags, response: R.Pipeline,
    handler: ({ params, body }) => Pipeline.update(params.pipelineId, body) }),
  route({ method: "delete", path: "/api/pipelines/:pipelineId", summary: "Delete a pipeline that holds no deals", auth: "tenant", scope: "settings:write", feature, tags,
    handler: ({ params }) => Pipeline.remove(params.pipelineId) }),
  route({ method: "post", path: "/api/pipelines/:pipelineId/stages", summary: "Add a stage (needs the pipeline's version)", auth: "tenant", scope: "settings:write", feature, body: Pipeline.StageAddInput, status: 201, tags, response: R.Pipeline,
    handler: ({ params, body }) => Pipeline.addStage(params.pipelineId, body) }),
  route({ method: "patch", path: "/api/pipelines/:pipelineId/stages/:stageId", summary: "Rename a stage or change its probability, kind, guidance or required fields", auth: "tenant", scope: "settings:write", feature, body: Pipeline.StagePatch, tags, response: R.Pipeline,
    handler: ({ params, body }) => Pipeline.updateStage(params.pipelineId, params.stageId, body) }),
  route({ method: "delete", path: "/api/pipelines/:pipelineId/stages/:stageId", summary: "Remove a stage that holds no deals", auth: "tenant", scope: "settings:write", feature, tags, status: 200, response: R.Pipeline,
    handler: ({ params }) => Pipeline.removeStage(params.pipelineId, params.stageId) }),
  route({ method: "put", path: "/api/pipelines/:pipelineId/stage-order", summary: "Reorder the stages (needs the pipeline's version)", auth: "tenant", scope: "settings:write", feature, body: Pipeline.StageOrderInput, tags, response: R.Pipeline,
    handler: ({ params, body }) => Pipeline.reorderStages(params.pipelineId, body) }),
  route({ method: "get", path: "/api/pipelines/:pipelineId/board", summary: "The board: per stage its count, totals and first page of cards", auth: "tenant", scope: "deals:read", feature, query: Board.BoardQuery, tags, response: R.Board,
    handler: ({ params, query }) => Board.get(params.pipelineId, query) }),
  route({ method: "get", path: "/api/pipelines/:pipelineId/stages/:stageId/deals", summary: "One board column, a page at a time, with filters", auth: "tenant", scope: "deals:read", feature, query: Board.ColumnQuery, tags, response: R.Page(R.Deal),
    handler: ({ params, query }) => Board.column(params.pipelineId, params.stageId, query) }),
  route({ method: "post", path: "/api/deals", summary: "Create a deal (amount in minor units)", auth: "tenant", scope: "deals:write", feature, body: Deal.DealInput, status: 201, tags, response: R.Deal,
    handler: ({ body }) => ApprovalGate.create(body) }),
  route({ method: "get", path: "/api/deals/:dealId", summary: "A deal with its stage history", auth: "tenant", scope: "deals:read", feature, tags, response: R.DealWithHistory,
    handler: ({ params }) => Deal.get(params.dealId) }),
  route({ method: "patch", path: "/api/deals/:dealId", summary: "Update a deal (needs its version)", auth: "tenant", scope: "deals:write", feature, body: Deal.DealPatch, tags, response: R.Deal, accepted: Pending,
    handler: ({ c, params, body }) => heldOr(c, ApprovalGate.update(params.dealId, body)) }),
  route({ method: "delete", path: "/api/deals/:dealId", summary: "Delete a deal", auth: "tenant", scope: "deals:write", feature, tags,
    handler: ({ params }) => Deal.remove(params.dealId) }),
  route({ method: "post", path: "/api/deals/:dealId/move", summary: "Move a deal to a stage or within its column (checks the stage's required fields)", auth: "tenant", scope: "deals:write", feature, body: DealMove.MoveInput, tags, response: R.Deal, accepted: Pending,
    handler: ({ c, params, body }) => heldOr(c, ApprovalGate.move(params.dealId, body)) }),
  route({ method: "get", path: "/api/reports/sales", summary: "Sales report: funnel, win rate, averages, value by stage, won by owner", auth: "tenant", scope: "reports:read", feature: "reports", query: SalesReport.SalesReportQuery, tags: ["reports"], response: R.open({ from: z.string(), to: z.string(), summary: R.open(), funnel: z.array(z.unknown()), months: z.array(z.unknown()) }),
    handler: ({ query }) => SalesReport.get(query) }),
];
