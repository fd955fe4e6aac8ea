import { useTenant } from "../actor";
import { DealEntity } from "../db/deal";
import { LeadEntity } from "../db/lead";
import { MarketingMarkEntity, MarketingStatEntity } from "../db/marketing-campaign";
import { DomainError } from "../errors";
import type { DomainEvent } from "../ports";
import { Tenant } from "../tenant";
import { Tx } from "../tx";
import { RoiMath } from "./roi-math";

export * as RoiCounter from "./roi-counter";

/** The events the ROI counters follow. */
export const EVENT_TYPES = [
  "lead.created", "lead.updated", "lead.converted", "lead.deleted",
  "deal.created", "deal.updated", "deal.stage_changed", "deal.won", "deal.lost", "deal.deleted",
  "marketing_campaign.cost_added", "marketing_campaign.cost_removed", "marketing_campaign.deleted",
];

/** The version a mark takes when its record is gone: nothing can follow a deletion. */
const GONE = Number.MAX_SAFE_INTEGER;

class Counted extends DomainError {
  constructor() {
    super("marketing.counted", "Counted before, or changed meanwhile.", 409);
  }
}

/**
 * Moves the counters of one lead, deal or cost line from the state counted before (kept in its mark) to
 * `after`. An older or repeated version changes nothing, so redelivered and reordered events leave the
 * counters equal to a recount of the records.
 */
async function applyState(markId: string, version: number, after: RoiMath.Contribution[]) {
  const tenantId = useTenant();
  for (let attempt = 0; attempt < 8; attempt++) {
    const { data: mark } = await MarketingMarkEntity.get({ tenantId, markId }).go();
    if (mark && mark.version >= version) return;
    const before = (mark?.state as RoiMath.Contribution[] | undefined) ?? [];
    const next = { tenantId, markId, version, state: after };
    const tx = new Tx(tenantId).add(
      () => (mark ? MarketingMarkEntity.put(next).where((a, op) => op.eq(a.version, mark.version)) : MarketingMarkEntity.create(next)),
      () => new Counted(),
    );
    for (const c of RoiMath.diff(before, after)) {
      tx.add(() => MarketingStatEntity.update({ tenantId, month: c.month, campaignKey: c.campaignKey, sourceKey: c.sourceKey, currency: c.currency || RoiMath.NONE }).add(c.add as never));
    }
    try {
      return await tx.run();
    } catch (err) {
      if (!(err instanceof Counted)) throw err;
    }
  }
}

async function countLead(leadId: string, timeZone: string) {
  const { data } = await LeadEntity.get({ tenantId: useTenant(), leadId }).go();
  return data ? applyState(`l#${leadId}`, data.version, RoiMath.leadContributions(data, timeZone)) : applyState(`l#${leadId}`, GONE, []);
}

async function countDeal(dealId: string, timeZone: string) {
  const { data } = await DealEntity.get({ tenantId: useTenant(), dealId }).go();
  if (!data) return applyState(`d#${dealId}`, GONE, []);
  return applyState(`d#${dealId}`, data.version, RoiMath.dealContributions(data, timeZone));
}

type Line = { lineId: string; date: string; amount: number };

/**
 * Event handler: keeps the monthly ROI counters per campaign and source. Leads and deals are read as they
 * are now (the event only says which one changed), so any change to their campaign, source, status or
 * amount moves the counts; cost lines come with their events.
 */
export async function record(event: DomainEvent): Promise<void> {
  const d = (event.data ?? {}) as Record<string, any>;
  const { timeZone } = await Tenant.settings();
  if (event.type.startsWith("lead.")) return countLead(d.leadId, timeZone);
  if (event.type.startsWith("deal.")) return countDeal(d.dealId ?? d.deal?.dealId, timeZone);
  if (event.type === "marketing_campaign.cost_added" || event.type === "marketing_campaign.cost_removed") {
    const line = d.line as Line;
    const state = event.type === "marketing_campaign.cost_added" ? RoiMath.costContributions({ campaignId: d.campaignId, channel: d.channel, date: line.date, amount: line.amount }) : [];
    // A line is added once and removed once: version 1, then 2.
    return applyState(`c#${line.lineId}`, event.type === "marketing_campaign.cost_added" ? 1 : 2, state);
  }
  if (event.type === "marketing_campaign.deleted") {
    for (const line of (d.costs ?? []) as Line[]) await applyState(`c#${line.lineId}`, 2, []);
  }
}
