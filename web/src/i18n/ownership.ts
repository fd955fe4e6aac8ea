/** Strings of the ownership area: `en` defines the keys, `zhCN` must translate each (spread into en.ts and zh-cn.ts). */
export const en = {
  "settings.data": "Data export and deletion",
} as const;

export const zhCN: Record<keyof typeof en, string> = {
  "settings.data": "数据导出与删除",
};
