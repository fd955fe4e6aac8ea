import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { RobotFormat } from "./robot-format";

const alert = { title: "商机赢单：*VIP* 年度合同", lines: ["金额 ¥120,000", "负责人 张伟"], link: { text: "查看商机", url: "https://crm.example.com/deals/d1" } };

describe("RobotFormat", () => {
  it("writes each platform's own JSON shape with a link back", () => {
    const wecom = RobotFormat.body("wecom", alert) as { msgtype: string; markdown: { content: string } };
    expect(wecom.msgtype).toBe("markdown");
    expect(wecom.markdown.content).toContain("\\*VIP\\*");
    expect(wecom.markdown.content).toContain("(https://crm.example.com/deals/d1)");
    const ding = RobotFormat.body("dingtalk", alert) as { msgtype: string; markdown: { title: string; text: string } };
    expect(ding.msgtype).toBe("markdown");
    expect(ding.markdown.title).toBe(alert.title);
    expect(ding.markdown.text).toContain("[查看商机](https://crm.example.com/deals/d1)");
    const feishu = RobotFormat.body("feishu", alert, { timestamp: 1700000000, sign: "s" }) as any;
    expect(feishu.msg_type).toBe("post");
    expect(feishu.timestamp).toBe("1700000000");
    expect(feishu.content.post.zh_cn.content.at(-1)).toEqual([{ tag: "a", text: "查看商机", href: "https://crm.example.com/deals/d1" }]);
  });

  it("signs 钉钉 URLs by the documented recipe", () => {
    const url = new URL(RobotFormat.dingtalkUrl("https://oapi.dingtalk.com/robot/send?access_token=abc", "SECxyz", 1700000000123));
    expect(url.searchParams.get("access_token")).toBe("abc");
    expect(url.searchParams.get("timestamp")).toBe("1700000000123");
    const expected = createHmac("sha256", "SECxyz").update("1700000000123\nSECxyz").digest("base64");
    expect(url.searchParams.get("sign")).toBe(expected);
    expect(RobotFormat.dingtalkUrl("https://oapi.dingtalk.com/robot/send?access_token=abc", null, 1)).toBe("https://oapi.dingtalk.com/robot/send?access_token=abc");
  });

  it("keeps WeCom messages within its 4,096-byte limit", () => {
    const long = RobotFormat.body("wecom", { ...alert, lines: Array.from({ length: 400 }, () => "很长的一行说明文字") }) as { markdown: { content: string } };
    expect(Buffer.byteLength(long.markdown.content)).toBeLessThanOrEqual(4096);
  });

  it("reads each platform's acceptance code", () => {
    expect(RobotFormat.accepted("wecom", 200, { errcode: 0, errmsg: "ok" })).toBe(true);
    expect(RobotFormat.accepted("dingtalk", 200, { errcode: 310000, errmsg: "sign not match" })).toBe(false);
    expect(RobotFormat.accepted("feishu", 200, { code: 19021, msg: "sign match fail" })).toBe(false);
    expect(RobotFormat.accepted("feishu", 200, { StatusCode: 0 })).toBe(true);
    expect(RobotFormat.accepted("wecom", 500, {})).toBe(false);
  });
});
