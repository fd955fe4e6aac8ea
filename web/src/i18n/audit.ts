/** Strings of the audit log page: `en` defines the keys, `zhCN` must translate each (spread into en.ts and zh-cn.ts). */
export const en = {
  "settings.audit": "Audit log",
  "audit.intro": "Every change, sign-in and export in this workspace: who, when, from where, and what changed. Entries cannot be edited or deleted; they are kept for {days} days on your plan.",
  "audit.filterUser": "Person", "audit.anyone": "Anyone", "audit.filterAction": "Action starts with",
  "audit.filterRecord": "Record id", "audit.from": "From", "audit.to": "To",
  "audit.export": "Export CSV", "audit.empty": "No entries match these filters.",
  "audit.when": "When", "audit.who": "Who", "audit.action": "Action", "audit.record": "Record", "audit.changes": "Changes", "audit.ip": "Address",
  "audit.actor.public": "Anonymous", "audit.actor.system": "System ({id})", "audit.actor.key": "API key {id}",
  "audit.noChanges": "—", "audit.change": "{field}: {from} → {to}",
} as const;

export const zhCN: Record<keyof typeof en, string> = {
  "settings.audit": "审计日志",
  "audit.intro": "本工作区的每一次修改、登录和导出：谁、何时、从哪里、改了什么。日志不可编辑或删除；按您的套餐保留 {days} 天。",
  "audit.filterUser": "人员", "audit.anyone": "所有人", "audit.filterAction": "操作前缀",
  "audit.filterRecord": "记录 ID", "audit.from": "开始日期", "audit.to": "结束日期",
  "audit.export": "导出 CSV", "audit.empty": "没有符合条件的日志。",
  "audit.when": "时间", "audit.who": "操作人", "audit.action": "操作", "audit.record": "记录", "audit.changes": "变更", "audit.ip": "地址",
  "audit.actor.public": "匿名", "audit.actor.system": "系统（{id}）", "audit.actor.key": "API 密钥 {id}",
  "audit.noChanges": "—", "audit.change": "{field}：{from} → {to}",
};
