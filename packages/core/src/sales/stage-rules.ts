import type { StageKind } from "./counters";

export * as StageRules from "./stage-rules";

/** A stage as stored on its pipeline. */
export interface Stage {
  stageId: string;
  name: string;
  /** Win probability in percent, for the weighted pipeline value. */
  probability: number;
  kind: StageKind;
  /** What to do in this stage (shown on the deal, like Salesforce's Path guidance). */
  guidance: string;
  /** Deal fields that must be filled before a deal may leave this stage: built-in keys or `custom.<key>`. */
  requiredFields: string[];
}

/** Deal fields a stage may require (the title and owner are always there). */
export const REQUIRABLE = ["amount", "closeDate", "contactId", "companyId", "source", "tags"] as const;
export const MAX_STAGES = 30;

type DealLike = Partial<Record<(typeof REQUIRABLE)[number], unknown>> & { custom?: Record<string, unknown> | null };

function blank(v: unknown): boolean {
  return v === undefined || v === null || (typeof v === "string" && v.trim() === "") || (Array.isArray(v) && v.length === 0);
}

/** The required fields the deal lacks. An amount of 0 is a value; an empty tag list is not. */
export function missingFields(deal: DealLike, required: string[]): string[] {
  return required.filter((f) => (f.startsWith("custom.") ? blank(deal.custom?.[f.slice("custom.".length)]) : blank(deal[f as keyof DealLike])));
}

/**
 * Problems with a list of stages, by field path (`stages.2.name`): names must be unique (ignoring case) and
 * at least one stage must be open, since a new deal starts in one.
 */
export function problems(stages: Array<Pick<Stage, "name" | "kind">>): Record<string, string> {
  const out: Record<string, string> = {};
  const seen = new Map<string, number>();
  stages.forEach((s, i) => {
    const key = s.name.trim().toLowerCase();
    if (seen.has(key)) out[`stages.${i}.name`] = `Same name as stage ${seen.get(key)! + 1}.`;
    else seen.set(key, i);
  });
  if (!stages.some((s) => s.kind === "open")) out.stages = "Keep at least one open stage.";
  return out;
}

/** The first stage a new deal goes to when none is given. */
export function firstOpen(stages: Stage[]): Stage | undefined {
  return stages.find((s) => s.kind === "open");
}

/** The stages of a new pipeline when none are given, in the tenant's language. */
export function defaults(locale: string): Array<Omit<Stage, "stageId">> {
  const zh = locale === "zh-CN";
  return [
    { name: zh ? "初步接洽" : "Qualified", probability: 10, kind: "open", guidance: zh ? "确认需求、预算和决策人。" : "Confirm the need, the budget and who decides.", requiredFields: [] },
    { name: zh ? "方案报价" : "Proposal", probability: 40, kind: "open", guidance: zh ? "发送方案和报价，约定下次沟通时间。" : "Send the proposal and agree on the next call.", requiredFields: ["amount"] },
    { name: zh ? "商务谈判" : "Negotiation", probability: 70, kind: "open", guidance: zh ? "处理异议，确认合同条款和签约日期。" : "Handle objections; agree on terms and the signing date.", requiredFields: ["amount", "closeDate"] },
    { name: zh ? "赢单" : "Won", probability: 100, kind: "won", guidance: "", requiredFields: [] },
    { name: zh ? "输单" : "Lost", probability: 0, kind: "lost", guidance: "", requiredFields: [] },
  ];
}
