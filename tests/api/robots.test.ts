process.env.WEBHOOKS_ALLOW_PRIVATE = "true";
import { createHmac } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RobotDelivery } from "../../packages/core/src/connect/robot-delivery";
import { newTenant, unique } from "../support/api";

/** A local stand-in for the three platforms' robot endpoints: records each post, answers like the platform. */
interface Received { path: string; query: URLSearchParams; body: any }
let server: Server;
let base = "";
const received: Received[] = [];
const hits = new Map<string, number>();
const DING_SECRET = "SEC-ding-secret";
const FEISHU_SECRET = "feishu-secret";

beforeAll(async () => {
  server = createServer((req, res) => {
    let text = "";
    req.on("data", (c) => (text += c));
    req.on("end", () => {
      const url = new URL(req.url!, "http://x");
      received.push({ path: url.pathname, query: url.searchParams, body: JSON.parse(text) });
      res.setHeader("content-type", "application/json");
      if (url.pathname.startsWith("/dingtalk")) {
        // 钉钉 checks the signature: HMAC-SHA256(secret, timestamp + "\n" + secret), base64.
        const ts = url.searchParams.get("timestamp")!;
        const expected = createHmac("sha256", DING_SECRET).update(`${ts}\n${DING_SECRET}`).digest("base64");
        const fresh = Math.abs(Date.now() - Number(ts)) < 3600_000;
        return res.end(JSON.stringify(url.searchParams.get("sign") === expected && fresh ? { errcode: 0, errmsg: "ok" } : { errcode: 310000, errmsg: "sign not match" }));
      }
      if (url.pathname.startsWith("/feishu")) return res.end(JSON.stringify({ code: 0, msg: "success" }));
      // Retries: /flaky fails twice with a 500, /busy answers 企业微信's rate-limit code once, /badkey always refuses the key.
      const tries = (hits.get(url.pathname) ?? 0) + 1;
      hits.set(url.pathname, tries);
      if (url.pathname === "/flaky" && tries <= 2) {
        res.statusCode = 500;
        return res.end("{}");
      }
      if (url.pathname === "/busy" && tries <= 1) return res.end(JSON.stringify({ errcode: 45009, errmsg: "api freq out of limit" }));
      if (url.pathname === "/badkey") return res.end(JSON.stringify({ errcode: 93000, errmsg: "invalid webhook url" }));
      res.end(JSON.stringify({ errcode: 0, errmsg: "ok" }));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((r) => server.close(r)));

describe("chat robots (企业微信, 钉钉, 飞书)", () => {
  it("posts a won deal to each platform in its own format, signed where asked, and logs the answers", async () => {
    const t = await newTenant("business");
    const robots = [
      { platform: "wecom", name: "销售群", url: `${base}/wecom?key=k1`, events: ["deal.won"] },
      { platform: "dingtalk", name: "钉钉群", url: `${base}/dingtalk?access_token=t1`, secret: DING_SECRET, events: ["deal.won"] },
      { platform: "feishu", name: "飞书群", url: `${base}/feishu/hook`, secret: FEISHU_SECRET, events: ["deal.won"] },
    ];
    const ids: string[] = [];
    for (const r of robots) {
      const res = await t.owner.post("/api/robots", r);
      expect(res.status).toBe(201);
      expect(res.body.signed).toBe(!!r.secret);
      ids.push(res.body.robotId);
    }
    const pipeline = (await t.owner.post("/api/pipelines", { name: `P ${unique()}` })).body;
    const won = pipeline.stages.find((s: { kind: string }) => s.kind === "won");
    const deal = (await t.owner.post("/api/deals", { pipelineId: pipeline.pipelineId, title: "年度大单", amount: 1250050 })).body;
    const before = received.length;
    const move = await t.owner.post(`/api/deals/${deal.dealId}/move`, { version: deal.version, stageId: won.stageId, reason: "价格合适" });
    expect(move.status).toBe(200);
    const posts = received.slice(before);
    expect(posts).toHaveLength(3);

    const wecom = posts.find((p) => p.path === "/wecom")!;
    expect(wecom.query.get("key")).toBe("k1");
    expect(wecom.body.msgtype).toBe("markdown");
    expect(wecom.body.markdown.content).toContain("赢单：年度大单");
    expect(wecom.body.markdown.content).toContain(`/deals/${deal.dealId})`);

    const ding = posts.find((p) => p.path === "/dingtalk")!;
    expect(ding.body).toMatchObject({ msgtype: "markdown", markdown: { title: "赢单：年度大单" } });
    expect(ding.body.markdown.text).toContain("12,500.5 CNY");

    const feishu = posts.find((p) => p.path === "/feishu/hook")!;
    expect(feishu.body.msg_type).toBe("post");
    expect(feishu.body.sign).toBe(createHmac("sha256", `${feishu.body.timestamp}\n${FEISHU_SECRET}`).update("").digest("base64"));
    expect(feishu.body.content.post.zh_cn.title).toBe("赢单：年度大单");

    for (const id of ids) {
      const log = await t.owner.get(`/api/robots/${id}/deliveries`);
      expect(log.body.items).toHaveLength(1);
      expect(log.body.items[0]).toMatchObject({ eventType: "deal.won", ok: true, status: 200 });
    }
  });

  it("logs a refused signature, sends a test message, and only admins connect robots to known hosts", async () => {
    const t = await newTenant("business");
    const wrong = await t.owner.post("/api/robots", { platform: "dingtalk", name: "Wrong secret", url: `${base}/dingtalk?access_token=t2-secret-token`, secret: "SEC-wrong", events: ["deal.won"] });
    const test = await t.owner.post(`/api/robots/${wrong.body.robotId}/test`);
    expect(test.status).toBe(200);
    expect(test.body.ok).toBe(false);
    expect(test.body.response).toContain("sign not match");
    const log = await t.owner.get(`/api/robots/${wrong.body.robotId}/deliveries`);
    expect(log.body.items[0]).toMatchObject({ eventType: "robot.test", ok: false });

    process.env.WEBHOOKS_ALLOW_PRIVATE = "false";
    try {
      const local = await t.owner.post("/api/robots", { platform: "wecom", name: "Local", url: `${base}/wecom?key=x`, events: ["deal.won"] });
      expect(local.status).toBe(400);
      const foreign = await t.owner.post("/api/robots", { platform: "feishu", name: "Not feishu", url: "https://8.8.8.8/hook", events: ["deal.won"] });
      expect(foreign.status).toBe(400);
      expect(foreign.body.error.fields).toHaveProperty("url");
    } finally {
      process.env.WEBHOOKS_ALLOW_PRIVATE = "true";
    }
    const listed = await t.owner.get("/api/robots");
    expect(listed.body.items[0].url).not.toContain("t2-secret-token");
  });
});

describe("robot delivery retries", () => {
  async function winDeal(t: Awaited<ReturnType<typeof newTenant>>) {
    const pipeline = (await t.owner.post("/api/pipelines", { name: `P ${unique()}` })).body;
    const won = pipeline.stages.find((s: { kind: string }) => s.kind === "won");
    const deal = (await t.owner.post("/api/deals", { pipelineId: pipeline.pipelineId, title: `Retry ${unique()}`, amount: 100 })).body;
    expect((await t.owner.post(`/api/deals/${deal.dealId}/move`, { version: deal.version, stageId: won.stageId, reason: "价格合适" })).status).toBe(200);
  }
  const inMinutes = (m: number) => new Date(Date.now() + m * 60_000);

  it("retries a receiver that fails twice with backoff, logs each attempt, and never posts again after success", async () => {
    const t = await newTenant("business");
    const robots: Record<string, string> = {};
    for (const path of ["/flaky", "/busy", "/badkey"]) {
      const res = await t.owner.post("/api/robots", { platform: "wecom", name: path, url: `${base}${path}?key=k`, events: ["deal.won"] });
      expect(res.status).toBe(201);
      robots[path] = res.body.robotId;
    }
    await winDeal(t);
    const log = async (path: string) => (await t.owner.get(`/api/robots/${robots[path]}/deliveries`)).body.items;
    expect(hits.get("/flaky")).toBe(1);
    expect((await log("/flaky"))[0]).toMatchObject({ ok: false, state: "pending", attempts: 1, status: 500 });
    expect((await log("/busy"))[0]).toMatchObject({ ok: false, state: "pending", attempts: 1 });
    // A refused key fails the same way every time: not retried.
    expect((await log("/badkey"))[0]).toMatchObject({ ok: false, state: "failed", attempts: 1, nextAttemptAt: null });

    // Not yet due: the first wait is a minute.
    await RobotDelivery.sweep(new Date(Date.now() + 10_000));
    expect(hits.get("/flaky")).toBe(1);
    await RobotDelivery.sweep(inMinutes(3));
    expect(hits.get("/flaky")).toBe(2);
    expect(hits.get("/busy")).toBe(2);
    expect((await log("/busy"))[0]).toMatchObject({ ok: true, state: "succeeded", attempts: 2 });
    const second = (await log("/flaky"))[0];
    expect(second).toMatchObject({ state: "pending", attempts: 2 });
    // The second wait is longer than the first.
    expect(Date.parse(second.nextAttemptAt) - Date.now()).toBeGreaterThan(4 * 60_000);
    await RobotDelivery.sweep(inMinutes(3));
    expect(hits.get("/flaky")).toBe(2);
    await RobotDelivery.sweep(inMinutes(10));
    expect(hits.get("/flaky")).toBe(3);
    const done = (await log("/flaky"))[0];
    expect(done).toMatchObject({ ok: true, state: "succeeded", attempts: 3, status: 200, nextAttemptAt: null });
    expect(done.log.map((a: { status: number }) => a.status)).toEqual([500, 500, 200]);

    // Sweeps long after (and overlapping ones) post nothing more.
    await Promise.all([RobotDelivery.sweep(inMinutes(60)), RobotDelivery.sweep(inMinutes(60 * 8))]);
    expect(hits.get("/flaky")).toBe(3);
    expect(hits.get("/busy")).toBe(2);
    expect(hits.get("/badkey")).toBe(1);
    expect(await log("/flaky")).toHaveLength(1);
  });
});
