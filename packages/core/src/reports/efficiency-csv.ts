import { ReportCsv } from "../sales/report-csv";
import type { EfficiencyReport } from "./efficiency";

export * as EfficiencyCsv from "./efficiency-csv";

const L = {
  en: {
    title: "Work efficiency", member: "Member", total: "Total", calls: "Calls", meetings: "Meetings", visits: "Visits", emails: "Emails",
    activities: "Activities", touched: "Deals touched", moved: "Deals moved", stageChanges: "Stage changes", tickets: "Tickets handled",
    frCount: "First responses", frMedian: "First response median (min)", frP90: "First response p90 (min)", tasksDone: "Tasks done", tasksOverdue: "Tasks overdue",
  },
  "zh-CN": {
    title: "工作效率", member: "成员", total: "合计", calls: "电话", meetings: "会议", visits: "拜访", emails: "邮件",
    activities: "活动合计", touched: "跟进商机", moved: "推进商机", stageChanges: "阶段变更", tickets: "处理工单",
    frCount: "首次响应数", frMedian: "首次响应中位数（分钟）", frP90: "首次响应 P90（分钟）", tasksDone: "完成任务", tasksOverdue: "逾期任务",
  },
} as const;

type Figures = EfficiencyReport["totals"];

function cells(f: Figures): unknown[] {
  return [
    f.activities.call, f.activities.meeting, f.activities.visit, f.activities.email, f.activities.total,
    f.dealsTouched, f.dealsMoved, f.stageChanges, f.ticketsHandled,
    f.firstResponse.count, f.firstResponse.medianMinutes ?? "", f.firstResponse.p90Minutes ?? "", f.tasksDone, f.tasksOverdue,
  ];
}

/** One row per member and a totals row, as CSV text with a byte-order mark (Excel reads Chinese right). */
export function toText(r: EfficiencyReport, lang: ReportCsv.Lang): string {
  const t = L[lang];
  return ReportCsv.toCsv([
    {
      title: `${t.title} ${r.from}…${r.to} (${r.timeZone})`,
      header: [t.member, t.calls, t.meetings, t.visits, t.emails, t.activities, t.touched, t.moved, t.stageChanges, t.tickets, t.frCount, t.frMedian, t.frP90, t.tasksDone, t.tasksOverdue],
      rows: [...r.rows.map((row) => [row.name, ...cells(row)]), [t.total, ...cells(r.totals)]],
    },
  ]);
}
