/** Strings of the imports area: `en` defines the keys, `zhCN` must translate each (spread into en.ts and zh-cn.ts). */
export const en = {
  "nav.import": "Import",
} as const;

export const zhCN: Record<keyof typeof en, string> = {
  "nav.import": "导入",
};
