/** Strings of contracts (合同) and collections (回款): `en` defines the keys, `zhCN` must translate each (spread into en.ts and zh-cn.ts). */
export const en = {
  "feature.contracts": "Contracts and collections",
  "contracts.title": "Contracts", "contracts.new": "New contract", "contracts.empty": "No contracts yet.",
  "contracts.number": "Number", "contracts.name": "Title", "contracts.amount": "Amount", "contracts.collected": "Collected",
  "contracts.outstanding": "Outstanding", "contracts.overdue": "Overdue", "contracts.status": "Status", "contracts.endDate": "Ends on",
  "contracts.plan": "Payment plan", "contracts.addInstalment": "Add instalment", "contracts.dueDate": "Due", "contracts.paid": "Paid",
  "contracts.payments": "Payments received", "contracts.record": "Record payment", "contracts.earliestOpen": "Earliest open instalments",
  "contracts.overdueAmount": "{amount} overdue", "contracts.backToCustomer": "Customer",
  "contracts.status.draft": "Draft", "contracts.status.active": "Active", "contracts.status.ended": "Ended", "contracts.status.terminated": "Terminated",
  "contracts.instalment.paid": "Paid", "contracts.instalment.partial": "Partly paid", "contracts.instalment.unpaid": "Not yet due", "contracts.instalment.overdue": "Overdue",
  "error.contract.plan_total": "The instalments must add up to the contract amount.",
  "error.contract.has_payments": "A contract with payments cannot be deleted; terminate it instead.",
  "reports.receivables": "Receivables", "receivables.by.owner": "By owner", "receivables.by.company": "By customer", "receivables.by.month": "By month",
  "receivables.csv": "Download CSV", "receivables.chart": "Collected, due and overdue amounts", "receivables.planned": "Planned", "receivables.collected": "Collected",
  "receivables.due": "Not yet due", "receivables.outstanding": "Outstanding", "receivables.overdue": "Overdue", "receivables.total": "Total", "receivables.empty": "No payment plans yet.",
} as const;

export const zhCN: Record<keyof typeof en, string> = {
  "feature.contracts": "合同与回款",
  "contracts.title": "合同", "contracts.new": "新建合同", "contracts.empty": "暂无合同。",
  "contracts.number": "合同编号", "contracts.name": "合同名称", "contracts.amount": "金额", "contracts.collected": "已回款",
  "contracts.outstanding": "未回款", "contracts.overdue": "逾期", "contracts.status": "状态", "contracts.endDate": "到期日",
  "contracts.plan": "回款计划", "contracts.addInstalment": "添加回款期", "contracts.dueDate": "计划日期", "contracts.paid": "已回",
  "contracts.payments": "回款记录", "contracts.record": "登记回款", "contracts.earliestOpen": "按计划顺序冲抵",
  "contracts.overdueAmount": "逾期 {amount}", "contracts.backToCustomer": "客户",
  "contracts.status.draft": "草稿", "contracts.status.active": "执行中", "contracts.status.ended": "已到期", "contracts.status.terminated": "已终止",
  "contracts.instalment.paid": "已回款", "contracts.instalment.partial": "部分回款", "contracts.instalment.unpaid": "未到期", "contracts.instalment.overdue": "已逾期",
  "error.contract.plan_total": "回款计划合计必须等于合同金额。",
  "error.contract.has_payments": "已有回款的合同不能删除，请改为终止。",
  "reports.receivables": "回款统计", "receivables.by.owner": "按负责人", "receivables.by.company": "按客户", "receivables.by.month": "按月份",
  "receivables.csv": "下载 CSV", "receivables.chart": "已回款、未到期和逾期金额", "receivables.planned": "计划回款", "receivables.collected": "已回款",
  "receivables.due": "未到期", "receivables.outstanding": "未回款", "receivables.overdue": "逾期", "receivables.total": "合计", "receivables.empty": "暂无回款计划。",
};
