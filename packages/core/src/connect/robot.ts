import { z } from "zod";
import { assertScope, isAdmin, useActor, useTenant, withActor } from "../actor";
import { Config } from "../config";
import { RobotDeliveryEntity, RobotEntity, type RobotItem } from "../db/robot";
import { ConflictError, DomainError, ForbiddenError, NotFoundError } from "../errors";
import { newId } from "../id";
import { type DomainEvent, now } from "../ports";
import { epochSeconds } from "../table";
import { Tenant } from "../tenant";
import { Tx } from "../tx";
import { Name, parse } from "../validation";
import { RobotFormat } from "./robot-format";
import { RobotDelivery } from "./robot-delivery";
import { WebhookGuard } from "./webhook-guard";
import { WebhookHttp } from "./webhook-http";

export * as Robot from "./robot";

/**
 * Alerts to the team's chat: group robots of 企业微信, 钉钉 and 飞书, each posted in its platform's own format with
 * a link back to the record. Targets pass the same address rules as webhooks (no private or loopback hosts
 * unless the install allows them), and every post is logged with the platform's answer.
 */
export const EVENT_TYPES = ["deal.won", "customer.churn_risk", "ticket.sla_breached", "pool.recycle_warning", "contract.instalment_overdue", "lead.assigned", "approval.requested"] as const;
const MAX_ROBOTS = 20;
const KEEP_DAYS = 30;

const HOSTS: Record<RobotFormat.Platform, RegExp> = {
  wecom: /^qyapi\.weixin\.qq\.com$/,
  dingtalk: /^oapi\.dingtalk\.com$/,
  feishu: /^open\.(feishu\.cn|larksuite\.com)$/,
};

export const RobotInput = z.strictObject({
  platform: z.enum(["wecom", "dingtalk", "feishu"]),
  name: Name,
  url: z.string().trim().min(1).max(2000),
  secret: z.string().trim().min(1).max(200).optional(),
  events: z.array(z.enum(EVENT_TYPES)).min(1).max(EVENT_TYPES.length),
  active: z.boolean().default(true),
});
export const RobotPatch = z.strictObject({
  version: z.number().int().positive(),
  name: Name.optional(),
  url: z.string().trim().min(1).max(2000).optional(),
  secret: z.string().trim().max(200).nullable().optional(),
  events: z.array(z.enum(EVENT_TYPES)).min(1).max(EVENT_TYPES.length).optional(),
  active: z.boolean().optional(),
});

function present(r: RobotItem) {
  return {
    robotId: r.robotId, platform: r.platform, name: r.name, url: r.url.replace(/((?:key|access_token)=)[^&]{4,}/, "$1…"), signed: !!r.secret,
    events: r.events, active: r.active, version: r.version, createdAt: r.createdAt, updatedAt: r.updatedAt,
  };
}
export type Robot = ReturnType<typeof present>;

function requireAdmin() {
  if (!isAdmin(useActor())) throw new ForbiddenError("Only admins connect chat robots.", "forbidden.role");
}

/** The platform's own host, unless a self-hosted install allows private targets (tests, intranet relays). */
async function checkUrl(platform: RobotFormat.Platform, raw: string): Promise<string> {
  const url = await WebhookGuard.check(raw);
  if (!WebhookGuard.allowPrivate() && !HOSTS[platform].test(url.hostname)) {
    throw new DomainError("validation", "Paste the robot's webhook address from the group's settings.", 400, { url: `Not a ${platform} robot address.` });
  }
  return url.toString();
}

async function load(robotId: string): Promise<RobotItem> {
  const { data } = await RobotEntity.get({ tenantId: useTenant(), robotId }).go();
  if (!data) throw new NotFoundError("robot");
  return data;
}

export async function list() {
  assertScope("settings:read");
  const { data } = await RobotEntity.query.primary({ tenantId: useTenant() }).go({ pages: "all" });
  return { items: data.map(present), events: [...EVENT_TYPES] };
}

export async function create(raw: unknown): Promise<Robot> {
  assertScope("settings:write");
  requireAdmin();
  const input = parse(RobotInput, raw);
  const tenantId = useTenant();
  const { data } = await RobotEntity.query.primary({ tenantId }).go({ pages: "all" });
  if (data.length >= MAX_ROBOTS) throw new DomainError("limit.robots", `A workspace connects at most ${MAX_ROBOTS} robots.`, 409);
  const at = now().toISOString();
  const item = { tenantId, robotId: newId(), ...input, url: await checkUrl(input.platform, input.url), version: 1, createdAt: at, updatedAt: at } as RobotItem;
  await new Tx(tenantId).add(() => RobotEntity.create(item)).audit({ action: "robot.created", recordType: "robot", recordId: item.robotId, after: present(item) }).run();
  return present(item);
}

export async function update(robotId: string, raw: unknown): Promise<Robot> {
  assertScope("settings:write");
  requireAdmin();
  const input = parse(RobotPatch, raw);
  const before = await load(robotId);
  const { version, secret, ...changes } = input;
  const after = { ...before, ...Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)), version: before.version + 1, updatedAt: now().toISOString() } as RobotItem;
  if (changes.url) after.url = await checkUrl(before.platform, changes.url);
  if (secret === null) delete after.secret;
  else if (secret !== undefined) after.secret = secret;
  await new Tx(useTenant())
    .add(() => RobotEntity.put(after).where((a, op) => op.eq(a.version, version)), () => new ConflictError())
    .audit({ action: "robot.updated", recordType: "robot", recordId: robotId, before: present(before), after: present(after) })
    .run();
  return present(after);
}

export async function remove(robotId: string): Promise<void> {
  assertScope("settings:write");
  requireAdmin();
  const before = await load(robotId);
  await new Tx(useTenant())
    .add(() => RobotEntity.delete({ tenantId: before.tenantId, robotId }).where((a, op) => op.eq(a.version, before.version)), () => new ConflictError())
    .audit({ action: "robot.deleted", recordType: "robot", recordId: robotId, before: present(before) })
    .run();
}

export async function deliveries(robotId: string) {
  assertScope("settings:read");
  await load(robotId);
  const { data } = await RobotDeliveryEntity.query.primary({ tenantId: useTenant(), robotId }).go({ order: "desc", count: 50 });
  return {
    items: data.map((d) => ({
      deliveryId: d.deliveryId, eventType: d.eventType, ok: d.ok, status: d.status ?? null, latencyMs: d.latencyMs, response: d.response ?? "", error: d.error ?? null, at: d.at,
      state: d.state ?? (d.ok ? "succeeded" : "failed"), attempts: d.attempts ?? 1, nextAttemptAt: d.nextAttemptAt ?? null,
      log: ((d.log as Array<{ attempt: number; at: string; status: number | null; latencyMs: number; error: string | null }> | undefined) ?? []).map(({ attempt, at, status, latencyMs, error }) => ({ attempt, at, status, latencyMs, error })),
    })),
  };
}

/** Posts a sample message, so the admin sees it arrive in the group. */
export async function test(robotId: string) {
  assertScope("settings:write");
  requireAdmin();
  const robot = await load(robotId);
  const zh = (await Tenant.settings()).locale !== "en";
  const alert: RobotFormat.Alert = {
    title: zh ? "CRM 机器人连接成功" : "CRM robot connected",
    lines: [zh ? `此群将收到：${robot.events.join("、")}` : `This group gets: ${robot.events.join(", ")}`],
    link: { text: zh ? "打开 CRM" : "Open the CRM", url: Config.appUrl() },
  };
  return post(robot, { id: `test-${newId()}`, type: "robot.test" }, alert);
}

// ---- delivery ---------------------------------------------------------------------------------------------------

type Data = Record<string, unknown>;

/** The message for an event, in the workspace's language; undefined for events robots do not carry. */
export function alertFor(event: DomainEvent, zh: boolean, appUrl: string): RobotFormat.Alert | undefined {
  const d = event.data as Data;
  const money = (minor: unknown, currency: unknown) => (typeof minor === "number" ? `${(minor / 100).toLocaleString(zh ? "zh-CN" : "en", { maximumFractionDigits: 2 })} ${currency ?? ""}`.trim() : "");
  switch (event.type) {
    case "deal.won": {
      const deal = ((d.deal as Data | undefined) ?? d) as Data;
      return { title: zh ? `赢单：${deal.title}` : `Deal won: ${deal.title}`, lines: [money(deal.amount, deal.currency)].filter(Boolean), link: { text: zh ? "查看商机" : "Open the deal", url: `${appUrl}/deals/${deal.dealId}` } };
    }
    case "customer.churn_risk": {
      const path = d.recordType === "contact" ? "contacts" : "companies";
      return { title: zh ? `流失预警：${d.name ?? ""}` : `Churn risk: ${d.name ?? ""}`, lines: [zh ? `健康分 ${d.score}` : `Health score ${d.score}`], link: { text: zh ? "查看客户" : "Open the customer", url: `${appUrl}/${path}/${d.recordId}` } };
    }
    case "ticket.sla_breached":
      return { title: zh ? `SLA 超时：#${d.number} ${d.subject ?? ""}` : `SLA breached: #${d.number} ${d.subject ?? ""}`, lines: [String(d.metric ?? "")].filter(Boolean), link: { text: zh ? "查看工单" : "Open the ticket", url: `${appUrl}/tickets/${d.ticketId}` } };
    case "pool.recycle_warning":
      return { title: zh ? `即将回收到公海：${d.name}` : `Returning to the pool: ${d.name}`, lines: [String(d.recycleAt ?? "").slice(0, 10)], link: { text: zh ? "查看客户" : "Open the customer", url: `${appUrl}/companies/${d.companyId}` } };
    case "contract.instalment_overdue":
      return { title: zh ? `回款逾期：合同 ${d.number}` : `Payment overdue: contract ${d.number}`, lines: [zh ? `计划日期 ${d.dueDate}` : `Due ${d.dueDate}`], link: { text: zh ? "查看合同" : "Open the contract", url: `${appUrl}/contracts/${d.contractId}` } };
    case "lead.assigned":
      return { title: zh ? `新线索：${d.name ?? ""}` : `New lead: ${d.name ?? ""}`, lines: [String(d.companyName ?? "")].filter(Boolean), link: { text: zh ? "查看线索" : "Open the lead", url: `${appUrl}/leads/${d.leadId}` } };
    case "approval.requested":
      return { title: zh ? `待审批：${d.title ?? ""}` : `Approval waiting: ${d.title ?? ""}`, lines: [String(d.summary ?? "")].filter(Boolean), link: { text: zh ? "去审批" : "Open approvals", url: `${appUrl}/approvals` } };
    default:
      return undefined;
  }
}

/** Posts the event to every active robot subscribed to it (registered in registry.ts). */
export async function onEvent(event: DomainEvent): Promise<void> {
  await withActor({ type: "system", tenantId: event.tenantId, reason: "robot-alerts" }, async () => {
    const { data } = await RobotEntity.query.primary({ tenantId: event.tenantId }).go({ pages: "all" });
    const robots = data.filter((r) => r.active && r.events.includes(event.type));
    if (!robots.length) return;
    const zh = (await Tenant.settings()).locale !== "en";
    const alert = alertFor(event, zh, Config.appUrl());
    if (!alert) return;
    await Promise.all(robots.map((r) => post(r, event, alert)));
  });
}

function post(robot: RobotItem, event: { id: string; type: string }, alert: RobotFormat.Alert) {
  // Alerts from events are retried (robot-delivery.ts); the test message answers at once.
  return RobotDelivery.deliver(robot, event, alert, event.type !== "robot.test");
}
