import { createHmac } from "node:crypto";

export * as RobotFormat from "./robot-format";

/**
 * Messages for the group robots of 企业微信 (WeCom), 钉钉 (DingTalk) and 飞书 (Feishu/Lark), each in the
 * platform's own format, with a link back to the record. Pure: the delivery path posts what these return.
 */
export type Platform = "wecom" | "dingtalk" | "feishu";

export interface Alert {
  title: string;
  /** Lines of plain text (no markup: it is escaped per platform). */
  lines: string[];
  link: { text: string; url: string };
}

/** Markdown special characters escaped, so a customer called `*VIP*` does not turn bold. */
function md(text: string) {
  return text.replace(/([\\`*_[\]<>#])/g, "\\$1");
}

/** The JSON body for the platform. */
export function body(platform: Platform, alert: Alert, signed?: { timestamp: number; sign: string }): Record<string, unknown> {
  if (platform === "wecom") {
    // WeCom markdown: `[text](url)` links; 4,096 bytes at most.
    const content = [`**${md(alert.title)}**`, ...alert.lines.map((l) => `> ${md(l)}`), `[${md(alert.link.text)}](${alert.link.url})`].join("\n");
    return { msgtype: "markdown", markdown: { content: truncateBytes(content, 4096) } };
  }
  if (platform === "dingtalk") {
    const text = [`### ${md(alert.title)}`, ...alert.lines.map((l) => `- ${md(l)}`), "", `[${md(alert.link.text)}](${alert.link.url})`].join("\n");
    return { msgtype: "markdown", markdown: { title: alert.title.slice(0, 64), text: truncateBytes(text, 18000) } };
  }
  const card = {
    msg_type: "post",
    content: {
      post: {
        zh_cn: {
          title: alert.title,
          content: [...alert.lines.map((l) => [{ tag: "text", text: l }]), [{ tag: "a", text: alert.link.text, href: alert.link.url }]],
        },
      },
    },
  };
  return signed ? { timestamp: String(signed.timestamp), sign: signed.sign, ...card } : card;
}

/**
 * 钉钉's signed-request option: HMAC-SHA256 keyed by the secret over `timestamp + "\n" + secret`, base64, then
 * URL-encoded into the `timestamp` and `sign` query parameters (timestamp in milliseconds).
 */
export function dingtalkUrl(webhookUrl: string, secret: string | null | undefined, timestampMs: number): string {
  if (!secret) return webhookUrl;
  const sign = createHmac("sha256", secret).update(`${timestampMs}\n${secret}`).digest("base64");
  const url = new URL(webhookUrl);
  url.searchParams.set("timestamp", String(timestampMs));
  url.searchParams.set("sign", sign);
  return url.toString();
}

/** 飞书's signature option: HMAC-SHA256 keyed by `timestamp + "\n" + secret` over an empty message, base64 (seconds). */
export function feishuSign(secret: string, timestampSeconds: number): string {
  return createHmac("sha256", `${timestampSeconds}\n${secret}`).update("").digest("base64");
}

/** Whether the response body says the robot accepted the message (each platform answers 200 with its own code). */
export function accepted(platform: Platform, status: number, responseBody: unknown): boolean {
  if (status < 200 || status >= 300) return false;
  const b = (responseBody ?? {}) as { errcode?: number; code?: number; StatusCode?: number };
  if (platform === "feishu") return (b.code ?? b.StatusCode ?? 0) === 0;
  return (b.errcode ?? 0) === 0;
}

function truncateBytes(text: string, max: number) {
  if (Buffer.byteLength(text) <= max) return text;
  let out = text;
  while (Buffer.byteLength(out) > max - 3) out = out.slice(0, -1);
  return `${out}...`;
}
