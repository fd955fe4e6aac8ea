import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * Care campaigns: the sweep with 300 contacts due today among 1,000 and among 100,000 contacts (each with
 * a schedule and an entry in the due-time index), measured in the same run, and the send rate into the
 * outbox. Contacts, due entries (and the due contacts' schedules) are written straight to the table in the app's item shapes
 * (the bench measures the sweep, not contact creation). Each timed sweep gets a fresh set of 300 due
 * occurrences, so every run sends 300 messages; the two sizes take turns.
 */
export async function careBench(): Promise<Record<string, number>> {
  const { setPorts } = await import("../../packages/core/src/ports");
  const { OutboxMailer } = await import("../../packages/local/src/outbox");
  const { withActor } = await import("../../packages/core/src/actor");
  const { Auth } = await import("../../packages/core/src/auth");
  const { Tenant } = await import("../../packages/core/src/tenant");
  const { ContactEntity } = await import("../../packages/core/src/db/contact");
  const { DueEntity } = await import("../../packages/core/src/db/due");
  const { CareScheduleEntity } = await import("../../packages/core/src/db/care-schedule");
  const { Care } = await import("../../packages/core/src/retention/care");
  const { CareDates } = await import("../../packages/core/src/retention/care-dates");
  const { CarePlan, DUE_QUEUE } = await import("../../packages/core/src/retention/care-plan");
  const { CareSweep } = await import("../../packages/core/src/retention/care-sweep");

  const outbox = mkdtempSync(join(tmpdir(), "care-bench-"));
  let clock = new Date("2030-03-10T00:30:00Z"); // 08:30 in Shanghai; the campaign sends at 09:00
  setPorts({ mailer: new OutboxMailer(outbox, false), clock: { now: () => clock } });
  const DUE = 300;
  const RUNS = 5;
  const today = "2030-03-10";

  const scenario = async (size: number) => {
    const slug = `care${size}x${Date.now().toString(36)}`;
    const { tenantId, userId } = await Auth.signup({ companyName: `Bench Care ${size}`, slug, name: "Bench", email: `${slug}@example.com`, password: "benchmark password" });
    await withActor({ type: "system", reason: "bench" }, () => Tenant.changePlan(slug, { plan: "enterprise" }));
    const campaign = await withActor({ type: "system", tenantId, reason: "bench" }, () =>
      Care.create({ name: "Birthdays", trigger: { kind: "birthday" }, sendHour: 9, templates: {
        "zh-CN": { subject: "{{contact.name}}，生日快乐", body: "亲爱的{{contact.name}}：\n{{owner.name}} 祝您生日快乐！\n{{tenant.name}}" },
        en: { subject: "Happy birthday, {{contact.name}}", body: "Dear {{contact.name}},\nhappy birthday from {{owner.name}} at {{tenant.name}}." },
      } }));
    const at = clock.toISOString();
    // Birthdays spread over the year from tomorrow on, each with its entry in the due-time index (the
    // schedule items of contacts not due are left out: the sweep never reads them). The due ones are added
    // per run below.
    const contacts = Array.from({ length: size }, (_, i) => {
      const name = `Customer ${String(i).padStart(6, "0")}`;
      const birthday = CareDates.addDays(today, 1 + (i % 360)).slice(5);
      return { tenantId, contactId: `c${i}`, name, nameKey: name.toLowerCase(), email: `c${i}@${slug}.example`, birthday, language: i % 2 ? "en" : "zh-CN",
        companyKey: "-", ownerId: userId, shared: false, tags: [], custom: {}, version: 1, createdAt: at, updatedAt: at };
    });
    const plans = contacts.map((c) => CareDates.next({ kind: "birthday" }, { birthday: c.birthday }, { now: clock, timeZone: "Asia/Shanghai", sendHour: 9 })!);
    const dues = contacts.map((c, i) => ({ queue: DUE_QUEUE, dueAt: plans[i].dueAt, tenantId, recordId: CarePlan.dueRecordId(campaign.campaignId, c.contactId) }));
    const CHUNK = 2500;
    for (let i = 0; i < size; i += CHUNK) {
      await Promise.all([
        ContactEntity.put(contacts.slice(i, i + CHUNK)).go({ concurrency: 4 } as never),
        DueEntity.put(dues.slice(i, i + CHUNK)).go({ concurrency: 4 } as never),
      ]);
      if ((i / CHUNK) % 4 === 3) console.error(`[care bench] ${size}: seeded ${i + CHUNK}`);
    }
    const times: number[] = [];
    let sent = 0;
    /** One timed sweep of 300 contacts whose occurrence falls due at 09:00 today (distinct per run). */
    const runOnce = async (run: number) => {
      const occurrence = `${today.slice(0, 8)}${String(run + 1).padStart(2, "0")}`;
      const dueAt = "2030-03-10T01:00:00.000Z";
      const picked = Array.from({ length: DUE }, (_, k) => contacts[(run * DUE + k) % size]);
      await CareScheduleEntity.put(picked.map((c) => ({ tenantId, contactId: c.contactId, campaignId: campaign.campaignId, occurrence, dueAt, updatedAt: at }))).go({ concurrency: 4 } as never);
      await DueEntity.put(picked.map((c) => ({ queue: DUE_QUEUE, dueAt, tenantId, recordId: CarePlan.dueRecordId(campaign.campaignId, c.contactId) }))).go({ concurrency: 4 } as never);
      clock = new Date("2030-03-10T01:05:00Z");
      const start = performance.now();
      const res = await CareSweep.sweep(clock);
      const ms = performance.now() - start;
      if (res.sent !== DUE) throw new Error(`the sweep sent ${res.sent} of ${DUE} (due ${res.due})`);
      clock = new Date("2030-03-10T00:30:00Z");
      if (run === 0) return; // warm-up
      times.push(ms);
      sent += res.sent;
    };
    const result = () => {
      const sorted = [...times].sort((a, b) => a - b);
      return { p50: sorted[Math.floor(sorted.length / 2)], perS: sent / (times.reduce((a, b) => a + b, 0) / 1000) };
    };
    return { runOnce, result };
  };

  try {
    const small = await scenario(1_000);
    const large = await scenario(100_000);
    // Interleaved, so load from other work on the machine falls on both sizes alike.
    for (let run = 0; run <= RUNS; run++) {
      await small.runOnce(run);
      await large.runOnce(run);
    }
    const [s, l] = [small.result(), large.result()];
    return {
      "care.sweep.p50_ms.100k": l.p50,
      "care.sweep.p50_ms.1k": s.p50,
      "care.sweep.ratio_100k_1k": l.p50 / s.p50,
      "care.sent_per_s": (l.perS + s.perS) / 2,
    };
  } finally {
    rmSync(outbox, { recursive: true, force: true });
  }
}
