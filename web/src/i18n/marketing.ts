/** Strings of marketing campaigns: `en` defines the keys, `zhCN` must translate each (spread into en.ts and zh-cn.ts). */
export const en = {
  "feature.marketing": "Marketing campaigns",
  "marketing.title": "Marketing campaigns",
  "nav.marketing": "Marketing campaigns",
};

export const zhCN: Record<keyof typeof en, string> = {
  "feature.marketing": "市场活动",
  "marketing.title": "市场活动",
  "nav.marketing": "市场活动",
};
