import { useTenant } from "../actor";
import type { ContactItem } from "../db/contact";
import { HealthEntity } from "../db/health";
import { LifecycleActivityEntity } from "../db/lifecycle";
import { SegmentEntity } from "../db/segment";
import { NotFoundError, ValidationError } from "../errors";
import { now } from "../ports";
import { Tenant } from "../tenant";
import { Filter } from "./filter";
import { FilterScan } from "./scan";
import { Segment } from "./segment";

export * as SegmentTarget from "./target";

/** Checks that a campaign's `segmentId` names a contact segment the actor sees (400 naming the field otherwise). */
export async function assertContactSegment(segmentId: string, field = "segmentId"): Promise<void> {
  const s = await Segment.load(segmentId).catch((err) => {
    if (err instanceof NotFoundError || (err as { code?: string }).code === "plan.feature_unavailable") {
      throw new ValidationError("The segment does not exist.", { [field]: "Unknown segment." });
    }
    throw err;
  });
  if (s.objectType !== "contact") throw new ValidationError("Use a segment of contacts.", { [field]: "Not a contact segment." });
}

/**
 * Whether a contact is in a segment now (read as the system: one record, a get per item). A segment that
 * is gone, or a workspace that lost the feature, contains no one, so a limited campaign never widens.
 */
export async function contains(segmentId: string, contact: ContactItem): Promise<boolean> {
  const tenantId = useTenant();
  if (!(await Tenant.features()).includes("segments")) return false;
  const { data: s } = await SegmentEntity.get({ tenantId, segmentId }).go();
  if (!s || s.objectType !== "contact") return false;
  const filter = await FilterScan.compile("contact", s.filter as never);
  let extra: { band?: string; last?: string } | undefined;
  if (Filter.needsHealth(s.filter as Filter.Filter)) {
    const recordKey = `contact#${contact.contactId}`;
    const [h, a] = await Promise.all([HealthEntity.get({ tenantId, recordKey }).go(), LifecycleActivityEntity.get({ tenantId, recordKey }).go()]);
    const last = [(h.data?.aggregates as { lastActivityAt?: string } | undefined)?.lastActivityAt, a.data?.lastActivityAt].filter((x): x is string => !!x).sort().at(-1);
    extra = { band: h.data?.band, last };
  }
  return Filter.matches(FilterScan.asFilterRecord("contact", contact, extra), filter, { now: now(), timeZone: (await Tenant.settings()).timeZone });
}
