import { z } from "zod";
import { assertScope, useTenant } from "../actor";
import { BoardCounterEntity } from "../db/board-counter";
import { PipelineEntity, type PipelineItem } from "../db/pipeline";
import { UsageEntity } from "../db/usage";
import { ConflictError, DomainError, NotFoundError, ValidationError } from "../errors";
import { newId } from "../id";
import { Plan } from "../plan";
import { now } from "../ports";
import { Tenant } from "../tenant";
import { Tx } from "../tx";
import { Id, Name, parse } from "../validation";
import { ALL } from "./counters";
import { MAX_STAGES, REQUIRABLE, type Stage, StageRules } from "./stage-rules";

export * as Pipeline from "./pipeline";

const Version = z.number().int().positive();
const FieldKey = z.union([z.enum(REQUIRABLE), z.string().regex(/^custom\.[A-Za-z0-9_-]{1,64}$/, "Use a deal field or custom.<key>.")]);
const StageFields = {
  name: z.string().trim().min(1, "Required.").max(100),
  probability: z.number().int().min(0).max(100),
  kind: z.enum(["open", "won", "lost"]),
  guidance: z.string().trim().max(2000),
  requiredFields: z.array(FieldKey).max(20),
};
/** A stage as given: name and kind; probability defaults by kind (won 100, otherwise 0). */
export const StageInput = z.strictObject(StageFields).partial().required({ name: true });
const StageInList = StageInput.extend({ stageId: Id.optional() });
export const Currency = z.string().trim().regex(/^[A-Za-z]{3}$/, "Use a 3-letter ISO code.").toUpperCase();

export const PipelineInput = z.strictObject({ name: Name, currency: Currency.optional(), stages: z.array(StageInput).min(1).max(MAX_STAGES).optional() });
/** Renames and/or replaces the stage list: stages with a `stageId` are kept (and edited), others added, missing ones removed. */
export const PipelinePatch = z.strictObject({ version: Version, name: Name.optional(), stages: z.array(StageInList).min(1).max(MAX_STAGES).optional() });
export const StageAddInput = StageInput.extend({ version: Version, index: z.number().int().min(0).max(MAX_STAGES).optional() });
export const StagePatch = z.strictObject({ ...StageFields, version: Version }).partial().required({ version: true });
export const StageOrderInput = z.strictObject({ version: Version, stageIds: z.array(Id).min(1).max(MAX_STAGES) });

export function present(p: PipelineItem) {
  return { ...p, stages: p.stages as Stage[] };
}
export type Pipeline = ReturnType<typeof present>;

function stageOf(input: z.infer<typeof StageInList>, before?: Stage): Stage {
  const kind = input.kind ?? before?.kind ?? "open";
  return {
    stageId: input.stageId ?? before?.stageId ?? newId(),
    name: input.name,
    kind,
    probability: input.probability ?? before?.probability ?? (kind === "won" ? 100 : 0),
    guidance: input.guidance ?? before?.guidance ?? "",
    requiredFields: [...new Set(input.requiredFields ?? before?.requiredFields ?? [])],
  };
}

function checkStages(stages: Stage[]) {
  const problems = StageRules.problems(stages);
  if (Object.keys(problems).length) throw new ValidationError("Check the stages.", problems, "pipeline.invalid_stages");
}

function stageNotEmpty(stage: Stage, count: number | null) {
  const what = count === null ? "deals" : `${count} deal${count === 1 ? "" : "s"}`;
  return new DomainError("pipeline.stage_not_empty", `The stage "${stage.name}" still holds ${what}; move them to another stage first.`, 409, undefined, { stageId: stage.stageId, count });
}

/** The pipeline, or 404 (another tenant's id answers like an unknown one). */
export async function load(pipelineId: string): Promise<Pipeline> {
  const { data } = await PipelineEntity.get({ tenantId: useTenant(), pipelineId }).go();
  if (!data) throw new NotFoundError("pipeline");
  return present(data);
}

/** Count and amount of each stage of a pipeline (its `all` board counters): one query. */
export async function stageCounts(pipelineId: string, scope = ALL): Promise<Map<string, { count: number; amount: number }>> {
  const { data } = await BoardCounterEntity.query.primary({ tenantId: useTenant(), pipelineId, scope }).go({ pages: "all" });
  return new Map(data.map((c) => [c.stageId, { count: c.count ?? 0, amount: c.amount ?? 0 }]));
}

export async function list(): Promise<{ items: Pipeline[] }> {
  assertScope("deals:read");
  const { data } = await PipelineEntity.query.primary({ tenantId: useTenant() }).go({ pages: "all" });
  return { items: data.map(present) };
}

export async function get(pipelineId: string): Promise<Pipeline> {
  assertScope("deals:read");
  return load(pipelineId);
}

/** Creates a pipeline (default stages in the tenant's language unless given), within the plan's limit. */
export async function create(raw: unknown): Promise<Pipeline> {
  assertScope("settings:write");
  await Tenant.requireFeature("deals");
  const input = parse(PipelineInput, raw);
  const settings = await Tenant.settings();
  const stages = (input.stages ?? StageRules.defaults(settings.locale)).map((s) => stageOf(s));
  checkStages(stages);
  const tenantId = useTenant();
  const limit = Plan.get((await Tenant.current()).plan).limits.pipelines;
  const at = now().toISOString();
  const item: PipelineItem = { tenantId, pipelineId: newId(), name: input.name, currency: input.currency ?? settings.currency, stages, version: 1, createdAt: at, updatedAt: at };
  const tx = new Tx(tenantId).add(() => PipelineEntity.create(item));
  tx.add(() => {
    const u = UsageEntity.update({ tenantId }).add({ pipelines: 1 });
    // Usage items made before pipelines existed lack the counter.
    return limit === null ? u : u.where((a, op) => `(${op.notExists(a.pipelines)} OR ${op.lt(a.pipelines, limit)})`);
  }, () => Plan.limitReached("pipelines"));
  for (const s of stages) tx.add(() => BoardCounterEntity.create({ tenantId, pipelineId: item.pipelineId, scope: ALL, stageId: s.stageId, kind: s.kind, count: 0, amount: 0 }));
  await tx.audit({ action: "pipeline.created", recordType: "pipeline", recordId: item.pipelineId, after: present(item) }).event("pipeline.created", present(item)).run();
  return present(item);
}

/**
 * Saves a new name and stage list with the pipeline's version. A stage may only be removed, or change its
 * kind, while it holds no deals: its counter item is deleted (or changed) on the condition that its count
 * is 0, in the same transaction, so a deal moved in meanwhile makes this write fail instead of vanishing.
 */
async function save(before: Pipeline, version: number, changes: { name?: string; stages?: Stage[] }, action: string): Promise<Pipeline> {
  const tenantId = useTenant();
  const stages = changes.stages ?? before.stages;
  checkStages(stages);
  const old = new Map(before.stages.map((s) => [s.stageId, s]));
  const next = new Map(stages.map((s) => [s.stageId, s]));
  const removed = before.stages.filter((s) => !next.has(s.stageId));
  const added = stages.filter((s) => !old.has(s.stageId));
  const rekinded = stages.filter((s) => old.has(s.stageId) && old.get(s.stageId)!.kind !== s.kind);
  if (removed.length || rekinded.length) {
    const counts = await stageCounts(before.pipelineId);
    for (const s of [...removed, ...rekinded]) {
      const count = counts.get(s.stageId)?.count ?? 0;
      if (count > 0) throw stageNotEmpty(old.get(s.stageId)!, count);
    }
  }
  const after: PipelineItem = { ...before, name: changes.name ?? before.name, stages, version: before.version + 1, updatedAt: now().toISOString() };
  const key = (stageId: string) => ({ tenantId, pipelineId: before.pipelineId, scope: ALL, stageId });
  const tx = new Tx(tenantId).add(() => PipelineEntity.put(after).where((a, op) => op.eq(a.version, version)), () => new ConflictError());
  for (const s of removed) tx.add(() => BoardCounterEntity.delete(key(s.stageId)).where((a, op) => op.eq(a.count, 0)), () => stageNotEmpty(s, null));
  for (const s of rekinded) tx.add(() => BoardCounterEntity.patch(key(s.stageId)).set({ kind: s.kind }).where((a, op) => op.eq(a.count, 0)), () => stageNotEmpty(s, null));
  for (const s of added) tx.add(() => BoardCounterEntity.create({ ...key(s.stageId), kind: s.kind, count: 0, amount: 0 }));
  await tx.audit({ action, recordType: "pipeline", recordId: before.pipelineId, before, after: present(after) }).event("pipeline.updated", present(after)).run();
  return present(after);
}

async function forUpdate(pipelineId: string) {
  assertScope("settings:write");
  return load(pipelineId);
}

/** Renames the pipeline and/or replaces its stages (kept by id, added without one, removed when left out). */
export async function update(pipelineId: string, raw: unknown): Promise<Pipeline> {
  const input = parse(PipelinePatch, raw);
  const before = await forUpdate(pipelineId);
  const old = new Map(before.stages.map((s) => [s.stageId, s]));
  const fields: Record<string, string> = {};
  const seen = new Set<string>();
  (input.stages ?? []).forEach((s, i) => {
    if (!s.stageId) return;
    if (!old.has(s.stageId)) fields[`stages.${i}.stageId`] = "Not a stage of this pipeline.";
    else if (seen.has(s.stageId)) fields[`stages.${i}.stageId`] = "Listed twice.";
    seen.add(s.stageId);
  });
  if (Object.keys(fields).length) throw new ValidationError("Check the stages.", fields, "pipeline.invalid_stages");
  const stages = input.stages?.map((s) => stageOf(s, s.stageId ? old.get(s.stageId) : undefined));
  return save(before, input.version, { name: input.name, stages }, "pipeline.updated");
}

/** Adds a stage at `index` (default: before the first won or lost stage). */
export async function addStage(pipelineId: string, raw: unknown): Promise<Pipeline> {
  const { version, index, ...input } = parse(StageAddInput, raw);
  const before = await forUpdate(pipelineId);
  if (before.stages.length >= MAX_STAGES) throw new ValidationError(`A pipeline has at most ${MAX_STAGES} stages.`, { stages: "Too many." });
  const closedAt = before.stages.findIndex((s) => s.kind !== "open");
  const at = Math.min(index ?? (closedAt < 0 ? before.stages.length : closedAt), before.stages.length);
  const stages = [...before.stages];
  stages.splice(at, 0, stageOf(input));
  return save(before, version, { stages }, "pipeline.stage_added");
}

function findStage(p: Pipeline, stageId: string): Stage {
  const s = p.stages.find((x) => x.stageId === stageId);
  if (!s) throw new NotFoundError("stage");
  return s;
}

/** Renames a stage or changes its probability, kind, guidance or required fields. */
export async function updateStage(pipelineId: string, stageId: string, raw: unknown): Promise<Pipeline> {
  const { version, ...input } = parse(StagePatch, raw);
  const before = await forUpdate(pipelineId);
  const stage = findStage(before, stageId);
  const edited = stageOf({ ...stage, ...input, stageId }, stage);
  return save(before, version, { stages: before.stages.map((s) => (s.stageId === stageId ? edited : s)) }, "pipeline.stage_updated");
}

/** Removes a stage; 409 `pipeline.stage_not_empty` (with the count) while deals are in it. */
export async function removeStage(pipelineId: string, stageId: string): Promise<Pipeline> {
  const before = await forUpdate(pipelineId);
  findStage(before, stageId);
  return save(before, before.version, { stages: before.stages.filter((s) => s.stageId !== stageId) }, "pipeline.stage_removed");
}

/** Puts the stages in the given order (every stage exactly once). */
export async function reorderStages(pipelineId: string, raw: unknown): Promise<Pipeline> {
  const input = parse(StageOrderInput, raw);
  const before = await forUpdate(pipelineId);
  const byId = new Map(before.stages.map((s) => [s.stageId, s]));
  const ids = new Set(input.stageIds);
  if (ids.size !== input.stageIds.length || ids.size !== byId.size || input.stageIds.some((id) => !byId.has(id))) {
    throw new ValidationError("List every stage of the pipeline exactly once.", { stageIds: "Must list each stage once." });
  }
  return save(before, input.version, { stages: input.stageIds.map((id) => byId.get(id)!) }, "pipeline.stages_reordered");
}

/** Deletes an empty pipeline (409 `pipeline.not_empty` while it holds deals) and frees its plan slot. */
export async function remove(pipelineId: string): Promise<void> {
  const before = await forUpdate(pipelineId);
  const tenantId = useTenant();
  const notEmpty = () => new ConflictError("The pipeline still holds deals; move or delete them first.", "pipeline.not_empty");
  const counts = await stageCounts(pipelineId);
  if ([...counts.values()].some((c) => c.count > 0)) throw notEmpty();
  const tx = new Tx(tenantId).add(() => PipelineEntity.delete({ tenantId, pipelineId }).where((a, op) => op.eq(a.version, before.version)), () => new ConflictError());
  for (const s of before.stages) tx.add(() => BoardCounterEntity.delete({ tenantId, pipelineId, scope: ALL, stageId: s.stageId }).where((a, op) => op.eq(a.count, 0)), notEmpty);
  tx.add(() => UsageEntity.update({ tenantId }).add({ pipelines: -1 }));
  await tx.audit({ action: "pipeline.deleted", recordType: "pipeline", recordId: pipelineId, before }).event("pipeline.deleted", { pipelineId }).run();
}
