/** Strings of the fields area: `en` defines the keys, `zhCN` must translate each (spread into en.ts and zh-cn.ts). */
export const en = {
  "settings.fields": "Custom fields",
} as const;

export const zhCN: Record<keyof typeof en, string> = {
  "settings.fields": "自定义字段",
};
