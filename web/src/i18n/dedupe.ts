/** Strings of the dedupe area: `en` defines the keys, `zhCN` must translate each (spread into en.ts and zh-cn.ts). */
export const en = {
  "nav.duplicates": "Duplicates",
} as const;

export const zhCN: Record<keyof typeof en, string> = {
  "nav.duplicates": "重复记录",
};
