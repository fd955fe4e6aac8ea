process.env.WEBHOOKS_ALLOW_PRIVATE = "true";
import { createHmac } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newTenant, unique } from "../support/api";

/** A local stand-in for the three platforms' robot endpoints: records each post, answers like the platform. */
interface Received { path: string; query: URLSearchParams; body: any }
let server: Server;
let base = "";
const received: Received[] = [];
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
