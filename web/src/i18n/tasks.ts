/** Strings of tasks and logged activities: `en` defines the keys, `zhCN` must translate each. */
export const en = {
  "nav.tasks": "Tasks",
  "tasks.title": "My tasks", "tasks.titleOf": "Tasks of {name}", "tasks.forRecord": "Tasks",
  "tasks.open": "To do", "tasks.done": "Done", "tasks.assignee": "Assignee", "tasks.me": "Me",
  "tasks.new": "New task", "tasks.what": "What needs doing", "tasks.due": "Due", "tasks.remind": "Remind me",
  "tasks.remindNone": "At the due time", "tasks.remind15": "15 minutes before", "tasks.remind60": "1 hour before", "tasks.remind1440": "1 day before",
  "tasks.add": "Add task", "tasks.empty": "Nothing to do here.", "tasks.emptyDone": "No finished tasks yet.",
  "tasks.overdue": "Overdue", "tasks.dueAt": "Due {when}", "tasks.complete": "Mark “{title}” done", "tasks.reopen": "Reopen “{title}”",
  "tasks.about": "About", "tasks.deleteQuestion": "Delete this task?",
  "tasks.record.contact": "Contact", "tasks.record.company": "Company", "tasks.record.ticket": "Ticket", "tasks.record.deal": "Deal", "tasks.record.lead": "Lead",
  "activities.log": "Log an activity", "activities.kind": "Kind",
  "activityKind.call": "Call", "activityKind.meeting": "Meeting", "activityKind.visit": "Visit", "activityKind.email": "Email",
  "activities.outcome": "Outcome", "activities.duration": "Minutes", "activities.when": "When", "activities.notes": "Notes",
  "activities.save": "Log it", "activities.logged": "Logged.",
  "timeline.activity.logged": "Activity",
} as const;

export const zhCN: Record<keyof typeof en, string> = {
  "nav.tasks": "任务",
  "tasks.title": "我的任务", "tasks.titleOf": "{name} 的任务", "tasks.forRecord": "任务",
  "tasks.open": "待办", "tasks.done": "已完成", "tasks.assignee": "负责人", "tasks.me": "我",
  "tasks.new": "新建任务", "tasks.what": "要做什么", "tasks.due": "截止时间", "tasks.remind": "提醒",
  "tasks.remindNone": "到期时", "tasks.remind15": "提前 15 分钟", "tasks.remind60": "提前 1 小时", "tasks.remind1440": "提前 1 天",
  "tasks.add": "添加任务", "tasks.empty": "这里没有待办事项。", "tasks.emptyDone": "还没有已完成的任务。",
  "tasks.overdue": "已逾期", "tasks.dueAt": "{when} 截止", "tasks.complete": "将“{title}”标记为完成", "tasks.reopen": "重新打开“{title}”",
  "tasks.about": "关联", "tasks.deleteQuestion": "删除此任务？",
  "tasks.record.contact": "联系人", "tasks.record.company": "公司", "tasks.record.ticket": "工单", "tasks.record.deal": "商机", "tasks.record.lead": "线索",
  "activities.log": "记录跟进", "activities.kind": "方式",
  "activityKind.call": "电话", "activityKind.meeting": "会议", "activityKind.visit": "拜访", "activityKind.email": "邮件",
  "activities.outcome": "结果", "activities.duration": "分钟", "activities.when": "时间", "activities.notes": "备注",
  "activities.save": "记录", "activities.logged": "已记录。",
  "timeline.activity.logged": "跟进记录",
};
