import nodemailer from "nodemailer";
import { p50 } from "./db";

/**
 * Service desk: inbound mail through the real local SMTP server into tickets versus mailparser alone on
 * the same mails; the SLA sweep with 100 due tickets among 1,000 and among 100,000 entries of the
 * due-time index, measured in the same run.
 */
export async function service(): Promise<Record<string, number>> {
  const { MemoryMailer, setPorts } = await import("../../packages/core/src/ports");
  const { withActor } = await import("../../packages/core/src/actor");
  const { Auth } = await import("../../packages/core/src/auth");
  const { Tenant } = await import("../../packages/core/src/tenant");
  const { composeMail } = await import("../../packages/core/src/mail-compose");
  const { MailParse } = await import("../../packages/core/src/service/mail-parse");
  const { startSmtp } = await import("../../packages/local/src/smtp");
  const { SlaConfig } = await import("../../packages/core/src/service/sla-config");
  const { Ticket } = await import("../../packages/core/src/service/ticket");
  const { SlaSweep } = await import("../../packages/core/src/service/sla-sweep");
  const { DueEntity } = await import("../../packages/core/src/db/due");
  const { DUE_QUEUE } = await import("../../packages/core/src/service/sla-state");

  let clock = new Date();
  setPorts({ mailer: new MemoryMailer(), clock: { now: () => clock } });
  const slug = `svc${Date.now().toString(36)}`;
  const { tenantId } = await Auth.signup({ companyName: "Bench Desk", slug, name: "Bench", email: `${slug}@example.com`, password: "benchmark password" });
  const { PLANS } = await import("../../packages/core/src/plan");
  void PLANS;
  await withActor({ type: "system", reason: "bench" }, () => Tenant.changePlan(slug, { plan: "enterprise" }));

  // Inbound mail.
  const N = 300;
  const raws = await Promise.all(
    Array.from({ length: N }, (_, i) =>
      composeMail({ from: `customer${i}@bench.example`, to: [`${slug}@inbound.crm.localhost`], subject: `订单问题 ${i}`, text: `第 ${i} 封邮件。\n\n> quoted history\n> more` }, `<bench-${slug}-${i}@bench.example>`),
    ),
  );
  let t = performance.now();
  for (const raw of raws) await MailParse.parse(raw);
  const parsePerS = N / ((performance.now() - t) / 1000);
  const smtp = await startSmtp({ port: 0, log: false });
  const transport = nodemailer.createTransport({ host: "127.0.0.1", port: smtp.port, ignoreTLS: true, pool: true, maxConnections: 1 });
  t = performance.now();
  for (const raw of raws) await transport.sendMail({ envelope: { from: "bench@bench.example", to: [`${slug}@inbound.crm.localhost`] }, raw });
  const inboundPerS = N / ((performance.now() - t) / 1000);
  transport.close();
  await smtp.close();

  // SLA sweep.
  await withActor({ type: "system", tenantId, reason: "bench" }, () =>
    SlaConfig.create("policy", { name: "Bench", position: 1, targets: { firstResponse: { minutes: 10, businessHours: false } } }),
  ).catch(async (err) => {
    throw err;
  });
  let filler = 0;
  const fill = async (count: number) => {
    const items = Array.from({ length: count }, (_, i) => ({ queue: DUE_QUEUE, dueAt: `2099-01-01T00:00:00.${String(filler + i).padStart(6, "0")}Z`, tenantId, recordId: `filler${filler + i}` }));
    for (let i = 0; i < items.length; i += 2500) await DueEntity.put(items.slice(i, i + 2500)).go({ concurrency: 4 } as never);
    filler += count;
  };
  const scenario = async () => {
    const times: number[] = [];
    for (let run = 0; run < 3; run++) {
      clock = new Date(Date.UTC(2030, 0, 1, run));
      await withActor({ type: "system", tenantId, reason: "bench" }, async () => {
        for (let i = 0; i < 100; i += 10) {
          await Promise.all(Array.from({ length: 10 }, (_, j) => Ticket.open({ subject: `due ${run}-${i + j}`, requesterEmail: `due${run}x${i + j}@bench.example`, channel: "api", message: { kind: "inbound", authorType: "customer", text: "x" } })));
        }
      });
      clock = new Date(clock.getTime() + 11 * 60_000);
      const start = performance.now();
      const res = await SlaSweep.sweep(clock);
      times.push(performance.now() - start);
      if (res.tickets !== 100) throw new Error(`sweep saw ${res.tickets} due tickets, expected 100`);
    }
    return times.sort((a, b) => a - b)[1];
  };
  await fill(900);
  const sweep1k = await scenario();
  await fill(99_900 - 900);
  const sweep100k = await scenario();
  void p50;

  return {
    "inbound.mails_per_s": inboundPerS,
    "inbound.parse_only_mails_per_s": parsePerS,
    "inbound.ratio": inboundPerS / parsePerS,
    "sla.sweep.p50_ms.100k": sweep100k,
    "sla.sweep.p50_ms.1k": sweep1k,
    "sla.sweep.ratio_100k_1k": sweep100k / sweep1k,
  };
}
