import { afterEach, describe, expect, it } from "vitest";
import { now, setPorts, systemClock } from "../../packages/core/src/ports";
import { addMember, at, newTenant, ok } from "../support/api";
import { download } from "../support/downloads";

afterEach(() => setPorts({ clock: systemClock }));

function rng(seed: number) {
  return () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
}

const STAGES = [
  { name: "线索", probability: 10 },
  { name: "Proposal", probability: 40 },
  { name: "Negotiation", probability: 75 },
  { name: "Won", kind: "won" },
  { name: "Lost", kind: "lost" },
];

interface Kept {
  owner: string;
  source: string | null;
  amount: number;
  createdMonth: string;
  createdAt: number;
  stage: string;
  status: "open" | "won" | "lost";
  closedMonth?: string;
  closedAt?: number;
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/** The headline figures recounted from the deals the test created, as a spreadsheet would. */
function recount(deals: Kept[], leads: Array<{ month: string }>, month: string) {
  const created = deals.filter((d) => d.createdMonth === month);
  const won = deals.filter((d) => d.status === "won" && d.closedMonth === month);
  const lost = deals.filter((d) => d.status === "lost" && d.closedMonth === month);
  const wonAmount = sum(won.map((d) => d.amount));
  return {
    leads: leads.filter((l) => l.month === month).length,
    created: created.length,
    createdAmount: sum(created.map((d) => d.amount)),
    won: won.length,
    wonAmount,
    lost: lost.length,
    lostAmount: sum(lost.map((d) => d.amount)),
    winRate: won.length + lost.length ? won.length / (won.length + lost.length) : null,
    averageDealSize: won.length ? Math.round(wonAmount / won.length) : null,
    averageCycleDays: won.length ? Math.round((sum(won.map((d) => (d.closedAt! - d.createdAt) / 1000)) / won.length / 86400) * 10) / 10 : null,
  };
}

describe("sales report", () => {
  it("equals a recount of the deals and leads created in the test: summary, comparison, owners, teams, sources, pipeline value", async () => {
    const t = await newTenant("business");
    const owner = t.owner;
    const p = await ok(owner.post("/api/pipelines", { name: "Sales", stages: STAGES }), 201);
    const stageId = (name: string) => p.stages.find((s: any) => s.name === name).stageId as string;
    const east = (await owner.post("/api/teams", { name: "华东" })).body;
    const west = (await owner.post("/api/teams", { name: "West" })).body;
    const m1 = await addMember(t, "member", [east.teamId]);
    const m2 = await addMember(t, "member", [west.teamId, east.teamId]);
    const owners = [t.userId, m1.userId, m2.userId];
    const teamsOf: Record<string, string[]> = { [t.userId]: [], [m1.userId]: [east.teamId], [m2.userId]: [west.teamId, east.teamId] };
    const SOURCES = ["web", "fair", "微信", null];

    const r = rng(42);
    const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)];
    let clock = new Date();
    const at = (iso: string) => {
      clock = new Date(iso);
      setPorts({ clock: { now: () => clock } });
    };
    const deals: Array<Kept & { dealId: string; version: number }> = [];
    for (let i = 0; i < 22; i++) {
      const month = r() < 0.35 ? "2025-04" : "2025-05";
      at(`${month}-${String(1 + Math.floor(r() * 15)).padStart(2, "0")}T02:00:00Z`);
      const stage = pick(["线索", "Proposal", "Negotiation", "Won", "Lost"]);
      const kind = stage === "Won" ? "won" : stage === "Lost" ? "lost" : "open";
      const body = { pipelineId: p.pipelineId, title: `Deal ${i}`, amount: Math.floor(r() * 500) * 100 + 99, ownerId: pick(owners), source: pick(SOURCES), stageId: stageId(stage), ...(kind === "open" ? {} : { reason: "Because" }) };
      const d = await ok(owner.post("/api/deals", body), 201);
      deals.push({ dealId: d.dealId, version: d.version, owner: body.ownerId, source: body.source, amount: body.amount, createdMonth: month, createdAt: clock.getTime(), stage, status: kind, ...(kind === "open" ? {} : { closedMonth: month, closedAt: clock.getTime() }) });
    }
    // Later in May some open deals are won or lost, one is deleted (its creation still counts as a flow).
    const open = deals.filter((d) => d.status === "open");
    for (const [i, d] of open.slice(0, 5).entries()) {
      at(`2025-05-${20 + i}T02:00:00Z`);
      const to = i % 3 === 2 ? "Lost" : "Won";
      await ok(owner.post(`/api/deals/${d.dealId}/move`, { version: d.version, stageId: stageId(to), reason: "Decided" }));
      Object.assign(d, { stage: to, status: to === "Won" ? "won" : "lost", closedMonth: "2025-05", closedAt: clock.getTime(), version: d.version + 1 });
    }
    const gone = deals.find((d) => d.status !== "open")!;
    await ok(owner.del(`/api/deals/${gone.dealId}`), 204);
    const kept = deals.filter((d) => d !== gone);
    const flows = deals; // created counts include the deleted deal
    const counted = (month: string) => ({ ...recount(kept, [], month), created: recount(flows, [], month).created, createdAmount: recount(flows, [], month).createdAmount });

    const leads: Array<{ month: string; source: string | null }> = [];
    for (let i = 0; i < 7; i++) {
      const month = i < 2 ? "2025-04" : "2025-05";
      at(`${month}-1${i}T02:00:00Z`);
      const source = pick(SOURCES);
      await ok(owner.post("/api/leads", { name: `Lead ${i}`, ownerId: pick(owners), source }), 201);
      leads.push({ month, source });
    }

    const report = await ok(owner.get(`/api/reports/sales?pipelineId=${p.pipelineId}&from=2025-05&to=2025-05`));
    const may = { ...counted("2025-05"), leads: leads.filter((l) => l.month === "2025-05").length };
    const april = { ...counted("2025-04"), leads: leads.filter((l) => l.month === "2025-04").length };
    expect(report.summary).toEqual(may);
    expect(report.previous).toEqual({ from: "2025-04", to: "2025-04", summary: april });
    for (const c of report.comparison) {
      const [now, before] = [(may as any)[c.metric], (april as any)[c.metric]];
      expect(c).toMatchObject({ current: now, previous: before, change: now === null || before === null ? null : now - before });
    }

    const closedMay = kept.filter((d) => d.closedMonth === "2025-05");
    const ownerRows = owners
      .map((o) => ({ ownerId: o, won: closedMay.filter((d) => d.owner === o && d.status === "won").length, wonAmount: sum(closedMay.filter((d) => d.owner === o && d.status === "won").map((d) => d.amount)), lost: closedMay.filter((d) => d.owner === o && d.status === "lost").length }))
      .filter((x) => x.won || x.lost);
    expect(report.byOwner.map((o: any) => ({ ownerId: o.ownerId, won: o.won, wonAmount: o.wonAmount, lost: o.lost })).sort((a: any, b: any) => a.ownerId.localeCompare(b.ownerId)))
      .toEqual(ownerRows.sort((a, b) => a.ownerId.localeCompare(b.ownerId)));
    for (const team of [east, west]) {
      const mine = ownerRows.filter((o) => teamsOf[o.ownerId].includes(team.teamId));
      const row = report.byTeam.find((x: any) => x.teamId === team.teamId);
      if (!mine.length) expect(row).toBeUndefined();
      else expect(row).toMatchObject({ name: team.name, won: sum(mine.map((o) => o.won)), wonAmount: sum(mine.map((o) => o.wonAmount)), lost: sum(mine.map((o) => o.lost)) });
    }
    for (const source of SOURCES) {
      const row = report.bySource.find((x: any) => x.source === source);
      const expected = {
        leads: leads.filter((l) => l.month === "2025-05" && l.source === source).length,
        created: flows.filter((d) => d.createdMonth === "2025-05" && d.source === source).length,
        won: closedMay.filter((d) => d.source === source && d.status === "won").length,
        wonAmount: sum(closedMay.filter((d) => d.source === source && d.status === "won").map((d) => d.amount)),
        lost: closedMay.filter((d) => d.source === source && d.status === "lost").length,
      };
      if (!expected.leads && !expected.created && !expected.won && !expected.lost) expect(row).toBeUndefined();
      else expect(row).toMatchObject(expected);
    }
    for (const s of STAGES) {
      const inStage = kept.filter((d) => d.stage === s.name);
      const amount = sum(inStage.map((d) => d.amount));
      const row = report.pipelineValue.stages.find((x: any) => x.name === s.name);
      expect(row).toMatchObject({ count: inStage.length, amount, weighted: Math.round((amount * (s.kind === "won" ? 100 : s.kind === "lost" ? 0 : s.probability!)) / 100) });
    }
    const openNow = kept.filter((d) => d.status === "open");
    expect(report.pipelineValue.open).toMatchObject({ count: openNow.length, amount: sum(openNow.map((d) => d.amount)) });
    const two = await ok(owner.get(`/api/reports/sales?pipelineId=${p.pipelineId}&from=2025-04&to=2025-05`));
    expect(two.months.map((m: any) => [m.month, m.leads, m.won, m.wonAmount])).toEqual([
      ["2025-04", april.leads, april.won, april.wonAmount],
      ["2025-05", may.leads, may.won, may.wonAmount],
    ]);
    expect(two.summary.leads).toBe(leads.length);

    // The CSV carries the same figures: a byte-order mark, then blocks in the workspace language (zh-CN).
    const csv = await download(owner, `/api/reports/sales.csv?pipelineId=${p.pipelineId}&from=2025-05&to=2025-05`);
    expect(csv.status).toBe(200);
    expect(csv.type).toMatch(/^text\/csv; charset=utf-8/);
    expect([...csv.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = csv.bytes.subarray(3).toString("utf8").split("\r\n");
    expect(lines[0]).toBe("概览: Sales (CNY) 2025-05…2025-05 / 2025-04…2025-04");
    expect(lines[1]).toBe("指标,本期,上期,变化,变化 %");
    expect(lines).toContain(`赢单金额,${may.wonAmount / 100},${april.wonAmount / 100},${(may.wonAmount - april.wonAmount) / 100},${april.wonAmount ? Math.round(((may.wonAmount - april.wonAmount) / april.wonAmount) * 1000) / 10 : ""}`);
    expect(lines).toContain("销售漏斗");
    const wonRow = report.pipelineValue.stages.find((x: any) => x.name === "Won");
    expect(lines).toContain(`Won,100,${wonRow.count},${wonRow.amount / 100},${wonRow.amount / 100}`);
    // Chinese stage names are plain cells.
    expect(lines.some((l) => l.startsWith("线索,"))).toBe(true);
    const en = await download(owner, `/api/reports/sales.csv?pipelineId=${p.pipelineId}&from=2025-05&to=2025-05&lang=en`);
    expect(en.bytes.subarray(3).toString("utf8").split("\r\n")[1]).toBe("Metric,This period,Previous period,Change,Change %");

    expect((await download(m1.client, `/api/reports/sales.csv?pipelineId=${p.pipelineId}`)).status).toBe(403);
    expect((await download(owner, `/api/reports/sales.csv?from=2025-13`)).status).toBe(400);
    expect((await download(owner, `/api/reports/sales.csv?lang=fr`)).status).toBe(400);
  }, 240_000);
});
