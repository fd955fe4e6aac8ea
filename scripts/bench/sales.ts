import { p50 } from "./db";

/**
 * Sales: the board's first page and the sales dashboard (12 months of the report) of a pipeline with
 * 100,000 deals against one with 1,000, measured in the same run, with the DynamoDB requests each makes.
 * Deals and their counters are written in batches for speed, but as the same items the app writes: the
 * deal items with their index keys (ElectroDB builds them), and counter totals computed by the app's own
 * `Counters.changes` from each deal's facts, so the board and the report read them as in production.
 */
export async function sales(): Promise<Record<string, number>> {
  const { MemoryMailer, setPorts } = await import("../../packages/core/src/ports");
  const { withActor } = await import("../../packages/core/src/actor");
  const { Auth } = await import("../../packages/core/src/auth");
  const { Tenant } = await import("../../packages/core/src/tenant");
  const { documentClient } = await import("../../packages/core/src/table");
  const { DealEntity } = await import("../../packages/core/src/db/deal");
  const { BoardCounterEntity } = await import("../../packages/core/src/db/board-counter");
  const { SalesStatEntity } = await import("../../packages/core/src/db/sales-stat");
  const { Pipeline } = await import("../../packages/core/src/sales/pipeline");
  const { Board } = await import("../../packages/core/src/sales/board");
  const { Deal } = await import("../../packages/core/src/sales/deal");
  const { Counters } = await import("../../packages/core/src/sales/counters");
  const { Position } = await import("../../packages/core/src/sales/position");
  const { SalesReport } = await import("../../packages/core/src/sales/sales-report");
  const { ReportMath } = await import("../../packages/core/src/sales/report-math");

  setPorts({ mailer: new MemoryMailer() });
  const slug = `sales${Date.now().toString(36)}`;
  const { tenantId, userId } = (await Auth.signup({ companyName: "Bench Sales", slug, name: "Bench", email: `${slug}@example.com`, password: "benchmark password" })) as { tenantId: string; userId: string };
  await withActor({ type: "system", reason: "bench" }, () => Tenant.changePlan(slug, { plan: "enterprise" }));
  const asOwner = <T>(fn: () => Promise<T>) => withActor({ type: "user", userId, email: `${slug}@example.com`, tenantId, role: "owner", teamIds: [] }, fn);

  // Every DynamoDB request of the process goes through the one document client: count them there.
  let requests = 0;
  documentClient().middlewareStack.add((next) => async (args) => {
    requests++;
    return next(args);
  }, { step: "initialize", name: "benchRequestCounter" });

  const MONTHS = ReportMath.monthsBetween("2025-01", "2025-12");
  const OWNERS = [userId, ...Array.from({ length: 7 }, (_, i) => `benchowner${i}`)];
  const SOURCES = ["web", "fair", "referral", "微信", null];
  let seed = 1;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const base62 = (n: number) => Array.from({ length: 3 }, (_, i) => Position.DIGITS[Math.floor(n / 62 ** (2 - i)) % 62]).join("");

  const seedPipeline = async (name: string, count: number) => {
    const pipeline = await asOwner(() => Pipeline.create({ name }));
    const totals = new Map<string, { target: ReturnType<typeof Counters.changes>[number]["target"]; add: Record<string, number> }>();
    const perStage = new Map<string, number>();
    let batch: Array<Record<string, unknown>> = [];
    const flush = async () => {
      const items = batch;
      batch = [];
      if (items.length) await DealEntity.put(items as never).go({ concurrency: 4 } as never);
    };
    for (let i = 0; i < count; i++) {
      const stage = pipeline.stages[Math.floor(random() * pipeline.stages.length)];
      const n = perStage.get(stage.stageId) ?? 0;
      perStage.set(stage.stageId, n + 1);
      const month = MONTHS[Math.floor(random() * MONTHS.length)];
      const day = String(1 + Math.floor(random() * 27)).padStart(2, "0");
      const createdAt = `${month}-${day}T02:00:00.000Z`;
      const closed = stage.kind !== "open";
      const closedAt = closed ? new Date(Date.parse(createdAt) + Math.floor(random() * 20) * 86400_000).toISOString() : undefined;
      const title = `Bench deal ${i}`;
      const reached = Counters.newlyReached(pipeline.stages, stage.stageId, []);
      const item = {
        tenantId, dealId: `bench${name}${String(i).padStart(7, "0")}`, pipelineId: pipeline.pipelineId, stageId: stage.stageId, status: stage.kind,
        // Integer keys of four characters ("c" + three base-62 digits): valid, distinct and in insertion order.
        position: `c${base62(n)}`, title, titleKey: title.toLowerCase(), amount: 1000 + Math.floor(random() * 1_000_000), currency: pipeline.currency,
        ownerId: OWNERS[Math.floor(random() * OWNERS.length)], shared: false, source: SOURCES[Math.floor(random() * SOURCES.length)] ?? undefined, tags: [], custom: {},
        wonReason: stage.kind === "won" ? "Bench" : undefined, lostReason: stage.kind === "lost" ? "Bench" : undefined,
        closedAt, closedMonth: closedAt ? closedAt.slice(0, 7) : undefined, stageEnteredAt: closedAt ?? createdAt, reached, version: 1, createdAt, updatedAt: closedAt ?? createdAt,
      };
      const flows = Counters.entryFlows({ pipelineId: pipeline.pipelineId, month, stageId: stage.stageId, reached, created: { amount: item.amount, source: item.source } });
      for (const c of Counters.changes(null, Deal.facts(item as never), flows)) {
        const key = Counters.keyOf(c.target);
        const t = totals.get(key) ?? totals.set(key, { target: c.target, add: {} }).get(key)!;
        for (const [f, v] of Object.entries(c.add)) t.add[f] = (t.add[f] ?? 0) + v;
      }
      batch.push(item);
      if (batch.length >= 1000) await flush();
    }
    await flush();
    // The counters: the stage's `all` items exist (made with the pipeline) and keep their kind; the rest are new.
    const writes = [...totals.values()].map(({ target: t, add }) =>
      t.type === "board"
        ? BoardCounterEntity.update({ tenantId, pipelineId: t.pipelineId, scope: t.scope, stageId: t.stageId }).add(add as never).go()
        : SalesStatEntity.update({ tenantId, pipelineId: t.pipelineId, month: t.month, dimension: t.dimension }).add(add as never).go(),
    );
    for (let i = 0; i < writes.length; i += 50) await Promise.all(writes.slice(i, i + 50));
    return pipeline.pipelineId;
  };

  const seeded = performance.now();
  const big = await seedPipeline("big", 100_000);
  const small = await seedPipeline("small", 1_000);
  const seedSeconds = (performance.now() - seeded) / 1000;

  const board = (pipelineId: string) => asOwner(() => Board.get(pipelineId, {}));
  const dashboard = (pipelineId: string) => asOwner(() => SalesReport.get({ pipelineId, from: "2025-01", to: "2025-12" }));
  const requestsOf = async (fn: () => Promise<unknown>) => {
    const before = requests;
    await fn();
    return requests - before;
  };
  // Sanity: the board shows all 100,000 deals in its counts, and the year's report counts them all as created.
  const check = await board(big);
  const shown = check.columns.reduce((a, c) => a + c.count, 0);
  if (shown !== 100_000) throw new Error(`board counts ${shown} deals, expected 100000`);
  const year = await dashboard(big);
  if (year.summary.created !== 100_000) throw new Error(`report counts ${year.summary.created} created deals, expected 100000`);

  const board1k = await p50(() => board(small), 30, 5);
  const board100k = await p50(() => board(big), 30, 5);
  const dash1k = await p50(() => dashboard(small), 30, 5);
  const dash100k = await p50(() => dashboard(big), 30, 5);
  const boardRequests = await requestsOf(() => board(big));
  const dashRequests = await requestsOf(() => dashboard(big));
  if (boardRequests !== (await requestsOf(() => board(small)))) throw new Error("the board made a different number of requests for 1,000 deals");
  if (dashRequests !== (await requestsOf(() => dashboard(small)))) throw new Error("the dashboard made a different number of requests for 1,000 deals");

  return {
    "sales.seed_s": seedSeconds,
    "board.first_page.p50_ms.100k": board100k,
    "board.first_page.p50_ms.1k": board1k,
    "board.first_page.ratio_100k_1k": board100k / board1k,
    "board.first_page.ddb_requests": boardRequests,
    "reports.dashboard.p50_ms.100k": dash100k,
    "reports.dashboard.p50_ms.1k": dash1k,
    "reports.dashboard.ratio_100k_1k": dash100k / dash1k,
    "reports.dashboard.ddb_requests": dashRequests,
  };
}
