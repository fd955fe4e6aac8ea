/** Strings of the efficiency area: `en` defines the keys, `zhCN` must translate each (spread into en.ts and zh-cn.ts). */
export const en = {
  "reports.efficiency": "Work efficiency",
} as const;

export const zhCN: Record<keyof typeof en, string> = {
  "reports.efficiency": "工作效率",
};
