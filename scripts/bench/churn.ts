/**
 * Churn: the daily recompute of one tenant with 1,000 customers whose scores all move (30 days later),
 * in customers rescored and written per second. Contacts are written straight to the table (the bench
 * measures the recompute, not contact creation); a first untimed run creates their health items.
 */
export async function churnBench(): Promise<Record<string, number>> {
  const { MemoryMailer, setPorts } = await import("../../packages/core/src/ports");
  const { withActor } = await import("../../packages/core/src/actor");
  const { Auth } = await import("../../packages/core/src/auth");
  const { Tenant } = await import("../../packages/core/src/tenant");
  const { ContactEntity } = await import("../../packages/core/src/db/contact");
  const { Churn } = await import("../../packages/core/src/retention/churn");

  let clock = new Date();
  setPorts({ mailer: new MemoryMailer(), clock: { now: () => clock } });
  const slug = `churn${Date.now().toString(36)}`;
  const { tenantId, userId } = await Auth.signup({ companyName: "Bench Churn", slug, name: "Bench", email: `${slug}@example.com`, password: "benchmark password" });
  await withActor({ type: "system", reason: "bench" }, () => Tenant.changePlan(slug, { plan: "enterprise" }));

  const N = 1000;
  const at = clock.toISOString();
  const contacts = Array.from({ length: N }, (_, i) => {
    const name = `Customer ${String(i).padStart(5, "0")}`;
    return { tenantId, contactId: `bench${i}`, name, nameKey: name.toLowerCase(), companyKey: "-", ownerId: userId, shared: false, tags: [], custom: {}, version: 1, createdAt: at, updatedAt: at };
  });
  for (let i = 0; i < contacts.length; i += 500) await ContactEntity.put(contacts.slice(i, i + 500)).go({ concurrency: 4 } as never);

  const run = () => withActor({ type: "system", tenantId, reason: "bench" }, () => Churn.recomputeTenant(clock));
  await run();
  clock = new Date(clock.getTime() + 30 * 86_400_000);
  const t = performance.now();
  const r = await run();
  const seconds = (performance.now() - t) / 1000;
  if (r.changed !== N) throw new Error(`expected ${N} changed scores, got ${r.changed}`);
  const t2 = performance.now();
  await run(); // nothing moved: reads only
  const unchangedSeconds = (performance.now() - t2) / 1000;
  return { "churn.recompute.per_s": N / seconds, "churn.recompute_unchanged.per_s": N / unchangedSeconds };
}
