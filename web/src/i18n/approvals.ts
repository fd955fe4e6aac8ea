/** Strings of approvals: `en` defines the keys, `zhCN` must translate each (spread into en.ts and zh-cn.ts). */
export const en = {
  "feature.approvals": "Approvals",
  "approvals.title": "Approvals",
  "nav.approvals": "Approvals",
};

export const zhCN: Record<keyof typeof en, string> = {
  "feature.approvals": "审批",
  "approvals.title": "审批",
  "nav.approvals": "审批",
};
